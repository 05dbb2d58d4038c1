/**
 * The corpus logs the benches replicate (`../shared/corpus`, see its SOURCES.md): one real
 * Claude Code transcript and one real Codex rollout, with the session id and working
 * directory each recorded, so that a bench can give every copy its own id and path.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout's root. */
export const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared corpus beside the checkout. */
export const CORPUS = resolve(PROJECT, '..', 'shared', 'corpus');

/** A Claude Code transcript (chiphuyen/sniffly): its path, session id and recorded cwd. */
export const CLAUDE = {
  path: join(CORPUS, 'claude-code', 'chiphuyen__sniffly', '-Users-chip-dev-ai-music', 'd3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl'),
  id: 'd3ad4cdc-5657-435d-98fa-0035d53e383d',
  cwd: '/Users/chip/dev/ai-music',
};

/** A Codex rollout (Hoper-J/cpolar-connect): its path, session id and recorded cwd. */
export const CODEX = {
  path: join(CORPUS, 'codex', 'Hoper-J__cpolar-connect', 'sessions', '2025', '09', '16', 'rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl'),
  id: '9cd28a74-da7e-4458-a91a-fffec2be9d7a',
  cwd: '/Users/home/Downloads/CpolarAutoUpdater',
};

/**
 * The accuracy table of issue 14: runs the undo and redo acceptance tests
 * (test/undo-redo.test.ts, test/undo-redo-more.test.ts) over every replayed corpus session
 * (`UNDO_ALL=1`), collects each test process's counts (`UNDO_SCORES_DIR`) and prints `ai`
 * recall and precision, `human` recall and `ai-modified` recall per move and over all moves,
 * as a markdown table. Needs ../shared/corpus and a built dist/. Run: `npm run build &&
 * TS_NODE_TRANSPILE_ONLY=1 node --import=@tapjs/typescript/import scripts/undo-accuracy.ts`
 * (many minutes: every move replays every session).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HAS_CORPUS, PROJECT } from '../test/helpers/env.js';
import { addCounts, type Counts, emptyCounts, renderScores } from '../test/helpers/scores.js';

if (!HAS_CORPUS) {
  console.error('undo-accuracy: ../shared/corpus is absent; the table needs the real sessions');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'undo-accuracy-'));
try {
  const run = spawnSync('npx', ['tap', '--reporter=terse', '--timeout=7200', 'test/undo-redo.test.ts', 'test/undo-redo-more.test.ts'], {
    cwd: PROJECT,
    stdio: 'inherit',
    env: { ...process.env, UNDO_ALL: '1', UNDO_SCORES_DIR: dir },
  });
  const counts = new Map<string, Counts>();
  for (const name of readdirSync(dir)) {
    const part = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, Counts>;
    for (const [key, c] of Object.entries(part)) addCounts(counts.get(key) ?? counts.set(key, emptyCounts()).get(key)!, c);
  }
  console.log(renderScores(counts));
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

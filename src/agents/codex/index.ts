/**
 * The Codex CLI reader: finds rollouts under `$CODEX_HOME` and turns them into prompts,
 * messages, apply_patch edits, shell commands and update_plan todos.
 *
 * Format: ../shared/research/session-formats.md §2 (source of truth openai/codex
 * `codex-rs/protocol/src/protocol.rs`, `codex-rs/protocol/src/models.rs`,
 * `codex-rs/core/src/rollout/recorder.rs`), checked against the five real rollouts in
 * ../shared/corpus/codex/ (legacy ocodex, 0.36, 0.63, 0.0.0 dev build ≈ 0.98, 0.118).
 */
import type { AgentReader } from '../reader.js';
import { codexHome, discoverCodex, probeCodex } from './files.js';
import { parseCodexChunk } from './parse.js';
import { initialCodexState, type CodexState } from './state.js';

export type { CodexState, PendingCall, PendingOp, PendingPrompt } from './state.js';
export { codexHome, codexLogFile, probeHead } from './files.js';

/**
 * Reader for Codex CLI rollouts (`agent: 'codex'`, session ids `codex:<rollout uuid>`).
 * - `home(env)`: `CODEX_HOME`, else `<HOME>/.codex`.
 * - `discover`: every `sessions/YYYY/MM/DD/rollout-*.jsonl` and `archived_sessions/rollout-*.jsonl`,
 *   by listing only; scoping to the repository is left to `probe`.
 * - `probe`: the cwd of `session_meta`, of the legacy `<environment_context>`, or of `turn_context`.
 * - `parseChunk`: pure; calls waiting for their output live in the state, so chunk boundaries
 *   never change the events. Events of legacy files have `at: null` (no per-item timestamps).
 */
export const codexReader: AgentReader<CodexState> = {
  agent: 'codex',
  home: codexHome,
  discover: discoverCodex,
  probe: probeCodex,
  initialState: () => initialCodexState(),
  parseChunk: parseCodexChunk,
};

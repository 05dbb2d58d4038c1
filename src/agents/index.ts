/**
 * The registry of agent readers: one per agent, behind the `AgentReader` interface.
 */
import type { AgentId } from '../types.js';
import type { AgentReader } from './reader.js';
import { claudeCodeReader } from './claude-code/index.js';
import { codexReader } from './codex/index.js';
import { aiderReader } from './aider/index.js';
import { geminiReader } from './gemini/index.js';
import { cursorReader } from './cursor/index.js';
import { opencodeReader } from './opencode/index.js';
import { clineReader } from './cline/index.js';

/** Every reader, keyed by agent id. */
// biome-ignore lint/suspicious/noExplicitAny: each reader has its own state type; the map holds them all.
export const READERS: Record<AgentId, AgentReader<any>> = {
  'claude-code': claudeCodeReader,
  codex: codexReader,
  aider: aiderReader,
  gemini: geminiReader,
  cursor: cursorReader,
  opencode: opencodeReader,
  cline: clineReader,
};

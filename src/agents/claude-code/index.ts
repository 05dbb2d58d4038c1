/**
 * The Claude Code reader: finds a repository's transcripts under `~/.claude/projects`
 * (or `$CLAUDE_CONFIG_DIR/projects`) and parses them incrementally into drift events.
 * Format: shared/research/session-formats.md §1, checked against `shared/corpus/claude-code/`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AgentReader, LogFile } from '../reader.js';
import { asObject, asString, readHead } from '../reader.js';
import { discoverClaudeCode } from './discover.js';
import { parseClaudeChunk } from './parse.js';
import type { ClaudeState } from './state.js';
import { emptyState } from './state.js';

export type { ClaudeState } from './state.js';
export { projectSlug } from './discover.js';

/** Claude Code's home: `$CLAUDE_CONFIG_DIR`, else `$HOME/.claude` (the OS home when `HOME` is unset). */
function claudeHome(env: NodeJS.ProcessEnv): string {
  return env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude');
}

/** Bytes of a transcript's head read first: its first user line, which records the cwd, is usually within them. */
export const SHORT_HEAD_BYTES = 16 * 1024;

/**
 * The first `cwd` recorded in the complete lines of the file's first 256 KiB, or null
 * (unreadable file, no cwd yet, or a first line longer than the head). Reads
 * `SHORT_HEAD_BYTES` first and the whole head only when their complete lines record no
 * cwd: the answer is the same (complete lines of the short head come first in the long
 * one), and a first capture over thousands of other projects' transcripts reads a few KiB
 * of each.
 */
async function probeCwd(file: LogFile): Promise<string | null> {
  const short = await readHead(file.path, SHORT_HEAD_BYTES);
  if (short === null) return null;
  const cwd = firstCwd(short);
  if (cwd !== null || Buffer.byteLength(short) < SHORT_HEAD_BYTES) return cwd; // The whole file was read.
  const head = await readHead(file.path);
  return head === null ? null : firstCwd(head);
}

/** The first `cwd` recorded in the complete lines of `head`, or null. Pure. */
function firstCwd(head: string): string | null {
  for (const raw of head.slice(0, head.lastIndexOf('\n') + 1).split('\n')) {
    if (!raw.includes('"cwd"')) continue;
    try {
      const cwd = asString(asObject(JSON.parse(raw))?.cwd);
      if (cwd) return cwd;
    } catch {
      // not JSON: try the next line
    }
  }
  return null;
}

/**
 * Reader for Claude Code transcripts (JSONL, one line per message block or bookkeeping
 * record). `home` honours `CLAUDE_CONFIG_DIR`; `discover` lists `<home>/projects/<slug>`
 * directories of the roots (main sessions and both sub-agent layouts; sub-agent files
 * carry the parent session's id); `probe` returns the first recorded `cwd`; `parseChunk`
 * emits prompts, messages, edits (with outcome), commands and todo lists, keeping tool
 * calls that wait for their result in `ClaudeState`. Never throws on foreign input.
 */
export const claudeCodeReader: AgentReader<ClaudeState> = {
  agent: 'claude-code',
  home: claudeHome,
  discover: (ctx) => discoverClaudeCode(claudeHome(ctx.env), ctx),
  probe: probeCwd,
  initialState: () => emptyState(),
  parseChunk: parseClaudeChunk,
};

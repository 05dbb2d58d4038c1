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

/**
 * The first `cwd` recorded in the complete lines of the file's first 256 KiB, or null
 * (unreadable file, no cwd yet, or a first line longer than the head).
 */
async function probeCwd(file: LogFile): Promise<string | null> {
  const head = await readHead(file.path);
  if (head === null) return null;
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

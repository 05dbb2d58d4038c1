/**
 * Replaying a real session from the corpus into a temporary repository: the log is copied
 * where the agent would have written it, with its recorded working directory rewritten to
 * the repository, and the session's applied edits are applied to the files.
 *
 * Applying an edit here means: the lines it removed leave the file (they were in the file
 * before the session when no earlier edit added them, so they go into a "before" commit),
 * the lines it added join it. This reproduces every line the agent added, in a real file
 * that a real `git commit` then records; the exact order of lines inside a file does not
 * matter to attribution, which works per added line.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { claudeCodeReader, projectSlug } from '../../src/agents/claude-code/index.js';
import { codexReader } from '../../src/agents/codex/index.js';
import type { AgentReader, LogFile } from '../../src/agents/reader.js';
import type { EditEvent } from '../../src/types.js';
import { PROJECT, git, type Sandbox } from './env.js';
import { commandIO } from './io.js';

/** Claude Code's project directory name for a cwd (the reader's own rule). */
export const claudeSlug = projectSlug;

/** The working directory a Claude Code or Codex log records first. */
export function recordedCwd(text: string): string {
  const m = /"cwd":"((?:[^"\\]|\\.)*)"/.exec(text) ?? /<cwd>([^<]+)<\/cwd>/.exec(text);
  if (!m?.[1]) throw new Error('no cwd recorded in the log');
  return JSON.parse(`"${m[1]}"`) as string;
}

/** Rewrite every occurrence of `from` (as it appears inside JSON strings) to `to`. */
export function rewriteCwd(text: string, from: string, to: string): string {
  const esc = (s: string) => JSON.stringify(s).slice(1, -1);
  return text.split(esc(from)).join(esc(to));
}

/** Where the log was placed, and the edits of the session that landed in the repository. */
export interface Replayed {
  logPath: string;
  agent: 'claude-code' | 'codex';
  nativeId: string;
  /** Repo-relative path → the lines the agent added that are in the file now. */
  agentLines: Map<string, string[]>;
  edits: EditEvent[];
}

/**
 * Place `corpusFile` (a Claude Code session or Codex rollout) into the sandbox HOME with its
 * cwd rewritten to `repo`, commit the files' prior state as a human "before" commit, then
 * write the files as they are after the session (not committed). Returns what was placed.
 */
export function replaySession(sb: Sandbox, repo: string, corpusFile: string, agent: 'claude-code' | 'codex'): Replayed {
  const raw = readFileSync(corpusFile, 'utf8');
  const text = rewriteCwd(raw, recordedCwd(raw), repo);
  const name = basename(corpusFile);
  const logPath = agent === 'claude-code' ? join(sb.home, '.claude', 'projects', claudeSlug(repo), name) : join(sb.home, '.codex', 'sessions', '2026', '01', '02', name);
  mkdirSync(dirname(logPath), { recursive: true });
  writeFileSync(logPath, text);
  const reader: AgentReader<any> = agent === 'claude-code' ? claudeCodeReader : codexReader;
  const nativeId = agent === 'claude-code' ? name.replace(/\.jsonl$/, '') : /([0-9a-f-]{36})\.jsonl$/.exec(name)![1]!;
  const file: LogFile = { agent, path: logPath, sessionNativeId: nativeId, sidechain: false };
  const { events } = reader.parseChunk(text, 0, reader.initialState(file), file);
  const edits = events.filter((e): e is EditEvent => e.kind === 'edit' && e.outcome === 'applied');
  const agentLines = applyEdits(sb, repo, edits);
  return { logPath, agent, nativeId, agentLines, edits };
}

function relativeTo(repo: string, path: string): string | null {
  if (!path.startsWith(`${repo}/`)) return null;
  const rel = path.slice(repo.length + 1);
  return rel.includes('..') || rel.startsWith('.git/') || rel.endsWith('.ipynb') ? null : rel;
}

function removeLast(list: string[], text: string): boolean {
  const i = list.lastIndexOf(text);
  if (i === -1) return false;
  list.splice(i, 1);
  return true;
}

/**
 * Write the files of `repo` as the applied `edits` left them: lines they removed that no
 * earlier edit added were there before the session and go into a human "before the
 * session" commit (made with git drift off); the lines they added are then written, not
 * committed. Returns repo-relative path → the agent's lines now in the file.
 */
export function applyEdits(sb: Sandbox, repo: string, edits: EditEvent[]): Map<string, string[]> {
  const before = new Map<string, string[]>();
  const agent = new Map<string, string[]>();
  for (const e of edits) {
    const rel = relativeTo(repo, e.movedTo ?? e.path);
    if (!rel) continue;
    const base = before.get(rel) ?? before.set(rel, []).get(rel)!;
    const mine = agent.get(rel) ?? agent.set(rel, []).get(rel)!;
    for (const line of e.removed) if (!removeLast(mine, line)) base.push(`${line}`);
    mine.push(...e.added);
  }
  for (const [rel, lines] of before) {
    if (lines.length === 0) continue;
    writeLines(join(repo, rel), lines);
  }
  if ([...before.values()].some((l) => l.length > 0)) {
    // The files as they were before the session: committed with git drift off, as if
    // before the session started (its log is already in place).
    git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['add', '-A']);
    git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '-m', 'before the session']);
  }
  for (const [rel, lines] of agent) writeLines(join(repo, rel), lines);
  return agent;
}

function writeLines(path: string, lines: string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

/** Run `git drift <args>` from this checkout's bin with the sandbox environment; returns stdout. */
export function drift(sb: Sandbox, cwd: string, args: string[]): string {
  return execFileSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd, env: sb.env, encoding: 'utf8' });
}

/** Run `git drift install` in `repo` (quietly). */
export function installDrift(sb: Sandbox, repo: string): void {
  drift(sb, repo, ['install']);
}

/** Append lines to a file in the repo. */
export function appendLines(repo: string, rel: string, lines: string[]): void {
  const path = join(repo, rel);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, `${current}${current && !current.endsWith('\n') ? '\n' : ''}${lines.join('\n')}\n`);
}

/**
 * Run `git drift blame --json` on each of `paths` and check every line it gives `session`
 * as `ai` is one of the agent's lines for that path (trivial lines aside). Returns how
 * many lines blame gives the session, for comparison with the note.
 */
export function blamedAgentLines(sb: Sandbox, repo: string, agentLines: Map<string, string[]>, session: string): { lines: number; strangers: string[] } {
  let lines = 0;
  const strangers: string[] = [];
  for (const [path, mine] of agentLines) {
    const out = JSON.parse(drift(sb, repo, ['blame', '--json', path])) as { lines: { state: string; session: string | null; agent: string | null; text: string }[] };
    for (const l of out.lines) {
      if (l.session !== session || l.state !== 'ai') continue;
      lines += 1;
      if (!mine.includes(l.text) && l.text.trim().length > 4) strangers.push(l.text);
    }
  }
  return { lines, strangers };
}

/**
 * `git drift install` in `repo`, run in this process (no node start-up): the hooks call
 * this checkout's bin/git-drift-hook, like `installDrift`. Output is discarded.
 */
export async function installInProcess(sb: Sandbox, repo: string): Promise<void> {
  const { run } = await import('../../src/commands/install.js');
  await run({ _: [], cwd: repo }, commandIO(repo, sb.env));
}

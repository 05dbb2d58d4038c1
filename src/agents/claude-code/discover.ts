/**
 * Finds the Claude Code transcripts that may belong to a repository, from directory
 * listings of `<home>/projects` only (session-formats.md §1.1): main sessions
 * `<slug>/<sessionId>.jsonl`, old sub-agents `<slug>/agent-<hex>.jsonl` (≤ 2.0.x, corpus
 * `eyerematthew__testing/…/agent-277f009f.jsonl`) and new sub-agents
 * `<slug>/<sessionId>/subagents/agent-<id>.jsonl` (2.1.x, corpus `4thehalibit__omarchy-backup`).
 */
import { readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import type { DiscoverContext, LogFile } from '../reader.js';
import { asObject, asString, readHead } from '../reader.js';
import { kindOfEntry, noteRefused } from '../../fs/read.js';

/**
 * The project directory name Claude Code uses for a working directory: the absolute path
 * with every character that is not an ASCII letter or digit replaced by `-`
 * (`/home/a/.config` → `-home-a--config`). Lossy: several paths share a slug.
 */
export function projectSlug(dir: string): string {
  return dir.replace(/[^a-zA-Z0-9]/g, '-');
}

/** Directory entries, or an empty list when the directory is missing or unreadable. */
async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The first `sessionId` recorded in the complete lines of a file's head, or null. */
async function headSessionId(path: string): Promise<string | null> {
  const head = await readHead(path);
  if (head === null) return null;
  for (const raw of head.slice(0, head.lastIndexOf('\n') + 1).split('\n')) {
    try {
      const id = asString(asObject(JSON.parse(raw))?.sessionId);
      if (id) return id;
    } catch {
      // a blank or broken line: try the next one
    }
  }
  return null;
}

/** The new-layout sub-agent files of one session directory (`<sessionId>/subagents/agent-*.jsonl`). */
async function subagentFiles(sessionDir: string, sessionId: string): Promise<LogFile[]> {
  const dir = join(sessionDir, 'subagents');
  return (await list(dir))
    .filter((e) => e.isFile() && e.name.startsWith('agent-') && e.name.endsWith('.jsonl'))
    .map((e) => ({ agent: 'claude-code' as const, path: join(dir, e.name), sessionNativeId: sessionId, sidechain: true }));
}

/** The log files of one project directory: main sessions, and sub-agents of both layouts. */
async function projectFiles(dir: string): Promise<LogFile[]> {
  const files: LogFile[] = [];
  for (const entry of await list(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await subagentFiles(path, entry.name)));
    } else if (!entry.isFile() && entry.name.endsWith('.jsonl')) {
      if (!entry.isSymbolicLink()) noteRefused(path, kindOfEntry(entry)); // A FIFO or socket is never opened.
    } else if (entry.name.endsWith('.jsonl')) {
      const base = entry.name.slice(0, -'.jsonl'.length);
      if (!entry.name.startsWith('agent-')) {
        files.push({ agent: 'claude-code', path, sessionNativeId: base, sidechain: false });
        continue;
      }
      const parent = await headSessionId(path);
      if (parent) files.push({ agent: 'claude-code', path, sessionNativeId: parent, sidechain: true });
    }
  }
  return files;
}

/**
 * Candidate transcripts for `ctx.roots` under `<home>/projects`: the project directories
 * whose name is a root's slug, or starts with it followed by `-` (a subdirectory of the
 * root; the slug is lossy, so `probe` verifies the real cwd later). Only the head of
 * old-layout `agent-*.jsonl` files in those directories is read, for their parent
 * `sessionId`; files whose head names none are skipped. Never throws; sorted by path.
 */
export async function discoverClaudeCode(home: string, ctx: DiscoverContext): Promise<LogFile[]> {
  const projects = join(home, 'projects');
  const slugs = ctx.roots.map((root) => projectSlug(root.replace(/(?<=.)[\\/]+$/, '')));
  const matches = (name: string): boolean => slugs.some((slug) => name === slug || name.startsWith(`${slug}-`));
  const files: LogFile[] = [];
  for (const entry of await list(projects)) {
    if (entry.isDirectory() && matches(entry.name)) files.push(...(await projectFiles(join(projects, entry.name))));
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Survival of the agent lines added in a range, measured at HEAD: which of them `git blame`
 * at HEAD still credits to the commit and line that added them (unchanged), and which are
 * otherwise still in the file by their text (present). One `git blame --porcelain` per
 * file that holds agent lines of the range and exists at HEAD, limited to the commits
 * since the range's bottom, a few at a time; one `git cat-file --batch` for the old
 * versions of files whose agent lines did not all survive unchanged.
 */
import { availableParallelism } from 'node:os';
import { parsePorcelain, type BlameEntry } from '../git/blame.js';
import { runGit } from '../git/run.js';
import { readBlobTexts } from '../notes/read.js';
import type { InvalidNote, NoteHead } from '../notes/index.js';
import type { SurvivalFacts } from './compute.js';
import type { Survival } from './types.js';

/** Agent lines of the range: commit → path → 1-based line of that commit's version → agent. */
export type AgentLines = Map<string, Map<string, Map<number, string>>>;

/** Most agent lines taken from one file of one note: a hostile note's huge ranges cannot exhaust memory. */
export const MAX_FILE_LINES = 1_000_000;

/** Call `each` for the 1-based lines of a note range string (`12-40,55`), at most `budget` of them; returns the budget left. */
function eachLine(ranges: string, budget: number, each: (n: number) => void): number {
  for (const part of ranges.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2] ? Number(m[2]) : start;
    for (let n = start; n <= end && budget > 0; n++, budget--) each(n);
  }
  return budget;
}

/**
 * The `ai` and `ai-modified` lines of the notes of `commits`, with the agent of their
 * session (at most `MAX_FILE_LINES` per file of a note). Pure.
 */
export function agentLinesOf(commits: string[], notes: Map<string, NoteHead | InvalidNote>): AgentLines {
  const out: AgentLines = new Map();
  for (const commit of commits) {
    const note = notes.get(commit);
    if (!note || 'invalid' in note) continue;
    const agentOf = new Map(note.sessions.map((s) => [s.id, s.agent]));
    for (const [path, f] of Object.entries(note.files)) {
      const lines = new Map<number, string>();
      let budget = MAX_FILE_LINES;
      for (const state of ['ai', 'ai-modified'] as const) {
        for (const [id, ranges] of Object.entries(f[state] ?? {})) {
          const agent = agentOf.get(id) ?? (id.slice(0, Math.max(0, id.indexOf(':'))) || 'unknown');
          if (typeof ranges === 'string') budget = eachLine(ranges, budget, (n) => lines.set(n, agent));
        }
      }
      if (lines.size === 0) continue;
      let files = out.get(commit);
      if (!files) out.set(commit, (files = new Map()));
      files.set(path, lines);
    }
  }
  return out;
}

/** The text of a line as compared for `present`: without whitespace. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Count survival per agent (pure). `blames`: HEAD path → `git blame --porcelain` entries at
 * HEAD. `originals`: `<commit>:<path>` → that version's lines, for the commits and files
 * whose agent lines did not all survive unchanged (missing ones count as gone).
 */
export function attributeSurvival(lines: AgentLines, blames: Map<string, BlameEntry[]>, originals: Map<string, string[]>): Map<string, Survival> {
  const per = new Map<string, Survival>();
  const of = (agent: string) => per.get(agent) ?? per.set(agent, { added: 0, present: 0, unchanged: 0 }).get(agent)!;
  const kept = new Set<string>();
  const spare = new Map<string, Map<string, number>>();
  for (const [path, entries] of blames) {
    const free = new Map<string, number>();
    for (const e of entries) {
      const agent = lines.get(e.commit)?.get(e.origPath)?.get(e.origLine);
      if (agent !== undefined && !kept.has(`${e.commit}:${e.origPath}:${e.origLine}`)) {
        kept.add(`${e.commit}:${e.origPath}:${e.origLine}`);
        of(agent).unchanged++;
        continue;
      }
      const key = squeeze(e.text);
      if (key !== '') free.set(key, (free.get(key) ?? 0) + 1);
    }
    spare.set(path, free);
  }
  for (const [commit, files] of lines) {
    for (const [path, owned] of files) {
      const text = originals.get(`${commit}:${path}`);
      const free = spare.get(path);
      for (const [n, agent] of owned) {
        const s = of(agent);
        s.added++;
        if (kept.has(`${commit}:${path}:${n}`)) continue;
        const key = squeeze(text?.[n - 1] ?? '');
        const left = key === '' ? 0 : (free?.get(key) ?? 0);
        if (left > 0) {
          free!.set(key, left - 1);
          s.present++;
        }
      }
    }
  }
  for (const s of per.values()) s.present += s.unchanged;
  return per;
}

/** The negative revisions of a range (`^<sha>` from `git rev-parse`): where blame may stop. */
async function readBottoms(cwd: string, revs: string[]): Promise<string[]> {
  const { stdout } = await runGit(['rev-parse', ...revs, '--'], { cwd });
  return stdout.split('\n').filter((l) => /^\^[0-9a-f]{40,64}$/.test(l));
}

/** Which of `paths` are files (blobs) in HEAD, with one `git cat-file --batch-check`. */
async function readPathsAtHead(cwd: string, paths: string[]): Promise<string[]> {
  const asked = paths.filter((p) => !/[\n\r]/.test(p));
  if (asked.length === 0) return [];
  const { stdout } = await runGit(['cat-file', '--batch-check=%(objecttype)'], { cwd, input: asked.map((p) => `HEAD:${p}`).join('\n') + '\n' });
  const kinds = stdout.split('\n');
  return asked.filter((_, i) => kinds[i] === 'blob');
}

/** Run `task` over `items`, at most `limit` at a time; results in input order. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Blame each path at HEAD, back to the range's bottoms: HEAD path → entries. */
async function readHeadBlames(cwd: string, paths: string[], bottoms: string[]): Promise<Map<string, BlameEntry[]>> {
  const limit = Math.max(1, Math.min(availableParallelism(), 4));
  const blamed = await pool(paths, limit, async (path) => {
    const { stdout } = await runGit(['-c', 'core.quotePath=false', 'blame', '--porcelain', 'HEAD', ...bottoms, '--', path], { cwd });
    return [path, parsePorcelain(stdout)] as const;
  });
  return new Map(blamed);
}

/**
 * Measure the survival of the agent lines of `commits` (the range given as `revs`) at HEAD
 * in the repository at `cwd`. Returns null when there is no HEAD commit. Throws `GitError`
 * when git fails otherwise.
 */
export async function readSurvival(cwd: string, revs: string[], commits: string[], notes: Map<string, NoteHead | InvalidNote>): Promise<SurvivalFacts | null> {
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd, allowExit: [1] });
  if (head.exitCode !== 0) return null;
  const lines = agentLinesOf(commits, notes);
  const paths = [...new Set([...lines.values()].flatMap((files) => [...files.keys()]))].sort();
  const [bottoms, atHead] = await Promise.all([readBottoms(cwd, revs), readPathsAtHead(cwd, paths)]);
  const blames = await readHeadBlames(cwd, atHead, bottoms);
  const unchanged = new Set<string>();
  for (const entries of blames.values()) for (const e of entries) unchanged.add(`${e.commit}:${e.origPath}:${e.origLine}`);
  const lost: string[] = [];
  for (const [commit, files] of lines) {
    for (const [path, owned] of files) {
      if (!blames.has(path) || /[\n\r]/.test(path)) continue; // gone from HEAD: nothing to match its text against
      if ([...owned.keys()].some((n) => !unchanged.has(`${commit}:${path}:${n}`))) lost.push(`${commit}:${path}`);
    }
  }
  const texts = await readBlobTexts(cwd, lost);
  const originals = new Map([...texts].map(([k, v]) => [k, v.split('\n')]));
  return { head: head.stdout.trim(), perAgent: attributeSurvival(lines, blames, originals) };
}

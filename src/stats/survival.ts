/**
 * Survival of the agent lines added in a range, measured at HEAD: which of them still
 * stand, unchanged, in HEAD's version of their file (kept by a line diff of the commit's
 * version against HEAD's), and which are otherwise still in that file by their text
 * (present). One `git cat-file --batch` reads every version needed, whatever the number of
 * commits; the line diffs run here (the `fast-myers-diff` package: Myers' algorithm, its
 * longest common subsequence; this module is its only user), each bounded in size.
 */
import { lcs } from 'fast-myers-diff';
import { readBlobTexts } from '../notes/read.js';
import { runGit } from '../git/run.js';
import type { InvalidNote, NoteHead } from '../notes/index.js';
import { readableRangeIntervals } from '../notes/ranges.js';
import type { SurvivalFacts } from './compute.js';
import type { Survival } from './types.js';
/** Agent lines of the range: commit → path → 1-based line of that commit's version → agent. */
export type AgentLines = Map<string, Map<string, Map<number, string>>>;

/** Most agent lines taken from one file of one note: a hostile note's huge ranges cannot exhaust memory. */
export const MAX_FILE_LINES = 1_000_000;

/** Call `each` for the 1-based lines of a note range string (`12-40,55`), at most `budget` of them; returns the budget left. */
function eachLine(ranges: string, budget: number, each: (n: number) => void): number {
  for (const [start, end] of readableRangeIntervals(ranges)) {
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
 * Most lines (the commit's version and HEAD's together) a line diff takes on; past it, no
 * line of that version counts as unchanged (a diff costs up to the product of the sizes).
 */
export const MAX_DIFF_LINES = 50_000;

/** The lines of a file's text (no final empty line for a text ending in a newline). */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * For each 1-based line of `old` that a line diff against `head` keeps, the 0-based index
 * of the line of `head` it stands as (the longest common subsequence). Empty past
 * `MAX_DIFF_LINES`.
 */
export function keptLines(old: string[], head: string[]): Map<number, number> {
  const kept = new Map<number, number>();
  if (old.length + head.length > MAX_DIFF_LINES) return kept;
  for (const [o, h, length] of lcs(old, head)) for (let k = 0; k < length; k++) kept.set(o + k + 1, h + k);
  return kept;
}

/**
 * Count survival per agent (pure). `versions`: `<commit>:<path>` → that version's text, for
 * every commit and file of `lines`, and `HEAD:<path>` → HEAD's text (absent: the file is
 * gone from HEAD, all its agent lines too). Newer commits claim HEAD's lines first
 * (`order`: commits newest first), so that one line of HEAD never counts twice. A line not
 * unchanged is `present` when a HEAD line of the same file, not claimed, has the same text
 * once whitespace is removed (one for one; blank lines never match).
 */
export function attributeSurvival(lines: AgentLines, versions: Map<string, string>, order: string[]): Map<string, Survival> {
  const per = new Map<string, Survival>();
  const of = (agent: string) => per.get(agent) ?? per.set(agent, { added: 0, present: 0, unchanged: 0 }).get(agent)!;
  const heads = new Map<string, { lines: string[]; claimed: Set<number> }>();
  const headOf = (path: string) => {
    if (!heads.has(path)) {
      const text = versions.get(`HEAD:${path}`);
      heads.set(path, { lines: text === undefined ? [] : splitLines(text), claimed: new Set() });
    }
    return heads.get(path)!;
  };
  const lost: [string, string, number, string][] = [];
  for (const commit of order) {
    for (const [path, owned] of lines.get(commit) ?? []) {
      const head = headOf(path);
      const old = splitLines(versions.get(`${commit}:${path}`) ?? '');
      const kept = head.lines.length > 0 && old.length > 0 ? keptLines(old, head.lines) : new Map<number, number>();
      for (const [n, agent] of owned) {
        of(agent).added++;
        const at = kept.get(n);
        if (at !== undefined && !head.claimed.has(at)) {
          head.claimed.add(at);
          of(agent).unchanged++;
        } else lost.push([path, agent, n, old[n - 1] ?? '']);
      }
    }
  }
  const spare = new Map<string, Map<string, number>>();
  for (const [path, head] of heads) {
    const free = new Map<string, number>();
    head.lines.forEach((text, i) => {
      const key = squeeze(text);
      if (key !== '' && !head.claimed.has(i)) free.set(key, (free.get(key) ?? 0) + 1);
    });
    spare.set(path, free);
  }
  for (const [path, agent, , text] of lost) {
    const key = squeeze(text);
    const free = spare.get(path)!;
    const left = key === '' ? 0 : (free.get(key) ?? 0);
    if (left > 0) {
      free.set(key, left - 1);
      of(agent).present++;
    }
  }
  for (const s of per.values()) s.present += s.unchanged;
  return per;
}

/**
 * Measure the survival of the agent lines of `commits` (newest first) at HEAD in the
 * repository at `cwd`, reading every file version needed with one `git cat-file --batch`.
 * Returns null when there is no HEAD commit. Throws `GitError` when git fails otherwise.
 */
export async function readSurvival(cwd: string, commits: string[], notes: Map<string, NoteHead | InvalidNote>): Promise<SurvivalFacts | null> {
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd, allowExit: [1] });
  if (head.exitCode !== 0) return null;
  const sha = head.stdout.trim();
  const lines = agentLinesOf(commits, notes);
  const names = new Set<string>();
  for (const [commit, files] of lines) {
    for (const path of files.keys()) {
      if (/[\n\r]/.test(path)) continue; // cat-file --batch reads one name per line
      names.add(`${commit}:${path}`);
      names.add(`${sha}:${path}`);
    }
  }
  const texts = await readBlobTexts(cwd, [...names]);
  const versions = new Map<string, string>();
  for (const [name, text] of texts) {
    versions.set(name, text); // a commit of the range that is HEAD itself needs its version under both names
    if (name.startsWith(`${sha}:`)) versions.set(`HEAD:${name.slice(sha.length + 1)}`, text);
  }
  return { head: sha, perAgent: attributeSurvival(lines, versions, commits) };
}

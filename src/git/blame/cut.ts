/**
 * Blaming a long history in parallel: the file's history is cut at a few of its commits
 * (the cuts) into revision ranges (git's word: `git blame ^c2 c1 -- <file>` blames only
 * what changed in `c2..c1`, and leaves every older line at the range's boundary commit),
 * each blamed by its own `git blame --porcelain` at the same time. A line left at a
 * boundary is then looked up in the blame of the next older range. Used only for linear
 * histories: on a history with merges, lines also stop at the fork points of merged
 * branches and need a blame of their own each (measured: 3.3–3.7 times one plain git
 * blame, against ≤ 1.3 for the plain blame; README "Benchmarks").
 */
import { setMaxListeners } from 'node:events';
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { gitText, runGit } from '../run.js';
import { readPorcelainBlame, type BlameEntry, type PorcelainBlame } from './porcelain.js';

/** What to blame: a repo-relative or cwd-relative file, an optional revision and 1-based inclusive line range. */
export interface BlameRequest {
  file: string;
  revision?: string;
  range?: { start: number; end: number };
}

/** When a history is worth cutting (see `planCuts`). */
export interface CutOptions {
  /** Cut only a file whose history (`git rev-list -- <file>`) has at least this many commits (default 64). */
  minCommits?: number;
  /**
   * How long (ms, including this process's own delays) listing the file's history may take
   * before one plain `git blame` is kept instead (default 50). Listing is the cheap part of
   * blame's own walk (no blob is read or diffed), so a history slow to list is one whose
   * blame takes far longer.
   */
  listDeadlineMs?: number;
}

/** Defaults of `CutOptions`, and the longest listing read. */
const CUT = { minCommits: 64, listDeadlineMs: 50, maxListed: 20_000 };

/** Where the blamed file sits in the repository. */
export interface BlamedPath {
  /** Repo-relative path of the blamed file, with `/`. */
  path: string;
  /** Absolute path of the work tree's top level. */
  top: string;
}

/** Locate `file` (relative to `cwd`, or absolute) in its work tree; `top` if known, else `git rev-parse`. Throws `GitError` outside a work tree. */
export async function readBlamedPath(cwd: string, file: string, top?: Promise<string> | string): Promise<BlamedPath> {
  const root = await (top ?? gitText(['rev-parse', '--show-toplevel'], { cwd }));
  return {
    top: root,
    path: relative(root, resolve(realpathSync(cwd), file))
      .split(sep)
      .join('/'),
  };
}

/**
 * List the file's history (`git rev-list --parents -- <file>`, at most 20,000 commits)
 * within `opts.listDeadlineMs` and cut it into `parts` revision ranges of as many commits
 * each: returns the cut commits (full shas, newest first). Returns null when one plain
 * blame is the better plan: the listing is late or fails (no commit yet), the history is
 * shorter than `opts.minCommits`, or it holds a merge (a commit with two parents or more
 * after git's history simplification for the path: a merged branch changed the file).
 * Never throws.
 */
export async function planCuts(cwd: string, req: BlameRequest, parts: number, opts: CutOptions = {}): Promise<string[] | null> {
  const listStop = new AbortController();
  const deadlineMs = opts.listDeadlineMs ?? CUT.listDeadlineMs;
  const began = performance.now();
  const deadline = setTimeout(() => listStop.abort(), deadlineMs);
  try {
    const history = await runGit(['rev-list', '--parents', `--max-count=${CUT.maxListed}`, req.revision ?? 'HEAD', '--', req.file], { cwd, signal: listStop.signal });
    if (performance.now() - began > deadlineMs) return null; // answered, but late all the same
    const lines = history.stdout.split('\n').filter(Boolean);
    if (lines.length < Math.max(2, opts.minCommits ?? CUT.minCommits)) return null;
    const commits = lines.map((l) => l.split(' '));
    if (commits.some((c) => c.length > 2)) return null; // `<sha> <parent> <parent>…`: a merge
    const cuts: string[] = [];
    for (let k = 1; k < parts; k++) cuts.push(commits[Math.floor((k * commits.length) / parts)]![0]!);
    return [...new Set(cuts)];
  } catch {
    return null; // late, no commit yet, or not a revision git lists: the plain blame answers
  } finally {
    clearTimeout(deadline);
  }
}

/**
 * Blame `req` with the history cut at `cuts` (full shas, newest first; any commits work,
 * ancestors of the revision split the work best): every revision range at once, `^c1
 * <revision>` (the lines asked for), `^c2 c1`, …, `ck` (all lines), each with `--root` so
 * that only a cut is a boundary. A line the newest range leaves at boundary c1 is looked up
 * by its original line number in c1's blame, and so on down. A boundary the cuts did not
 * foresee (another path after a rename, the fork point of a merged branch) is blamed on its
 * own with `-L` for just those lines. The answer is the one plain git blame gives, since
 * blame passes each line from a commit to its parents by the same diffs either way.
 * `where` locates the file once a boundary needs it; `started` is called when the ranges'
 * git processes have started. Throws `GitError` when git refuses the newest range (as it
 * would the plain blame), and `Error` when a range lacks a line its boundary named.
 */
export async function blameCutHistory(cwd: string, req: BlameRequest, cuts: string[], where: () => Promise<BlamedPath> | BlamedPath, started?: () => void): Promise<BlameEntry[]> {
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per git process, however many cuts
  const newest = readPorcelainBlame(cwd, req.file, { revision: req.revision, ranges: req.range ? [req.range] : [], below: cuts[0] }, stop.signal);
  // Range k (1-based) blames the whole file at cut k-1, down to cut k.
  const older = cuts.map((cut, i) => {
    const run = readPorcelainBlame(cwd, req.file, { revision: cut, ranges: [], below: cuts[i + 1], root: true }, stop.signal);
    run.catch(() => undefined); // a range that fails (the file has another name there) is not needed, or is replaced below
    return run;
  });
  started?.();
  try {
    const first = await newest;
    const entries = first.entries;
    let open = entries.flatMap((e, i) => (first.boundaries.has(e.commit) ? [{ i, commit: e.commit, path: e.origPath, line: e.origLine }] : []));
    if (open.length === 0) return entries;
    const { path, top } = await where();
    const byCut = new Map(cuts.map((cut, i) => [`${cut}\0${path}`, older[i]!]));
    // Each round moves every open line to an older blame, and only a cut or a branch's fork
    // point can leave it open again: the guard only stops a blame that misbehaves.
    for (let round = 0; open.length > 0; round++) {
      if (round > cuts.length + 64) throw new Error('boundary lines did not settle');
      open = await followBoundaries(entries, open, byCut, top, stop.signal);
    }
    return entries;
  } finally {
    stop.abort(); // ranges no line needed
  }
}

/** A line still at a boundary: index into the entries, and where the last blame left it. */
interface OpenLine {
  i: number;
  commit: string;
  path: string;
  line: number;
}

/**
 * Move every open line one blame older: from the range blamed at its boundary commit when
 * there is one (`byCut`, keyed `<commit>\0<path>`), else from a blame of just those lines
 * (`-L`, run in `top`). Updates `entries` in place; returns the lines left at a boundary
 * again. Throws `Error` when a blame lacks a line.
 */
async function followBoundaries(entries: BlameEntry[], open: OpenLine[], byCut: Map<string, Promise<PorcelainBlame>>, top: string, signal: AbortSignal): Promise<OpenLine[]> {
  const groups = new Map<string, OpenLine[]>();
  for (const o of open) {
    const key = `${o.commit}\0${o.path}`;
    const group = groups.get(key);
    if (group) group.push(o);
    else groups.set(key, [o]);
  }
  const next: OpenLine[] = [];
  await Promise.all(
    [...groups].map(async ([key, group]) => {
      const { commit, path } = group[0]!;
      const blame = await resolveAt(byCut.get(key), () => readPorcelainBlame(top, path, { revision: commit, ranges: linesToRanges(group.map((o) => o.line)), root: true }, signal));
      // A whole-file blame has every line, in order: line n is entry n-1. Blames of some lines use the map.
      const all = blame.entries.length > 0 && blame.entries[blame.entries.length - 1]!.line === blame.entries.length;
      const byLine = all ? null : new Map(blame.entries.map((e) => [e.line, e]));
      for (const o of group) {
        const found = byLine ? byLine.get(o.line) : blame.entries[o.line - 1];
        if (!found) throw new Error(`git blame of ${path} at ${commit} has no line ${o.line}`);
        const target = entries[o.i]!;
        target.commit = found.commit;
        target.origLine = found.origLine;
        target.origPath = found.origPath;
        if (blame.boundaries.has(found.commit)) next.push({ i: o.i, commit: found.commit, path: found.origPath, line: found.origLine });
      }
    }),
  );
  return next;
}

/** The range blamed for a boundary if there is one and it succeeded, else a blame of just the lines needed. */
async function resolveAt(range: Promise<PorcelainBlame> | undefined, alone: () => Promise<PorcelainBlame>): Promise<PorcelainBlame> {
  if (range) {
    try {
      return await range;
    } catch {
      // fall through: blame those lines on their own
    }
  }
  return alone();
}

/** Sorted 1-based line numbers as inclusive ranges for `-L`. Pure. */
export function linesToRanges(lines: number[]): { start: number; end: number }[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: { start: number; end: number }[] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last.end + 1 === n) last.end = n;
    else out.push({ start: n, end: n });
  }
  return out;
}

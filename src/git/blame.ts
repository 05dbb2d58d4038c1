/**
 * Reading `git blame --porcelain`: for each line of a file at a revision, the commit that
 * last changed it and the line's number and path in that commit. Format: git-blame(1),
 * "THE PORCELAIN FORMAT".
 */
import { setMaxListeners } from 'node:events';
import { realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative, resolve, sep } from 'node:path';
import { gitText, runGit } from './run.js';
import { unquote } from './diff.js';

/** The sha git blame uses for lines not committed yet. */
export const UNCOMMITTED = '0000000000000000000000000000000000000000';

/** One line of the blamed file. */
export interface BlameEntry {
  /** 1-based line number in the blamed revision (or work tree). */
  line: number;
  /** Full sha of the commit that last changed the line; `UNCOMMITTED` for work-tree changes. */
  commit: string;
  /** 1-based line number in that commit's version of the file (the "original line"). */
  origLine: number;
  /** Repo-relative path of the file in that commit (differs from the blamed path across renames). */
  origPath: string;
  /** The line's text, without newline. */
  text: string;
}

/** What to blame: a repo-relative or cwd-relative file, an optional revision and 1-based inclusive line range. */
export interface BlameRequest {
  file: string;
  revision?: string;
  range?: { start: number; end: number };
}

/** How `readBlame` may split the work; every field has a default. */
export interface BlameOptions {
  /**
   * How many stretches of the file's history to blame at once, each by its own git process
   * (default: the machine's available parallelism, at most 4). 1 runs one plain `git blame`.
   */
  segments?: number;
  /** Split only a file whose history (`git rev-list -- <file>`) has at least this many commits (default 64). */
  minCommits?: number;
  /**
   * How long (ms, including this process's own delays) listing the file's history may take
   * before one plain `git blame` runs instead (default 50). Listing is the cheap part of
   * blame's own walk (no blob is read or diffed), so a history slow to list is one whose
   * blame takes far longer.
   */
  listDeadlineMs?: number;
  /** The work tree's top level (absolute), when the caller has it already; else git is asked. */
  top?: Promise<string> | string;
  /**
   * Called once, when every git blame process the answer waits on first has started: work
   * that needs git too can start then without delaying them.
   */
  started?: () => void;
}

/** Defaults of `BlameOptions`. */
const SPLIT = { maxSegments: 4, minCommits: 64, listDeadlineMs: 50, maxListed: 20_000 };

/**
 * Blame `req.file` in `cwd`: the same entries as `git blame --porcelain` gives, in line
 * order. Without a revision, the work tree is blamed (like `git blame`), so uncommitted
 * lines come back with `UNCOMMITTED`.
 *
 * git blame walks the file's history on one core. When the history is long (and listing it
 * is quick, as with a commit-graph), the history is cut at evenly spaced commits c1 (newest)
 * … ck and each stretch is blamed at the same time: `^c1 <revision>` (the lines asked for),
 * `^c2 c1`, …, `ck` (all lines), each with `--root` so that only a cut is a boundary. A
 * line the newest stretch leaves at boundary c1 is looked up by its original line number
 * in c1's blame, and so on down. A boundary the cuts did not foresee (another path after a
 * rename, the fork point of a merged branch) is blamed on its own with `-L` for just those
 * lines. The answer is the one plain git blame gives, since blame passes each line from
 * a commit to its parents by the same diffs either way. A revision range, or a revision
 * that looks like an option, is left to one plain git blame.
 *
 * Throws `GitError` when git fails (unknown file or revision, range past the end).
 */
export async function readBlame(cwd: string, req: BlameRequest, opts: BlameOptions = {}): Promise<BlameEntry[]> {
  const segments = Math.max(1, Math.floor(opts.segments ?? Math.min(availableParallelism(), SPLIT.maxSegments)));
  const single = req.revision === undefined || !/^[-^]|\.\.|\s/.test(req.revision);
  let told = false;
  const started = () => {
    if (!told) opts.started?.();
    told = true;
  };
  const plain = async () => {
    const run = blameRun(cwd, req.file, { revision: req.revision, ranges: req.range ? [req.range] : [] });
    started();
    return (await run).entries;
  };
  try {
    const cuts = segments > 1 && single ? await planSegments(cwd, req, segments, opts) : null;
    if (!cuts) return await plain();
    const where = () => locate(cwd, req.file, opts.top);
    try {
      return await blameInSegments(cwd, req, cuts, where, started);
    } catch {
      // git refused a stretch (its message is the plain blame's to give), or a stretch did not
      // hold a line its boundary named: one plain blame answers.
      return await plain();
    }
  } finally {
    started(); // also when nothing could start
  }
}

/** Where the blamed file sits in the repository. */
export interface BlamedPath {
  /** Repo-relative path of the blamed file, with `/`. */
  path: string;
  /** Absolute path of the work tree's top level. */
  top: string;
}

/** Locate `file` (relative to `cwd`, or absolute) in its work tree; `top` if known, else `git rev-parse`. Throws `GitError` outside a work tree. */
async function locate(cwd: string, file: string, top?: Promise<string> | string): Promise<BlamedPath> {
  const root = await (top ?? gitText(['rev-parse', '--show-toplevel'], { cwd }));
  return {
    top: root,
    path: relative(root, resolve(realpathSync(cwd), file))
      .split(sep)
      .join('/'),
  };
}

/**
 * List the file's history (`git rev-list -- <file>`, at most 20,000 commits) within
 * `opts.listDeadlineMs` and cut it into `segments` stretches of as many commits each:
 * returns the cut commits (full shas, newest first). Returns null when the listing is late
 * or fails (no commit yet), or the history is shorter than `opts.minCommits`: then one
 * plain blame is the better plan. Never throws.
 */
export async function planSegments(cwd: string, req: BlameRequest, segments: number, opts: BlameOptions): Promise<string[] | null> {
  const listStop = new AbortController();
  const deadlineMs = opts.listDeadlineMs ?? SPLIT.listDeadlineMs;
  const began = performance.now();
  const deadline = setTimeout(() => listStop.abort(), deadlineMs);
  try {
    const history = await runGit(['rev-list', `--max-count=${SPLIT.maxListed}`, req.revision ?? 'HEAD', '--', req.file], { cwd, signal: listStop.signal });
    if (performance.now() - began > deadlineMs) return null; // answered, but late all the same
    const commits = history.stdout.split('\n').filter(Boolean);
    if (commits.length < Math.max(2, opts.minCommits ?? SPLIT.minCommits)) return null;
    const cuts: string[] = [];
    for (let k = 1; k < segments; k++) cuts.push(commits[Math.floor((k * commits.length) / segments)]!);
    return [...new Set(cuts)];
  } catch {
    return null; // late, no commit yet, or not a revision git lists: the plain blame answers
  } finally {
    clearTimeout(deadline);
  }
}

/**
 * Blame `req` with the history cut at `cuts` (full shas, newest first; any commits work,
 * ancestors of the revision split the work best): every stretch at once, then boundary
 * lines followed down the cuts (see `readBlame`). `where` locates the file once a boundary
 * needs it; `started` is called when the stretches' git processes have started. Gives the
 * entries of plain `git blame --porcelain`. Throws `GitError` when git refuses the newest
 * stretch (as it would the plain blame), and `Error` when a stretch lacks a line its
 * boundary named.
 */
export async function blameInSegments(cwd: string, req: BlameRequest, cuts: string[], where: () => Promise<BlamedPath> | BlamedPath, started?: () => void): Promise<BlameEntry[]> {
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per git process, however many cuts
  const newest = blameRun(cwd, req.file, { revision: req.revision, ranges: req.range ? [req.range] : [], below: cuts[0] }, stop.signal);
  // Stretch k (1-based) blames the whole file at cut k-1, down to cut k.
  const stretches = cuts.map((cut, i) => {
    const run = blameRun(cwd, req.file, { revision: cut, ranges: [], below: cuts[i + 1], root: true }, stop.signal);
    run.catch(() => undefined); // a stretch that fails (the file has another name there) is not needed, or is replaced below
    return run;
  });
  started?.();
  try {
    const first = await newest;
    const entries = first.entries;
    // Lines still to resolve: index into entries, and where the current blame left them.
    let open = entries.flatMap((e, i) => (first.boundaries.has(e.commit) ? [{ i, commit: e.commit, path: e.origPath, line: e.origLine }] : []));
    if (open.length === 0) return entries;
    const { path, top } = await where();
    const byCut = new Map(cuts.map((cut, i) => [`${cut}\0${path}`, stretches[i]!]));
    // Each round moves every open line to an older blame, and only a cut or a branch's fork
    // point can leave it open again: the guard only stops a blame that misbehaves.
    for (let round = 0; open.length > 0; round++) {
      if (round > cuts.length + 64) throw new Error('boundary lines did not settle');
      const groups = new Map<string, typeof open>();
      for (const o of open) {
        const key = `${o.commit}\0${o.path}`;
        const group = groups.get(key);
        if (group) group.push(o);
        else groups.set(key, [o]);
      }
      const next: typeof open = [];
      await Promise.all(
        [...groups].map(async ([key, group]) => {
          const { commit, path } = group[0]!;
          const blame = await resolveAt(byCut.get(key), () => blameRun(top, path, { revision: commit, ranges: linesToRanges(group.map((o) => o.line)), root: true }, stop.signal));
          // A stretch blames every line, in order: line n is entry n-1. Blames of some lines use the map.
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
      open = next;
    }
    return entries;
  } finally {
    stop.abort(); // stretches no line needed
  }
}

/** The stretch blamed for `key` if there is one and it succeeded, else a blame of just the lines needed. */
async function resolveAt(stretch: Promise<PorcelainBlame> | undefined, alone: () => Promise<PorcelainBlame>): Promise<PorcelainBlame> {
  if (stretch) {
    try {
      return await stretch;
    } catch {
      // fall through: blame those lines on their own
    }
  }
  return alone();
}

/** Sorted 1-based line numbers as inclusive ranges for `-L`. Pure. */
function linesToRanges(lines: number[]): { start: number; end: number }[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const out: { start: number; end: number }[] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last.end + 1 === n) last.end = n;
    else out.push({ start: n, end: n });
  }
  return out;
}

/** One git blame's entries, and the commits it marked `boundary` (where its range stopped it). */
interface PorcelainBlame {
  entries: BlameEntry[];
  boundaries: Set<string>;
}

/**
 * Run one `git blame --porcelain` of `file` (relative to `cwd`): at `revision` (default
 * the work tree), only `ranges` (all lines when empty), and when `below` is given, not
 * past that commit (`^below`). With `below` or `root`, `--root` keeps root commits from
 * being boundaries, so that only a range's edge is one.
 */
async function blameRun(cwd: string, file: string, at: { revision?: string; ranges: { start: number; end: number }[]; below?: string; root?: boolean }, signal?: AbortSignal): Promise<PorcelainBlame> {
  const args = ['-c', 'core.quotePath=false', 'blame', '--porcelain'];
  if (at.below) args.push(`^${at.below}`);
  if (at.below || at.root) args.push('--root');
  for (const r of at.ranges) args.push('-L', `${r.start},${r.end}`);
  if (at.revision) args.push(at.revision);
  args.push('--', file);
  const { stdout } = await runGit(args, { cwd, signal });
  const boundaries = new Set<string>();
  const entries = parsePorcelain(stdout, boundaries);
  return { entries, boundaries };
}

/**
 * Parse `git blame --porcelain` output. Pure but for `boundaries`, which receives each
 * commit marked `boundary` (the edge of a revision range, or a root commit without
 * `--root`). Each group starts with `<sha> <orig> <final> <count>`, later lines of a group
 * with `<sha> <orig> <final>`; headers follow only the first time a commit appears (its
 * author fields, `boundary`, `filename`), except that `filename` is repeated for a commit
 * whose lines come from more than one path (git's builtin/blame.c, `emit_porcelain_details`):
 * a group without one has its commit's last filename. The line's text follows a TAB.
 */
export function parsePorcelain(text: string, boundaries?: Set<string>): BlameEntry[] {
  const entries: BlameEntry[] = [];
  let commit = '';
  let origLine = 0;
  let line = 0;
  let open = false;
  let filename = '';
  const filenames = new Map<string, string>();
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    if (text.charCodeAt(pos) === 9) {
      if (open) entries.push({ line, commit, origLine, origPath: filename, text: text.slice(pos + 1, end) });
      open = false;
    } else if (text.startsWith('filename ', pos)) {
      filename = unquote(text.slice(pos + 9, end));
      filenames.set(commit, filename);
    } else if (end - pos === 8 && text.startsWith('boundary', pos)) {
      boundaries?.add(commit);
    } else if (end - pos >= 44 && text.charCodeAt(pos + 40) === 32 && HEAD.test(text.slice(pos, end))) {
      const [sha, orig, final] = text.slice(pos, end).split(' ');
      commit = sha!;
      filename = filenames.get(commit) ?? '';
      origLine = Number(orig);
      line = Number(final);
      open = true;
    }
    pos = end + 1;
  }
  return entries;
}

/** A group or line header: `<sha> <orig> <final>[ <count>]`. */
const HEAD = /^[0-9a-f]{40} \d+ \d+(?: \d+)?$/;

/** One commit that touched a line, from `git log -L`: newest first. */
export interface LineHistoryEntry {
  commit: string;
  /** ISO 8601 committer date. */
  date: string;
  subject: string;
  /** Path of the file in that commit. */
  path: string;
  /** 1-based lines of the traced range in that commit's version (empty when the commit removed them). */
  lines: number[];
}

/**
 * Every commit that touched line `line` of `file` at `revision` (default HEAD), newest
 * first, from `git log -L<line>,<line>:<file>`. Throws `GitError` when git refuses.
 */
export async function readLineHistory(cwd: string, file: string, line: number, revision = 'HEAD'): Promise<LineHistoryEntry[]> {
  const args = ['-c', 'core.quotePath=false', 'log', `-L${line},${line}:${file}`, '--format=%x1e%H%x1f%cI%x1f%s', '--no-color', revision];
  const { stdout } = await runGit(args, { cwd });
  return parseLineLog(stdout);
}

/** Parse the output of `readLineHistory`'s `git log -L` (a record separator before each commit, then its patch). Pure. */
export function parseLineLog(text: string): LineHistoryEntry[] {
  const out: LineHistoryEntry[] = [];
  for (const record of text.split('\x1e').slice(1)) {
    const [head = '', ...patch] = record.split('\n');
    const [commit = '', date = '', subject = ''] = head.split('\x1f');
    let path = '';
    const lines: number[] = [];
    for (const l of patch) {
      if (l.startsWith('+++ ')) path = l === '+++ /dev/null' ? path : unquote(l.slice(4)).replace(/^b\//, '');
      else if (l.startsWith('--- ') && !path) path = unquote(l.slice(4)).replace(/^a\//, '');
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(l);
      if (m) {
        const start = Number(m[1]);
        const count = m[2] === undefined ? 1 : Number(m[2]);
        for (let n = start; n < start + count; n++) lines.push(n);
      }
    }
    out.push({ commit, date, subject, path, lines });
  }
  return out;
}

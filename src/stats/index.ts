/**
 * `git drift stats` without the printing: read the commits of a range (one `git log`),
 * their notes (one batch), the added lines of the commits without a note (one
 * `git diff-tree --stdin`), survival at HEAD when asked (./survival.ts), and compute
 * the `Stats` object (./compute.ts, pure).
 */
import { UserError } from '../errors.js';
import { parseCombined, parseUnifiedZero } from '../git/diff.js';
import { readRepo } from '../git/repo.js';
import { GitError, runGit } from '../git/run.js';
import { readNoteHeads } from '../notes/read.js';
import { openNoteHeads } from '../notes/head-cache.js';
import { computeStats, type CommitFacts } from './compute.js';
import { readSurvival } from './survival.js';
import { STATS_GROUP_BY, type Stats, type StatsGroupBy } from './types.js';

export { computeStats, countRange, type CommitFacts, type StatsFacts, type SurvivalFacts } from './compute.js';
export { agentLinesOf, attributeSurvival, keptLines } from './survival.js';
export * from './types.js';

/** What `readStats` may leave out or add. */
export interface StatsOptions {
  /** Groupings to compute (default: all; `[]`: none, totals only). */
  by?: StatsGroupBy[];
  /**
   * Measure survival at HEAD (reads file versions, diffs lines). Default: when `by` includes `agent` (where
   * survival is shown).
   */
  survival?: boolean;
}

/** The range given, or `HEAD`. A range that git would read as an option is refused. */
function rangeRevs(range: string | undefined): string[] {
  const given = range === undefined || range === '' ? 'HEAD' : range;
  if (given.startsWith('-')) throw new UserError(`"${given}" is not a revision range (it starts with "-")`);
  return [given];
}

/** The commits of the range, newest first (one `git log`). Throws `UserError` for a range git cannot read. */
export async function readRangeCommits(cwd: string, revs: string[]): Promise<CommitFacts[]> {
  let out: string;
  try {
    out = (await runGit(['log', '--format=%H%x1f%P%x1f%aN <%aE>%x1f%at%x1f%s', ...revs, '--'], { cwd })).stdout;
  } catch (err) {
    if (err instanceof GitError) throw new UserError(`cannot read the revision range "${revs.join(' ')}": ${err.stderr.split('\n')[0]}`);
    throw err;
  }
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit = '', parents = '', author = '', time = '0', subject = ''] = line.split('\x1f');
      const date = new Date(Number(time) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return { commit, parents: parents.split(' ').filter(Boolean), author, date, subject };
    });
}

/**
 * The added lines per file of `commits` (full shas), with one `git diff-tree --stdin --cc
 * -U0 -M --root`: an ordinary commit against its parent (the empty tree for a root
 * commit), a merge only the lines it adds against every parent. Binary files add none.
 */
export async function readAddedCounts(cwd: string, commits: string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  if (commits.length === 0) return out;
  const args = ['-c', 'core.quotePath=false', 'diff-tree', '--stdin', '--cc', '-p', '-U0', '-M', '--no-color', '--no-ext-diff', '--root', '-r'];
  const { stdout } = await runGit(args, { cwd, input: `${commits.join('\n')}\n` });
  const wanted = new Set(commits);
  // Each commit's patch follows a line holding only its sha (content lines never start at column 0 with a hex digit run).
  const chunks = stdout.split(/^([0-9a-f]{40}(?:[0-9a-f]{24})?)$/m);
  for (let i = 1; i < chunks.length; i += 2) {
    const sha = chunks[i]!;
    if (!wanted.has(sha)) continue;
    const patch = (chunks[i + 1] ?? '').replace(/^\n/, '');
    const combined = patch.startsWith('diff --cc ') || patch.includes('\ndiff --cc ');
    const counts = out.get(sha) ?? new Map<string, number>();
    for (const f of combined ? parseCombined(patch) : parseUnifiedZero(patch)) counts.set(f.path, (counts.get(f.path) ?? 0) + f.lines.length);
    out.set(sha, counts);
  }
  return out;
}

/**
 * The stats of `range` (default `HEAD`: the whole history) in the repository at `cwd`.
 * Reads with a fixed number of git processes whatever the number of commits (log, notes
 * list, one cat-file batch for notes not cached, one diff-tree for commits without a
 * note, and for survival one cat-file batch for the file versions). Throws `UserError`
 * for a range git cannot read, `NotARepoError` outside a repository.
 */
export async function readStats(cwd: string, range: string | undefined, opts: StatsOptions = {}): Promise<Stats> {
  const repo = await readRepo(cwd);
  const revs = rangeRevs(range);
  const by = opts.by ? [...new Set(opts.by)] : [...STATS_GROUP_BY];
  const commits = await readRangeCommits(repo.root, revs);
  const cache = await openNoteHeads(repo.commonDir);
  const notes = await readNoteHeads(
    repo.root,
    commits.map((c) => c.commit),
    cache,
  );
  await cache.write();
  const unnoted = commits
    .filter((c) => {
      const n = notes.get(c.commit);
      return !n || 'invalid' in n;
    })
    .map((c) => c.commit);
  const measure = opts.survival ?? by.includes('agent');
  const [added, survival] = await Promise.all([
    readAddedCounts(repo.root, unnoted),
    measure
      ? readSurvival(
          repo.root,
          commits.map((c) => c.commit),
          notes,
        )
      : Promise.resolve(null),
  ]);
  return computeStats({ range: revs[0]!, commits, notes, unnoted: added, survival }, by);
}

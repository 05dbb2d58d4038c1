/**
 * Reading `git blame --porcelain`: for each line of a file at a revision, the commit that
 * last changed it and the line's number and path in that commit. The work is split by job
 * under `git/blame/`: `porcelain.ts` runs one git blame and parses its output, `cut.ts`
 * blames a long linear history in parallel revision ranges, `line-log.ts` reads one line's
 * history (`git log -L`). This module chooses between one plain git blame and the cut
 * history, and re-exports what callers use.
 */
import { availableParallelism, loadavg } from 'node:os';
import { blameCutHistory, planCuts, readBlamedPath, type BlameRequest, type CutOptions } from './blame/cut.js';
import { readPorcelainBlame, type BlameEntry } from './blame/porcelain.js';

export { UNCOMMITTED, parsePorcelain, readPorcelainBlame, type BlameEntry, type PorcelainBlame } from './blame/porcelain.js';
export { blameCutHistory, linesToRanges, planCuts, readBlamedPath, type BlamedPath, type BlameRequest, type CutOptions } from './blame/cut.js';
export { parseLineLog, readLineHistory, type LineHistoryEntry } from './blame/line-log.js';

/** How `readBlame` may split the work; every field has a default. */
export interface BlameOptions extends CutOptions {
  /**
   * How many git blame processes may blame revision ranges of a long linear history at once
   * (default: `idleCores()`, at most 4). 1 runs one plain `git blame` (and lists nothing).
   */
  jobs?: number;
  /** The work tree's top level (absolute), when the caller has it already; else git is asked. */
  top?: Promise<string> | string;
  /**
   * Called once, when the first git blame process has started: work that needs git too
   * (reading notes) can start then without delaying it.
   */
  started?: () => void;
}

/** At most this many git blame processes at once. */
const MAX_JOBS = 4;

/**
 * Cores with nothing to run: the available parallelism less the 1-minute load average
 * (rounded), at least 1. Ranges blamed at once cost more CPU in all than one plain blame
 * (each range re-reads the blobs at its boundary, and boundary lines are blamed again), so
 * they only pay when cores would otherwise sit idle; on a busy machine one plain blame is
 * both cheaper and as fast. Where the load is unknown (0, as on Windows) every core counts.
 */
export function idleCores(): number {
  return Math.max(1, availableParallelism() - Math.round(loadavg()[0] ?? 0));
}

/**
 * Blame `req.file` in `cwd`: the same entries as `git blame --porcelain` gives, in line
 * order. Without a revision, the work tree is blamed (like `git blame`), so uncommitted
 * lines come back with `UNCOMMITTED`.
 *
 * One plain git blame starts at once. With idle cores (`idleCores`), the file's history is
 * listed beside it (`planCuts`): only when it is long, quick to list and free of merges is the plain blame
 * stopped and the history blamed in parallel revision ranges instead (`blameCutHistory`),
 * which is faster there given idle cores; elsewhere the plain blame, already under way,
 * answers. A revision range, or a revision that looks like an option, is left to the
 * plain git blame. Throws `GitError` when git fails (unknown file or revision, range past
 * the end).
 */
export async function readBlame(cwd: string, req: BlameRequest, opts: BlameOptions = {}): Promise<BlameEntry[]> {
  const jobs = Math.max(1, Math.floor(opts.jobs ?? Math.min(idleCores(), MAX_JOBS)));
  const single = req.revision === undefined || !/^[-^]|\.\.|\s/.test(req.revision);
  const ranges = req.range ? [req.range] : [];
  const plainStop = new AbortController();
  const plain = readPorcelainBlame(cwd, req.file, { revision: req.revision, ranges }, plainStop.signal);
  plain.catch(() => undefined); // awaited below unless the history is cut
  opts.started?.();
  const cuts = jobs > 1 && single ? await planCuts(cwd, req, jobs, opts) : null;
  if (!cuts) return (await plain).entries;
  plainStop.abort();
  try {
    return await blameCutHistory(cwd, req, cuts, () => readBlamedPath(cwd, req.file, opts.top));
  } catch {
    // git refused a range (its message is the plain blame's to give), or a range did not
    // hold a line its boundary named: one plain blame answers.
    return (await readPorcelainBlame(cwd, req.file, { revision: req.revision, ranges })).entries;
  }
}

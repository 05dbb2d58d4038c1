/**
 * `git drift log [<range>] [-n N] [--json]`: per commit, the agents and sessions behind it
 * with their edits applied and rejected, and the human line count (read by `src/log/`).
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { readRepo } from '../git/repo.js';
import { readRepoNear } from '../git/repo-discover.js';
import { readLog } from '../log/index.js';
import { readLogJson } from '../log/json.js';
import { renderLog, type LogEntry } from '../render/log.js';
import { writeText } from './output.js';

/** Read the commits of the range and their notes, then print them. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const repo = readRepoNear(args.cwd); // beside the git log, not before it (from the files when they leave no doubt)
  repo.catch(() => undefined); // awaited through readLog
  const range = typeof args.range === 'string' ? args.range : 'HEAD';
  const n = typeof args.n === 'number' && Number.isFinite(args.n) ? Math.max(0, Math.floor(args.n)) : undefined;
  const commonDir = repo.then((r) => r.commonDir);
  let entries: LogEntry[] | string;
  try {
    // --json: the entries' text itself, each note's part rendered once and kept (src/log/json.ts)
    entries = args.json ? await readLogJson(args.cwd, range, n, commonDir) : await readLog(args.cwd, range, n, commonDir);
  } catch (err) {
    await readRepo(args.cwd); // outside a repository or with a broken config, git's own word on it rather than the range's message
    throw err;
  }
  if (typeof entries === 'string') io.stdout.write(`${entries}\n`);
  else writeText(io.stdout, renderLog(entries));
  return 0;
}

/**
 * `git drift blame <file> [-L <start>,<end>] [<revision>] [--json]` and
 * `git drift blame --line N <file> [<revision>] [--json]`: which agent, session and prompt
 * produced each line, or one line's whole history.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { readRepo, type Repo } from '../git/repo.js';
import { readRepoNear } from '../git/repo-discover.js';
import { GitError } from '../git/run.js';
import { blameFile, blameShares } from '../blame/index.js';
import { renderBlame, renderTimeline } from '../render/blame.js';
import { UserError } from '../errors.js';
import type { OpenSessionContext } from '../repo/context.js';

/** Capture's `openCaptureContext`, loaded only when uncommitted lines need it (blame of committed lines never loads capture). */
const openLazily: OpenSessionContext = async (...args) => (await import('../capture/index.js')).openCaptureContext(...args);

/** Parse `-L <start>,<end>` (1-based, inclusive; `<start>` alone means one line). Throws `UserError` on anything else. */
export function parseLineRange(value: string): { start: number; end: number } {
  const m = /^(\d+)(?:,(\d+))?$/.exec(value.trim());
  const start = m ? Number(m[1]) : NaN;
  const end = m?.[2] !== undefined ? Number(m[2]) : start;
  if (!m || start < 1 || end < start) throw new UserError(`-L wants <start>,<end> with 1 <= start <= end, got "${value}"`);
  return { start, end };
}

/** Blame, or trace one line; print text or JSON. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  // The repository is read alongside the blame (a clear error outside one either way), once
  // blame's own git processes have started.
  let reading: Promise<Repo> | undefined;
  const repo = () => {
    reading ??= readRepoNear(args.cwd); // from the files when they leave no doubt: one git process fewer
    reading.catch(() => undefined);
    return reading;
  };
  const file = String(args.file);
  const revision = typeof args.revision === 'string' ? args.revision : undefined;
  const colour = Boolean(process.stdout.isTTY) && !io.env.NO_COLOR;
  try {
    if (args.line !== undefined) {
      const line = Number(args.line);
      if (!Number.isInteger(line) || line < 1) throw new UserError(`--line wants a 1-based line number, got "${String(args.line)}"`);
      await repo();
      const { lineTimeline } = await import('../blame/timeline.js');
      const timeline = await lineTimeline(args.cwd, file, line, revision);
      io.stdout.write(args.json ? `${JSON.stringify(timeline, null, 2)}\n` : renderTimeline(timeline, { colour }));
      return 0;
    }
    const range = typeof args.L === 'string' ? parseLineRange(args.L) : undefined;
    const result = await blameFile(args.cwd, repo, { file, revision, range }, { open: openLazily });
    io.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : renderBlame(result.lines, blameShares(result.lines), { colour }));
    return 0;
  } catch (err) {
    if (err instanceof GitError) await readRepo(args.cwd); // outside a repository or with a broken config, git's own word on it rather than blame's message
    if (err instanceof GitError) throw new UserError(`git could not blame ${file}${revision ? ` at ${revision}` : ''}: ${err.stderr.trim().split('\n')[0] ?? err.message}`);
    throw err;
  }
}

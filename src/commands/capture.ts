/**
 * `git drift capture [commit]`: what post-commit does, on demand (for a commit made with
 * hooks off, or to refresh a note). Without a commit it first finishes the captures a hook
 * left partial (src/store/partial.ts: the hook ran out of its time budget), oldest
 * first, then captures HEAD. Prints one line per commit captured.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { captureCommit, describeCapture, openCaptureContext, type CaptureContext } from '../capture/index.js';
import { clearPartial, readPartials } from '../store/partial.js';
import { gitText } from '../git/run.js';
import { writeText } from './output.js';

/** Capture `args.commit` (default: the partial captures, then HEAD) and print what was attributed. The store's lock is released whatever happens. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const env = io.env;
  const ctx = await openCaptureContext(args.cwd, env);
  try {
    return await capture(args, io, ctx);
  } finally {
    await ctx.store.close();
  }
}

/** The capture itself, with the store of `ctx` open. */
async function capture(args: Args, io: CommandIO, ctx: CaptureContext): Promise<ExitCode> {
  const given = typeof args.commit === 'string' ? args.commit : null;
  const partial = given ? [] : await readPartials(ctx.repo.commonDir);
  for (const p of partial) {
    const exists = await gitText(['cat-file', '-t', p.commit], { cwd: ctx.repo.root, allowExit: [1, 128] }).catch(() => '');
    if (exists === 'commit') {
      const result = await captureCommit(ctx, p.commit);
      writeText(io.stdout, `${describeCapture(result)} (partial capture finished)\n`);
    }
    await clearPartial(ctx.repo.commonDir, p.commit);
  }
  const result = await captureCommit(ctx, given ?? 'HEAD');
  await clearPartial(ctx.repo.commonDir, result.commit);
  if (!partial.some((p) => p.commit === result.commit)) writeText(io.stdout, `${describeCapture(result)}\n`);
  if (result.recordsRefused) writeText(io.stderr, `git drift: records not written: ${result.recordsRefused}\n`);
  return 0;
}

/**
 * `git drift capture [commit]`: what post-commit does, on demand (for a commit made with
 * hooks off, or to refresh a note). Prints the one-line result.
 */
import type { Args, ExitCode } from '../cli.js';
import { captureCommit, describeCapture, openCaptureContext } from '../capture/index.js';
import { writeText } from './output.js';

/** Capture `args.commit` (default HEAD) and print what was attributed. */
export async function run(args: Args): Promise<ExitCode> {
  const env = (args.env as NodeJS.ProcessEnv | undefined) ?? process.env;
  const ctx = await openCaptureContext(args.cwd, env);
  const result = await captureCommit(ctx, typeof args.commit === 'string' ? args.commit : 'HEAD');
  writeText(process.stdout, `${describeCapture(result)}\n`);
  return 0;
}

/**
 * `git drift sessions [--json]`: the agent sessions of this repository, read from the
 * agents' logs (incrementally, like a capture) and the local store.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { ingestLogs, openCaptureContext } from '../capture/index.js';
import { renderSessions } from '../render/sessions.js';
import { sessionRows } from '../sessions/index.js';
import { writeText } from './output.js';

/** List the sessions; `--json` prints the `sessions/1` array documented in docs/format.md. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const env = io.env;
  const ctx = await openCaptureContext(args.cwd, env);
  await ingestLogs(ctx);
  await ctx.store.write().catch(() => undefined); // A read-only store only costs a re-read next time.
  await ctx.store.close();
  const rows = await sessionRows(ctx);
  if (args.json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else writeText(io.stdout, renderSessions(rows));
  return 0;
}

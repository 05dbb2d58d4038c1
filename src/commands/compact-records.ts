/**
 * `git drift compact-records <commit>` (hidden): what post-commit starts in the background
 * with `drift.llm.records`: condense the records of the sessions in the commit's note with
 * the LLM (src/handoff/records.ts). Writes one line per record to drift.log and stdout.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { openCaptureContext } from '../capture/index.js';
import { gitText } from '../git/run.js';
import { condenseRecords } from '../handoff/records.js';
import { appendLog } from '../store/index.js';
import { writeText } from './output.js';

/** Condense, log what happened, exit 0 (a background job has no one to report a failure to but the log). */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const env = io.env;
  const ctx = await openCaptureContext(args.cwd, env, undefined, { lock: false });
  const commit = await gitText(['rev-parse', '--verify', `${typeof args.commit === 'string' ? args.commit : 'HEAD'}^{commit}`], { cwd: ctx.repo.root });
  let lines: string[];
  try {
    const outcomes = await condenseRecords(ctx, commit, new Date());
    lines = outcomes.map((o) => `compact-records ${commit.slice(0, 8)}: ${o.record} ${o.result}${o.line ? ` (${o.line})` : ''}`);
  } catch (err) {
    lines = [`compact-records ${commit.slice(0, 8)} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`];
  }
  for (const line of lines) await appendLog(ctx.repo.commonDir, line);
  writeText(io.stdout, lines.map((l) => `${l}\n`).join(''));
  return 0;
}

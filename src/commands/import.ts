/**
 * `git drift import git-ai [<range>] [--ref <ref>] [--json]` and
 * `git drift import agent-trace <file> [--json]`: attribution recorded by other tools,
 * given to commits as drift notes merged with the ones they have.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { UserError } from '../errors.js';
import { readRepo } from '../git/repo.js';
import { importAgentTrace, readTraceFile } from '../interop/agent-trace/index.js';
import { GIT_AI_REF, importGitAi } from '../interop/git-ai/index.js';
import { notesRefName } from '../notes/foreign.js';
import { renderImport } from '../render/interop.js';

/** Read the foreign notes or records, map and merge them, then print what changed. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  if (args.format !== 'git-ai' && args.format !== 'agent-trace') throw new UserError(`cannot import "${String(args.format)}": the formats are git-ai and agent-trace`);
  const repo = await readRepo(args.cwd);
  const given = typeof args.source === 'string' ? args.source : null;
  if (args.format === 'agent-trace') {
    if (given === null) throw new UserError('import agent-trace needs the trace file to read: git drift import agent-trace <file>');
    if (args.ref !== undefined) throw new UserError('--ref is for git-ai notes; an Agent Trace import reads a file');
    const result = await importAgentTrace(repo.root, await readTraceFile(given));
    io.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : renderImport(result, given));
    return 0;
  }
  const ref = notesRefName(typeof args.ref === 'string' ? args.ref : GIT_AI_REF);
  const result = await importGitAi(repo.root, { range: given, ref });
  io.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : renderImport(result, ref));
  return 0;
}

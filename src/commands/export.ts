/**
 * `git drift export git-ai [<range>] [--ref <ref>] [--force] [--json]` and
 * `git drift export agent-trace [<range>] [--output <file>]`: drift notes in the formats
 * of other tools.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Args, CommandIO, ExitCode } from './io.js';
import { UserError } from '../errors.js';
import { readRepo } from '../git/repo.js';
import { readPackageRoot } from '../install/hooks.js';
import { exportAgentTrace } from '../interop/agent-trace/index.js';
import { exportGitAi, GIT_AI_REF } from '../interop/git-ai/index.js';
import { notesRefName } from '../notes/foreign.js';
import { escapeControls, renderGitAiExport } from '../render/interop.js';

/** Read the drift notes of the range, render them in the target format, then write or print them. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  if (args.format !== 'git-ai' && args.format !== 'agent-trace') throw new UserError(`cannot export "${String(args.format)}": the formats are git-ai and agent-trace`);
  const repo = await readRepo(args.cwd);
  const range = typeof args.range === 'string' ? args.range : null;
  if (args.format === 'agent-trace') {
    if (args.ref !== undefined || args.force) throw new UserError('--ref and --force are for git-ai notes; an Agent Trace export prints records (or writes --output)');
    const traces = await exportAgentTrace(repo.root, range, await readVersion());
    const text = traces.records.map((r) => `${JSON.stringify(r)}\n`).join('');
    if (typeof args.output === 'string') await writeFile(resolve(args.cwd, args.output), text);
    else io.stdout.write(text);
    for (const s of traces.skipped) io.stderr.write(`git-drift: skipped ${s.commit?.slice(0, 12)}: ${escapeControls(s.reason)}\n`);
    return 0;
  }
  if (args.output !== undefined) throw new UserError('--output is for Agent Trace; a git-ai export writes notes on --ref');
  const ref = notesRefName(typeof args.ref === 'string' ? args.ref : GIT_AI_REF);
  const result = await exportGitAi(repo.root, { range, ref, force: args.force === true });
  io.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : renderGitAiExport(result));
  return 0;
}

/** git drift's version, from its package.json (`0.0.0` when it has none). */
async function readVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(await readPackageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

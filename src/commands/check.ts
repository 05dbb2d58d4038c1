/**
 * `git drift check [<range>] [--json] [--format text|github] [--max-ai-percent N]
 * [--max-unknown-percent N]`: for CI, fail when a commit of the range has no drift note or
 * an invalid one, a note carries a secret, or the range's share of agent or unknown lines
 * passes its limit.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { readCheck, type CheckReport } from '../check/index.js';
import { parseSettings } from '../config.js';
import { readDriftConfig, readRepo } from '../git/repo.js';
import { readRepoNear } from '../git/repo-discover.js';
import { renderCheckGithub, renderCheckJson, renderCheckText } from '../render/check.js';
import { writeText } from './output.js';
import { readPackageVersion } from '../version.js';

/** Check the range and print the verdicts. Exit 0 when every commit is ok and every policy holds, else 1. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  // The repository and its config are read beside the range and the notes, not before them.
  const repo = readRepoNear(args.cwd); // from the files when they leave no doubt: one git process fewer
  const patterns = readDriftConfig(args.cwd).then((config) => parseSettings(config).redactPatterns);
  for (const p of [repo, patterns]) p.catch(() => undefined); // awaited by readCheck, or below
  const range = typeof args.range === 'string' && args.range !== '' ? args.range : null;
  const limit = (v: unknown) => (v === undefined ? undefined : Number(v));
  let report: CheckReport;
  try {
    report = await readCheck(
      args.cwd,
      range,
      patterns,
      { maxAiPercent: limit(args.maxAiPercent), maxUnknownPercent: limit(args.maxUnknownPercent) },
      repo.then((r) => ({ commonDir: r.commonDir, version: readPackageVersion() })),
    );
  } catch (err) {
    await readRepo(args.cwd); // outside a repository or with a broken config, git's own word on it rather than the range's message
    throw err;
  }
  const render = args.json ? renderCheckJson : args.format === 'github' ? renderCheckGithub : renderCheckText;
  if (args.json) io.stdout.write(render(report));
  else writeText(io.stdout, render(report));
  return report.ok ? 0 : 1;
}

/**
 * `git drift check [<range>] [--json] [--format text|github]`: for CI, fail when a commit
 * of the range has no drift note or an invalid one, or a note carries a secret.
 */
import type { Args, ExitCode } from '../cli.js';
import { readCheck } from '../check/index.js';
import { parseSettings } from '../config.js';
import { readDriftConfig, readRepo } from '../git/repo.js';
import { renderCheckGithub, renderCheckJson, renderCheckText } from '../render/check.js';
import { output, writeText } from './output.js';

/** Check the range and print the verdicts. Exit 0 when every commit is ok, else 1. */
export async function run(args: Args): Promise<ExitCode> {
  const repo = await readRepo(args.cwd);
  const settings = parseSettings(await readDriftConfig(repo.root));
  const range = typeof args.range === 'string' && args.range !== '' ? args.range : null;
  const report = await readCheck(repo.root, range, settings.redactPatterns);
  const render = args.json ? renderCheckJson : args.format === 'github' ? renderCheckGithub : renderCheckText;
  if (args.json) output(args).write(render(report));
  else writeText(output(args), render(report));
  return report.ok ? 0 : 1;
}

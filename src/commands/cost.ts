/**
 * `git drift cost [--json]`: what this clone's LLM calls cost, from the local ledger
 * (`<git-common-dir>/drift/ledger.json`), against `drift.llm.maxCostUsd`.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { parseSettings } from '../config.js';
import { readDriftConfig, readRepo } from '../git/repo.js';
import { buildCostReport, renderCost } from '../render/cost.js';
import { ledgerPath, readLedger } from '../store/ledger.js';

/** Print the cost report (text, or `CostReport` JSON with `--json`). Exit 0. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const repo = await readRepo(args.cwd);
  const [settings, entries] = await Promise.all([readDriftConfig(repo.root).then(parseSettings), readLedger(repo.commonDir)]);
  const report = buildCostReport(entries, ledgerPath(repo.commonDir), settings.llmMaxCostUsd, new Date());
  io.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : renderCost(report));
  return 0;
}

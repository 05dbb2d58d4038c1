/**
 * `git drift stats [<range>] [--by agent|model|session|author|file|day] [--json]`: added
 * lines by state per group, what the agents did, and how much of their code survived at
 * HEAD, from the notes alone.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { renderStatsJson, renderStatsText } from '../render/stats.js';
import { readStats, STATS_GROUP_BY, type StatsGroupBy } from '../stats/index.js';

/** The groupings asked with `--by` (repeatable), in the order given, without repeats. */
function groupings(by: unknown): StatsGroupBy[] {
  const given = (Array.isArray(by) ? by : by === undefined ? [] : [by]).map(String);
  return [...new Set(given)].filter((g): g is StatsGroupBy => (STATS_GROUP_BY as readonly string[]).includes(g));
}

/** Read the stats of the range and print them. Exit 0. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const range = typeof args.range === 'string' && args.range !== '' ? args.range : undefined;
  const by = groupings(args.by);
  const text = !args.json;
  // The text shows agent and model without --by; JSON holds every grouping without --by.
  const stats = await readStats(args.cwd, range, { by: by.length > 0 ? by : text ? ['agent', 'model'] : undefined });
  io.stdout.write(text ? renderStatsText(stats, by) : renderStatsJson(stats));
  return 0;
}

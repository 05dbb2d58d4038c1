/**
 * `git drift pr-report [<base>..<head>] [--format markdown|json]`: the provenance of a pull
 * request as markdown for its description or a comment (or JSON), from the notes alone.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { readPrReport } from '../pr-report/index.js';
import { renderPrReportJson, renderPrReportMarkdown } from '../render/pr-report.js';

/** Read the report of the range and print it. Exit 0. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const range = typeof args.range === 'string' && args.range !== '' ? args.range : undefined;
  const report = await readPrReport(args.cwd, range);
  io.stdout.write(args.format === 'json' ? renderPrReportJson(report) : renderPrReportMarkdown(report));
  return 0;
}

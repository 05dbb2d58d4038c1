/**
 * The `git drift` command line: one explicit, declarative list of subcommands, each loaded
 * lazily, and the only place that sets the exit code of a command.
 *
 * Two parsers read the same specs. A plain, valid command line is read by yargs-parser
 * (the parser inside yargs, a few ms to load) and the command starts at once; anything
 * else (`--help`, no command, an unknown option, a missing argument, a bad choice, a
 * conflict) goes to the full yargs program in `cli-yargs.ts`, which prints the help or the
 * usage error. yargs alone costs every command about 45 ms of start-up (loading it, and
 * the help text it renders on each run), which a command such as blame cannot spare.
 */
import { exitOnUserError } from './render/errors.js';
import { processIO, type CommandRun, type ExitCode } from './commands/io.js';
import { COMMAND_LINES, commandShape, gitStyleArgs, helpArgs, quickParse as quickParseLine, type CommandLineSpec } from './cli-parse.js';
import { readPackageVersion } from './version.js';

export type { Args, CommandIO, ExitCode } from './commands/io.js';
export { readPackageVersion };
export { commandShape, gitStyleArgs, helpArgs, type CommandLineSpec, type OptionSpec } from './cli-parse.js';

/** One subcommand: its command line (cli-parse.ts) and its module, loaded when it runs. */
export interface CommandSpec extends CommandLineSpec {
  load: () => Promise<{ run: CommandRun }>;
}

/** Each subcommand's module, by command name. */
const LOADERS: Record<string, CommandSpec['load']> = {
  install: () => import('./commands/install.js'),
  uninstall: () => import('./commands/uninstall.js'),
  status: () => import('./commands/status.js'),
  sessions: () => import('./commands/sessions.js'),
  log: () => import('./commands/log.js'),
  blame: () => import('./commands/blame.js'),
  report: () => import('./commands/report.js'),
  repair: () => import('./commands/repair.js'),
  import: () => import('./commands/import.js'),
  export: () => import('./commands/export.js'),
  capture: () => import('./commands/capture.js'),
  check: () => import('./commands/check.js'),
  stats: () => import('./commands/stats.js'),
  'pr-report': () => import('./commands/pr-report.js'),
  sync: () => import('./commands/sync.js'),
  handoff: () => import('./commands/handoff.js'),
  mcp: () => import('./commands/mcp.js'),
  cost: () => import('./commands/cost.js'),
  'compact-records': () => import('./commands/compact-records.js'),
  demo: () => import('./commands/demo.js'),
};

/** Every subcommand, in help order: `COMMAND_LINES` with their modules. */
export const COMMANDS: CommandSpec[] = COMMAND_LINES.map((spec) => ({ ...spec, load: LOADERS[commandShape(spec).name]! }));

/**
 * Read `argv` (without node and script) by the specs alone: `quickParse` of cli-parse.ts,
 * with the command's module. Null when yargs must read the line (help, a usage error). Pure.
 */
export function quickParse(argv: string[]): { spec: CommandSpec; args: Record<string, unknown> & { _: (string | number)[] } } | null {
  const quick = quickParseLine(argv);
  return quick && { spec: COMMANDS[COMMAND_LINES.indexOf(quick.spec)]!, args: quick.args };
}

/**
 * Parse `argv` (without node and script), run the subcommand, and return its exit code.
 * User-fixable problems print one `git-drift:` line and return 1; usage errors return 2.
 */
export async function main(given: string[], cwd = process.cwd()): Promise<ExitCode> {
  const argv = helpArgs(gitStyleArgs(given));
  try {
    const quick = quickParse(argv);
    if (quick) return await (await quick.spec.load()).run({ ...quick.args, cwd }, processIO(cwd));
    const { runWithYargs } = await import('./cli-yargs.js');
    return await runWithYargs(argv, cwd, COMMANDS, readPackageVersion());
  } catch (err) {
    return exitOnUserError(err);
  }
}

/** Entry point used by `bin/git-drift`. */
export async function runCli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2));
}

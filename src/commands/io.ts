/**
 * What every subcommand is given beside its parsed arguments: where it runs, its
 * environment and where it prints (`CommandIO`), so that a command reads no process globals
 * of its own and a test can run one in a sandbox and collect its output.
 */
import type { Sink } from './output.js';

/** What a subcommand's `run` returns: the process exit code (0 success, 1 a finding/failure). */
export type ExitCode = number;

/**
 * The parsed arguments every subcommand receives: options by their name and its camelCase
 * form (`print-config` and `printConfig`), positionals by name, `_` (the command name), and
 * `cwd` (the same directory as `CommandIO.cwd`).
 */
export type Args = Record<string, unknown> & { _: (string | number)[]; cwd: string };

/** Where a subcommand runs and prints. */
export interface CommandIO {
  /** The directory the command was run from (absolute). */
  cwd: string;
  /** The environment for git, agent homes (`HOME`, `CLAUDE_CONFIG_DIR`…) and the LLM key. */
  env: NodeJS.ProcessEnv;
  /** Where results go (JSON output is written unescaped; text goes through `writeText`). */
  stdout: Sink;
  /** Where `git-drift:` lines for the user go. */
  stderr: Sink;
}

/** A subcommand: its parsed arguments and its `CommandIO`, to an exit code. */
export type CommandRun = (args: Args, io: CommandIO) => Promise<ExitCode>;

/** The `CommandIO` of this process: `cwd`, `process.env`, standard output and error. */
export function processIO(cwd: string): CommandIO {
  return { cwd, env: process.env, stdout: process.stdout, stderr: process.stderr };
}

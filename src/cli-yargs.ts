/**
 * The full yargs program of `git drift`, built from the same specs as the quick parser in
 * `cli.ts`: help (`--help`, per command too), and usage errors (unknown command or option,
 * missing argument, bad choice, conflicting options). Loaded only when the quick parser
 * declines a command line.
 */
import yargs, { type Argv, type Options } from 'yargs';
import type { CommandSpec } from './cli.js';
import { processIO, type Args, type ExitCode } from './commands/io.js';
import { commandShape } from './cli.js';

/** Build a command's yargs builder from its spec. */
function builder(spec: CommandSpec): (y: Argv) => Argv {
  return (y) => {
    const { required, optional } = commandShape(spec);
    for (const name of [...required, ...optional]) y = y.positional(name, { type: 'string', describe: spec.positionals?.[name] });
    for (const [name, o] of Object.entries(spec.options ?? {})) y = y.option(name, o as Options);
    for (const [a, b] of spec.conflicts ?? []) y = y.conflicts(a, b);
    return y;
  };
}

/** The command that prints yargs' shell completion script. */
export const COMPLETION_COMMAND = 'completion';

/**
 * Appended to yargs' bash script: git's own bash completion calls `_git_<command>` for
 * `git drift <Tab>`; this asks the same yargs completion for the words after `git drift`.
 */
const GIT_COMPLETION_BASH = `_git_drift() { COMPREPLY=($(compgen -W "$(git-drift --get-yargs-completions git-drift "\${words[@]:2}")" -- "$cur")); }\n`;

/** Whether yargs prints its zsh completion script rather than the bash one (its own test). */
function isZsh(): boolean {
  return Boolean(process.env.ZSH_NAME) || (process.env.SHELL ?? '').includes('zsh');
}

/**
 * The yargs program for `commands`: strict, help on, `--version`/`-v` printing `version`
 * (none when null), and yargs' shell completion (`git drift completion` prints the script;
 * the script asks `git-drift --get-yargs-completions …`). `onCommand` receives the chosen
 * command and its arguments; `onFail` each usage error (yargs may report two for one
 * mistake). Parsing is the caller's (`parseAsync`).
 */
function program(argv: string[], commands: CommandSpec[], onCommand: (spec: CommandSpec, args: Record<string, unknown>) => void, onFail: (msg: string) => void, version: string | null = null): Argv {
  // The completion script names the program it completes and calls it: that must be one
  // word on PATH (git-drift), where help and errors say `git drift`.
  let parser = yargs(argv)
    .scriptName(argv[0] === COMPLETION_COMMAND ? 'git-drift' : 'git drift')
    .strict()
    .demandCommand(1, 'name a command; see git drift --help')
    .help()
    .completion(COMPLETION_COMMAND, 'print a shell completion script for bash or zsh (see README)');
  parser = version === null ? parser.version(false) : parser.version(version).alias('version', 'v');
  parser = parser.fail((msg, err) => {
    if (err) throw err;
    onFail(msg);
  });
  for (const spec of commands) {
    // `false` hides a command from the help at run time; the typings only allow it without a builder function.
    parser = parser.command(spec.command, spec.describe as string, builder(spec), (args) => onCommand(spec, args));
  }
  return parser;
}

/**
 * Parse `argv` with yargs and run the chosen command, if any; `version` answers `--version`.
 * Returns the exit code: the command's, 0 after help, version or completion, 2 after a
 * usage error (printed as one `git-drift:` line, the last and most precise yargs gave).
 * A command's `UserError` propagates to `main`.
 */
export async function runWithYargs(argv: string[], cwd: string, commands: CommandSpec[], version: string | null = null): Promise<ExitCode> {
  let code: ExitCode = 0;
  // yargs still runs the command after reporting some usage errors (a bad `choices` value):
  // remember the error, skip the command, and exit 2. It may report two for one mistake
  // ("not enough arguments", then "missing argument: file"): the last is the precise one.
  let usage: string | null = null;
  // Handlers only start their command; it is awaited after parsing, so its UserError is
  // reported like any other.
  let work: Promise<void> | null = null;
  const parser = program(
    argv,
    commands,
    (spec, args) => {
      if (usage !== null) return;
      work = (async () => {
        const mod = await spec.load();
        code = await mod.run({ ...(args as unknown as Args), cwd }, processIO(cwd));
      })();
    },
    (msg) => {
      usage = msg;
    },
    version,
  );
  // No exit after the completion script, so that the line for git's own completion follows it.
  await parser.exitProcess(argv[0] !== COMPLETION_COMMAND).parseAsync();
  if (argv[0] === COMPLETION_COMMAND && usage === null && !isZsh()) process.stdout.write(GIT_COMPLETION_BASH);
  if (usage !== null) {
    process.stderr.write(`git-drift: ${usage}\n`);
    return 2;
  }
  if (work) await work;
  return code;
}

/**
 * What the same yargs program makes of `argv` for `commands`, without running anything:
 * the chosen command's name and arguments, or null after help or a usage error (nothing
 * printed). For tests that hold the quick parser to yargs' reading.
 */
export async function parseWithYargs(argv: string[], commands: CommandSpec[]): Promise<{ command: string; args: Record<string, unknown> } | null> {
  let chosen: { command: string; args: Record<string, unknown> } | null = null;
  let failed = false;
  const parser = program(
    argv,
    commands,
    (spec, args) => {
      chosen = { command: commandShape(spec).name, args: { ...args } };
    },
    () => {
      failed = true;
    },
  );
  // No exit after help, and the callback keeps help text off stdout.
  await parser
    .exitProcess(false)
    .showHelpOnFail(false)
    .parseAsync(argv, {}, () => undefined);
  return failed ? null : chosen;
}

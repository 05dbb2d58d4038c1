/**
 * The user-facing error class of git drift. A `UserError` is a problem the user can fix:
 * its message says what failed and what to do next, and the CLI prints it as one line.
 * Git failures are `GitError`, other programs' `ProcessError` (run by `src/git/run.ts`).
 */
import { escapeTerminal } from './render/terminal.js';

/** A user-fixable problem; `message` says what failed and what to do next. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A program run through `runCommand` that exited with an unexpected code (or could not start). */
export class ProcessError extends Error {
  /** The program, e.g. `xdg-open` or `git`. */
  readonly file: string;
  /** The arguments given to the program, e.g. `['notes', '--ref=drift', 'show', 'HEAD']`. */
  readonly args: string[];
  /** The program's exit code, or null when it could not be started or was stopped. */
  readonly exitCode: number | null;
  /** The program's standard error, trimmed. */
  readonly stderr: string;

  constructor(file: string, args: string[], exitCode: number | null, stderr: string) {
    super(`${file} ${args.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}: ${stderr.trim() || 'no message'}`);
    this.name = 'ProcessError';
    this.file = file;
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr.trim();
  }
}

/** A git command that exited non-zero (or could not start): a `ProcessError` whose `file` is `git`. */
export class GitError extends ProcessError {
  constructor(args: string[], exitCode: number | null, stderr: string) {
    super('git', args, exitCode, stderr);
    this.name = 'GitError';
  }
}

/** Most characters of a failed program's standard error shown in its one line. */
const MAX_SHOWN_STDERR = 400;

/**
 * One line for a program that failed: `git rev-parse failed (exit 128): fatal: bad config
 * line 7 in file .git/config` (the program and its first argument only; its standard error
 * on one line, cut at `MAX_SHOWN_STDERR` characters). Control characters are escaped. Pure.
 */
export function describeProcessError(err: ProcessError): string {
  const said = err.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' / ');
  const cut = said.length > MAX_SHOWN_STDERR ? `${said.slice(0, MAX_SHOWN_STDERR)}…` : said;
  const what = [err.file, ...subcommandOf(err.args)].join(' ');
  return escapeTerminal(`${what} failed${err.exitCode === null ? '' : ` (exit ${err.exitCode})`}: ${cut || 'no message'}`, true);
}

/** The first argument that is not an option nor the value of `-c`/`-C` (git's subcommand), as a list of at most one. */
function subcommandOf(args: string[]): string[] {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '-C') i++;
    else if (!args[i]!.startsWith('-')) return [args[i]!];
  }
  return [];
}

/**
 * The exit code of a command that threw `err`: a `UserError` is printed as one
 * `git-drift: <message>` line on standard error, a program that failed (`ProcessError`, a
 * broken `.git/config` say) as one `git-drift: <program> failed …` line
 * (`describeProcessError`), and both give 1; anything else is thrown again.
 */
export function exitOnUserError(err: unknown): 1 {
  if (err instanceof ProcessError) {
    process.stderr.write(`git-drift: ${describeProcessError(err)}\n`);
    return 1;
  }
  if (!(err instanceof UserError)) throw err;
  process.stderr.write(`git-drift: ${err.message}\n`);
  return 1;
}

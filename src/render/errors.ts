/**
 * How a command that failed is told: one `git-drift:` line on standard error for a problem
 * the user can fix (`UserError`) or a program that failed under it (`ProcessError`, e.g. git
 * on a broken `.git/config`), never a stack trace.
 */
import { ProcessError, UserError } from '../errors.js';
import { escapeTerminal } from './terminal.js';

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

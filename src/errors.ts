/**
 * The error classes of git drift. A `UserError` is a problem the user can fix:
 * its message says what failed and what to do next; the CLI prints it as one line
 * (`src/render/errors.ts`, which also prints a failed program as one line).
 * Git failures are `GitError`, other programs' `ProcessError` (run by `src/git/run.ts`).
 */

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

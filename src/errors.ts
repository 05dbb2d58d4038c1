/**
 * The user-facing error class of git drift. A `UserError` is a problem the user can fix:
 * its message says what failed and what to do next, and the CLI prints it as one line.
 * (Git failures are `GitError` from `src/git/run.ts`.)
 */

/** A user-fixable problem; `message` says what failed and what to do next. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The exit code of a command that threw `err`: a `UserError` is printed as one
 * `git-drift: <message>` line on standard error and gives 1; anything else is thrown again.
 */
export function exitOnUserError(err: unknown): 1 {
  if (!(err instanceof UserError)) throw err;
  process.stderr.write(`git-drift: ${err.message}\n`);
  return 1;
}

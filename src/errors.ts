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

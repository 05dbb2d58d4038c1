/** `git drift blame`'s start-up bundle (`dist/quick-blame.cjs`; see ./run.ts). */
import { run } from '../commands/blame.js';
import { runQuick } from './run.js';
import type { ExitCode } from '../commands/io.js';

/** Run `git drift blame` with `given` (the arguments after `git drift`); null when the full command line must read them. */
export const runCommand = (given: string[]): Promise<ExitCode | null> => runQuick('blame', run, given);

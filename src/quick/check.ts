/** `git drift check`'s start-up bundle (`dist/quick-check.cjs`; see ./run.ts). */
import { run } from '../commands/check.js';
import { runQuick } from './run.js';
import type { ExitCode } from '../commands/io.js';

/** Run `git drift check` with `given` (the arguments after `git drift`); null when the full command line must read them. */
export const runCommand = (given: string[]): Promise<ExitCode | null> => runQuick('check', run, given);

/** `git drift log`'s start-up bundle (`dist/quick-log.cjs`; see ./run.ts). */
import { run } from '../commands/log.js';
import { runQuick } from './run.js';
import type { ExitCode } from '../commands/io.js';

/** Run `git drift log` with `given` (the arguments after `git drift`); null when the full command line must read them. */
export const runCommand = (given: string[]): Promise<ExitCode | null> => runQuick('log', run, given);

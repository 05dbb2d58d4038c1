/** `git drift status`'s start-up bundle (`dist/quick-status.cjs`; see ./run.ts). */
import { run } from '../commands/status.js';
import { runQuick } from './run.js';
import type { ExitCode } from '../commands/io.js';

/** Run `git drift status` with `given` (the arguments after `git drift`); null when the full command line must read them. */
export const runCommand = (given: string[]): Promise<ExitCode | null> => runQuick('status', run, given);

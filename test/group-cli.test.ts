/**
 * One process for the test files of the command line facing its user: the CLI's usage
 * and errors, onboarding, what reaches a terminal, symlinks and hostile paths in the work
 * tree.
 *
 * As test/group-readers.test.ts: tap does not run these files on their own (package.json
 * "tap" "exclude"), this file imports them, so their tests run here under their own names
 * without a process start, tsx, tap's loaders and the src/ imports per file; `npx tap
 * test/<file>.test.ts` still runs one alone. test/group-store.test.ts checks the lists agree.
 */
import './cli.test.js';
import './hostile/onboarding.test.js';
import './hostile/terminal.test.js';
import './hostile/symlinks.test.js';
import './hostile/paths.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

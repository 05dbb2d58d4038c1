/**
 * One process for the test files of history and its rewrites: `git drift blame` on real
 * notes, amend, rebase, cherry-pick and merge through the installed hooks, commits made at
 * a rebase stop, notes repaired after a server's squash or rebase merge.
 *
 * As test/group-readers.test.ts: tap does not run these files on their own (package.json
 * "tap" "exclude"), this file imports them, so their tests run here under their own names
 * without a process start, tsx, tap's loaders and the src/ imports per file; `npx tap
 * test/<file>.test.ts` still runs one alone. test/group-store.test.ts checks the lists agree.
 */
import './blame.test.js';
import './rewrite.test.js';
import './hostile/rebase-stops.test.js';
import './repair.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

/**
 * One process for the test files of captures through the installed hooks: corpus sessions
 * replayed and committed, hooks that never break a commit, and the local store under
 * concurrent commits and damaged files.
 *
 * As test/group-readers.test.ts: tap does not run these files on their own (package.json
 * "tap" "exclude"), this file imports them, so their tests run here under their own names
 * without a process start, tsx, tap's loaders and the src/ imports per file; `npx tap
 * test/<file>.test.ts` still runs one alone. test/group-store.test.ts checks the lists agree.
 * Only files that leave no state in the process (no change to process.env or the cwd, no
 * faked clock) belong here.
 */
import './capture.test.js';
import './hooks-never-fail.test.js';
import './hostile/store.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

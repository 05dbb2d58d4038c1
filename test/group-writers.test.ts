/**
 * One process for the test files of many writers and big outputs: thousands of notes and
 * racing note writers, the store lock, the HTML report.
 *
 * As test/group-readers.test.ts: tap does not run these files on their own (package.json
 * "tap" "exclude"), this file imports them, so their tests run here under their own names
 * without a process start, tsx, tap's loaders and the src/ imports per file; `npx tap
 * test/<file>.test.ts` still runs one alone. test/group-store.test.ts checks the lists agree.
 */
import './notes-write.test.js';
import './store-lock.test.js';
import './report.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

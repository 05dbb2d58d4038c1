/**
 * One process for the test files of in-process commands run with the process's git
 * config isolated (isolateProcessGit): stats, blame over split hunks, the CI repair and
 * workflow checks, install and uninstall.
 *
 * As test/group-readers.test.ts: tap does not run these files on their own (package.json
 * "tap" "exclude"), this file imports them, so their tests run here under their own names
 * without a process start, tsx, tap's loaders and the src/ imports per file; `npx tap
 * test/<file>.test.ts` still runs one alone. test/group-store.test.ts checks the lists agree.
 * Each of these files points process.env at its own empty global git config for the whole
 * process (test/helpers/env.ts: isolateProcessGit), so they share a process only with each
 * other.
 */
import './stats.test.js';
import './blame-split.test.js';
import './ci-repair.test.js';
import './ci-workflow.test.js';
import './install.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

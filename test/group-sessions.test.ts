/**
 * One process for the test files of sessions over time and across tools: what a brief
 * covers, the record of a long live session, what a plain commit costs, git-ai notes
 * imported and exported.
 *
 * As test/group-readers.test.ts: tap does not run these files on their own (package.json
 * "tap" "exclude"), this file imports them, so their tests run here under their own names
 * without a process start, tsx, tap's loaders and the src/ imports per file; `npx tap
 * test/<file>.test.ts` still runs one alone. test/group-store.test.ts checks the lists agree.
 */
import './handoff-scope.test.js';
import './live-session-record.test.js';
import './commit-cost.test.js';
import './interop-git-ai.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

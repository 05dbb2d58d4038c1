/**
 * One process for the test files of the agents' log readers and what a capture reads:
 * each agent's format, re-emitted, chunked and hostile logs, secrets in them, interop
 * parsing, a first capture.
 *
 * Each test file tap runs is a process that pays, before its first test, a node start, tsx
 * and tap's loaders and its src/ imports: 1.5-2 s of CPU, more than most of these files'
 * tests take. So tap does not run these files on their own (package.json "tap" "exclude"
 * lists them) and this file imports them: their tests run here, one after another, under
 * their own names. `npx tap test/<file>.test.ts` still runs one alone. Only files that
 * leave no state in the process (no change to process.env or the cwd, no faked clock)
 * belong here; test/group-store.test.ts checks that the groups and the exclude list agree.
 */
import './agents/apply-patch.test.js';
import './agents/lines.test.js';
import './agents/codex.test.js';
import './agents/claude-code.test.js';
import './agents/opencode-cline.test.js';
import './codex-dates.test.js';
import './session-id-boundary.test.js';
import './hostile/readers.test.js';
import './hostile/readers-property.test.js';
import './reemitted.test.js';
import './reemitted-readers.test.js';
import './read-chunks.test.js';
import './read-gits.test.js';
import './interop-parse.test.js';
import './interop-roundtrip.test.js';
import './first-capture.test.js';
import './redact.test.js';
import './hostile/secrets-item13.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

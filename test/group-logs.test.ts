/**
 * One process for the test files of more agents' logs and what is read from them: Cursor,
 * Aider and Gemini CLI sessions, Agent Trace interop, a live session, the note body built
 * from real logs.
 *
 * As test/group-readers.test.ts: tap does not run these files on their own (package.json
 * "tap" "exclude"), this file imports them, so their tests run here under their own names
 * without a process start, tsx, tap's loaders and the src/ imports per file; `npx tap
 * test/<file>.test.ts` still runs one alone. test/group-store.test.ts checks the lists agree.
 */
import './agents/cursor.test.js';
import './agents/aider.test.js';
import './agents/gemini.test.js';
import './interop-agent-trace.test.js';
import './live-session.test.js';
import './notes-body.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

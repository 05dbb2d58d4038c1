/**
 * One process for the undo and redo acceptance tests (test/undo-redo.test.ts,
 * test/undo-redo-more.test.ts): both start from the same set-ups (a corpus session replayed
 * and committed through the installed hooks, on `main` or on a `feature` branch), which
 * test/helpers/undo.ts builds once per process; run apart, each file built both again and
 * paid its own node start, tsx and src/ imports.
 *
 * As test/group-readers.test.ts: tap does not run these files on their own (package.json
 * "tap" "exclude"), this file imports them, so their tests run here under their own names;
 * `npx tap test/<file>.test.ts` still runs one alone. test/group-store.test.ts checks the
 * lists agree.
 */
import './undo-redo.test.js';
import './undo-redo-more.test.js';

// No timeout set here: testMoves sets the process's (15 min, 6 h with UNDO_ALL=1).

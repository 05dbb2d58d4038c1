/**
 * One process for the test files of notes, records and briefs: the note schema, ranges
 * and merge, attribution, ids, frontmatter (also hostile), the note cap, record and handoff
 * parts, summaries, the judge.
 *
 * Each test file tap runs is a process that pays, before its first test, a node start, tsx
 * and tap's loaders and its src/ imports: 1.5-2 s of CPU, more than most of these files'
 * tests take. So tap does not run these files on their own (package.json "tap" "exclude"
 * lists them) and this file imports them: their tests run here, one after another, under
 * their own names. `npx tap test/<file>.test.ts` still runs one alone. Only files that
 * leave no state in the process (no change to process.env or the cwd, no faked clock)
 * belong here; test/group-store.test.ts checks that the groups and the exclude list agree.
 */
import './notes-schema.test.js';
import './notes-ranges.test.js';
import './notes-merge.test.js';
import './attribution.test.js';
import './attribution-retouch.test.js';
import './ids.test.js';
import './frontmatter-render.test.js';
import './hostile/frontmatter.test.js';
import './hostile/frontmatter-exploit.test.js';
import './hostile/note-cap.test.js';
import './hostile/member-names.test.js';
import './hostile/properties.test.js';
import './summary-fold.test.js';
import './summarize.test.js';
import './record-parts.test.js';
import './handoff-parts.test.js';
import './handoff-recent.test.js';
import './handoff-size.test.js';
import './check-judge.test.js';

import t from 'tap';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

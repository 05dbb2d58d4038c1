/**
 * Pending files on disk (`src/store/pending.ts`): version 2 stores each distinct text and
 * each edit's fields once; version 1 files, one object per line, are still read.
 */
import t from 'tap';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox } from './helpers/env.js';
import { parsePendingFile, PendingFiles, renderPendingFile } from '../src/store/pending.js';
import type { PendingLine } from '../src/store/index.js';
import type { SessionId } from '../src/ids.js';

const A = 'claude-code:a' as SessionId;

/** 20,000 lines of a file an agent wrote 400 times over (50 texts), one carried human line, one re-emitted line. */
function replicatedLines(): PendingLine[] {
  const lines: PendingLine[] = [];
  for (let w = 0; w < 400; w++) {
    for (let i = 0; i < 50; i++) lines.push({ text: `    value_${i} = compute(${i})`, session: A, edit: `edit${w}`, at: '2026-01-02T00:00:00.000Z', prompt: `prompt${w >> 3}` });
  }
  lines.push({ text: 'kept by hand', session: '', edit: 'c1', at: null, state: 'human' });
  lines.push({ text: '    value_0 = compute(0)', session: A, edit: 'edit400', at: null, reemitted: true });
  return lines;
}

t.test('a pending file of a file written again and again stores each text and edit once and reads back the same lines', async (t) => {
  const lines = replicatedLines();
  const v1 = JSON.stringify({ path: 'src/a.py', lines });
  const v2 = renderPendingFile('src/a.py', lines);
  t.ok(v2.length * 8 < v1.length, `version 2 takes ${v2.length} bytes, version 1 ${v1.length}`);
  const back = parsePendingFile(JSON.parse(v2), 'src/a.py');
  t.same(back, lines, 'the same lines, in order');
  t.equal(JSON.stringify(back), JSON.stringify(lines), 'each with its fields in the same order');
  t.equal(parsePendingFile(JSON.parse(v2), 'src/b.py'), null, 'another path’s file does not fit');
});

t.test('edits whose ids hold line breaks stay apart in a version 2 file', async (t) => {
  // Joined with line breaks, both edits below gave the same key: the second line took the first one's edit.
  const lines: PendingLine[] = [
    { text: 'one', session: 'claude-code:a\nb' as SessionId, edit: 'c', at: null },
    { text: 'two', session: 'claude-code:a' as SessionId, edit: 'b\nc', at: null },
    { text: 'three', session: A, edit: 'e', at: null, prompt: '\u0000' },
    { text: 'four', session: A, edit: 'e', at: null },
  ];
  t.same(parsePendingFile(JSON.parse(renderPendingFile('p', lines)), 'p'), lines);
});

t.test('a pending file that does not fit counts as none', async (t) => {
  const good = JSON.parse(renderPendingFile('a', replicatedLines())) as Record<string, unknown>;
  t.ok(parsePendingFile(good, 'a'));
  t.equal(parsePendingFile({ ...good, lines: [0] }, 'a'), null, 'an odd number of indexes');
  t.equal(parsePendingFile({ ...good, lines: [0, 9999] }, 'a'), null, 'a text index out of range');
  t.equal(parsePendingFile({ ...good, lines: [-1, 0] }, 'a'), null, 'a negative edit index');
  t.equal(parsePendingFile({ ...good, lines: [0.5, 0] }, 'a'), null, 'an index that is no integer');
  t.equal(parsePendingFile({ ...good, edits: [{ session: 1 }] }, 'a'), null, 'an edit that does not fit');
  t.equal(parsePendingFile({ ...good, texts: [null] }, 'a'), null, 'a text that is no string');
  t.equal(parsePendingFile({ ...good, version: 3 }, 'a'), null, 'an unknown version');
});

t.test('a version 1 pending file is read, and written back as version 2 once it changes', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const dir = join(sb.root, 'drift');
  const logged: string[] = [];
  const first = new PendingFiles(dir, (m) => {
    logged.push(m);
  });
  await first.load(['src/a.py']);
  first.update({ 'src/a.py': replicatedLines() }, ['src/a.py']);
  await first.flush();
  const [name] = readdirSync(join(dir, 'pending'));
  const file = join(dir, 'pending', name!);
  t.match(JSON.parse(readFileSync(file, 'utf8')), { version: 2, path: 'src/a.py' }, 'written as version 2');
  const lines = replicatedLines();
  writeFileSync(file, JSON.stringify({ path: 'src/a.py', lines })); // As the code before wrote it.
  const second = new PendingFiles(dir);
  t.same((await second.load(['src/a.py']))['src/a.py'], lines, 'a version 1 file is read');
  second.update({ 'src/a.py': lines.slice(1) }, ['src/a.py']);
  await second.flush();
  t.match(JSON.parse(readFileSync(file, 'utf8')), { version: 2 }, 'and written back as version 2');
  t.same((await new PendingFiles(dir).load(['src/a.py']))['src/a.py'], lines.slice(1), 'with the same lines');
  t.same(logged, [], 'nothing logged');
});

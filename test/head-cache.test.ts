/**
 * The note-head cache (`<git-common-dir>/drift/note-heads.jsonl`): heads come back as they
 * were set; a run that adds heads appends them instead of rewriting the file; a damaged or
 * torn line costs only its own head; the whole-document cache of earlier versions is
 * removed; and past its cap the file is rewritten with the newest heads.
 */
import t, { type Test } from 'tap';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox } from './helpers/env.js';
import { MAX_NOTE_HEADS, openNoteHeads } from '../src/notes/head-cache.js';
import type { NoteHead } from '../src/notes/read.js';

const sha = (n: number) => n.toString(16).padStart(40, '0');
const head = (n: number): NoteHead => ({
  drift: 1,
  sessions: [{ id: `codex:${n}`, agent: 'codex', model: null, branch: 'main', prompts: 1, edits: { applied: 1, rejected: 0 }, record: '', asked: [`prompt ${n}`] }],
  files: { [`src/f${n}.ts`]: { ai: { [`codex:${n}`]: '1-3' }, human: '4' } },
});

/** A fresh git common dir (only its `drift/` folder matters here) and the cache file in it. */
function commonDir(t: Test): { dir: string; file: string } {
  const sb = makeSandbox('drift-head-cache-');
  t.teardown(sb.cleanup);
  const dir = join(sb.root, 'git');
  mkdirSync(join(dir, 'drift'), { recursive: true });
  return { dir, file: join(dir, 'drift', 'note-heads.jsonl') };
}

t.test('heads set by one run are read back by the next', async (t) => {
  const { dir, file } = commonDir(t);
  const first = await openNoteHeads(dir);
  t.equal(first.get(sha(1)), undefined, 'an empty cache has nothing');
  for (const n of [1, 2, 3]) first.set(sha(n), head(n));
  first.set(sha(4), { invalid: 'no frontmatter' });
  await first.write();
  t.equal(readFileSync(file, 'utf8').split('\n').length, 6, 'a header, one line per head, a final newline');
  const next = await openNoteHeads(dir);
  for (const n of [3, 1, 2]) t.same(next.get(sha(n)), head(n), `head ${n}`);
  t.same(next.get(sha(4)), { invalid: 'no frontmatter' }, 'an invalid note is kept as such');
  t.equal(next.get(sha(5)), undefined, 'a head never set is absent');
});

t.test('a run that adds heads appends them to the file', async (t) => {
  const { dir, file } = commonDir(t);
  const first = await openNoteHeads(dir);
  first.set(sha(1), head(1));
  await first.write();
  const before = readFileSync(file, 'utf8');
  const inode = statSync(file).ino;
  const second = await openNoteHeads(dir);
  t.same(second.get(sha(1)), head(1));
  second.set(sha(2), head(2));
  await second.write();
  const after = readFileSync(file, 'utf8');
  t.ok(after.startsWith(before) && after.length > before.length, 'the old lines stay as they were, the new one follows');
  t.equal(statSync(file).ino, inode, 'the same file: appended to, not replaced');
  const untouched = await openNoteHeads(dir);
  untouched.get(sha(1));
  await untouched.write();
  t.equal(readFileSync(file, 'utf8'), after, 'a run that adds nothing writes nothing');
});

t.test('a damaged or torn line costs only its own head, which is parsed and appended again', async (t) => {
  const { dir, file } = commonDir(t);
  const first = await openNoteHeads(dir);
  for (const n of [1, 2]) first.set(sha(n), head(n));
  await first.write();
  writeFileSync(file, `${readFileSync(file, 'utf8')}${sha(3)} {"drift":1,"sess\nnot a line at all\n${sha(4)} [1,2]\n${sha(5)} {"drift":1,"sessions":[`);
  const damaged = await openNoteHeads(dir);
  t.same(damaged.get(sha(1)), head(1), 'a whole line before the damage is read');
  t.same(damaged.get(sha(2)), head(2));
  t.equal(damaged.get(sha(3)), undefined, 'a line that is not JSON is skipped');
  t.equal(damaged.get(sha(4)), undefined, 'a line whose JSON is not an object is skipped');
  t.equal(damaged.get(sha(5)), undefined, 'a torn last line is skipped');
  damaged.set(sha(3), head(3));
  damaged.set(sha(5), head(5));
  await damaged.write();
  const mended = await openNoteHeads(dir);
  t.same(mended.get(sha(3)), head(3), 'the head set again replaces the damaged line');
  t.same(mended.get(sha(5)), head(5), 'and the torn line does not swallow the next one');
  t.same(mended.get(sha(1)), head(1));
});

t.test('the cache of earlier versions (note-heads.json) is dropped and removed', async (t) => {
  const { dir, file } = commonDir(t);
  const old = join(dir, 'drift', 'note-heads.json');
  writeFileSync(old, JSON.stringify({ version: 2, heads: { [sha(1)]: head(1) } }));
  const cache = await openNoteHeads(dir);
  t.equal(cache.get(sha(1)), undefined, 'its heads are not used');
  cache.set(sha(2), head(2));
  await cache.write();
  t.notOk(existsSync(old), 'the old document is removed once the new file is written');
  t.ok(readFileSync(file, 'utf8').startsWith('drift-note-heads 3\n'), 'the new file starts with its version');
  writeFileSync(file, `drift-note-heads 99\n${sha(2)} ${JSON.stringify(head(2))}\n`);
  t.equal((await openNoteHeads(dir)).get(sha(2)), undefined, 'a file of another version is not read');
});

t.test('past its cap the file is rewritten with the newest heads', async (t) => {
  const { dir, file } = commonDir(t);
  const lines = Array.from({ length: MAX_NOTE_HEADS }, (_, n) => `${sha(n)} {"drift":1,"sessions":[],"files":{},"n":${n}}\n`);
  writeFileSync(file, `drift-note-heads 3\n${lines.join('')}`);
  const full = await openNoteHeads(dir);
  t.same(full.get(sha(MAX_NOTE_HEADS - 1)), { drift: 1, sessions: [], files: {}, n: MAX_NOTE_HEADS - 1 }, 'a full cache is read');
  full.set(sha(MAX_NOTE_HEADS), head(MAX_NOTE_HEADS));
  await full.write();
  const kept = readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1;
  t.ok(kept <= (MAX_NOTE_HEADS * 3) / 4 && kept > MAX_NOTE_HEADS / 2, `three quarters of the cap kept (${kept} heads), so the next runs append again`);
  const trimmed = await openNoteHeads(dir);
  t.equal(trimmed.get(sha(0)), undefined, 'the oldest heads are dropped');
  t.same(trimmed.get(sha(MAX_NOTE_HEADS - 1)), { drift: 1, sessions: [], files: {}, n: MAX_NOTE_HEADS - 1 }, 'the newest old head is kept');
  t.same(trimmed.get(sha(MAX_NOTE_HEADS)), head(MAX_NOTE_HEADS), 'and the new one');
});

/**
 * Issue 12, item 20: the documented 64 KiB cap holds for the whole note, frontmatter
 * included. What gives way, in order: the body, then `asked` and `prompt`, then `human`
 * ranges, then whole files, with a `truncated` marker saying what was cut.
 */
import t from 'tap';
import { NOTE_MAX_BYTES, parseNote, renderNote, type Note, type NoteFile } from '../../src/notes/index.js';

const ID = 'claude-code:5f1c2a3b-7d4e-4c1a-9b2f-3e8d6a1c0b9e';

/** A note like a large agent commit's: `n` files of 40 agent lines and 5 human lines each. */
function bigNote(n: number, askedChars = 10): Note {
  const files: Record<string, NoteFile> = {};
  for (let i = 0; i < n; i++) files[`src/module-${String(i).padStart(4, '0')}/index.ts`] = { ai: { [ID]: '1-40' }, human: '41-45', prompt: { [`${ID}#0`]: '1-40' } };
  const sessions = [{ id: ID, agent: 'claude-code', model: 'm', branch: 'main', prompts: 1, edits: { applied: n, rejected: 0 }, record: 'r.md', asked: ['x'.repeat(askedChars)] }];
  return { drift: 1, sessions, files, body: 'The body.\n'.repeat(100) };
}

function parsed(text: string): Note {
  const note = parseNote(text);
  if ('invalid' in note) throw new Error(note.invalid);
  return note;
}

t.test('item 20: a 2,000-file agent commit writes a note within 64 KiB, saying what was cut', async (t) => {
  const text = renderNote(bigNote(2000));
  t.ok(Buffer.byteLength(text, 'utf8') <= NOTE_MAX_BYTES, `${Buffer.byteLength(text, 'utf8')} bytes`);
  const note = parsed(text);
  t.same(note.truncated?.cut, ['asked', 'human', 'files'], 'the marker names the cuts, in order');
  const kept = Object.keys(note.files).length;
  t.equal(note.truncated?.files, 2000 - kept, 'the marker counts the files dropped');
  t.ok(kept > 500, `${kept} files keep their attribution`);
  t.same(note.files['src/module-0000/index.ts'], { ai: { [ID]: '1-40' } }, 'a kept file keeps its agent lines exactly');
  t.equal(note.sessions[0]!.asked, undefined, 'asked went first');
  t.match(text, /\[truncated: \d+ bytes\]\n$/, 'the body gave way before the frontmatter');
  const head = (s: string) => s.slice(0, s.indexOf('\n---\n', 4));
  t.equal(head(renderNote(note)), head(text), 'a capped note renders to the same frontmatter');
});

t.test('item 20: the cap cuts only what it must', async (t) => {
  // About 52 KiB of attribution: it fits once asked and the prompt maps are gone.
  const askedOnly = parsed(renderNote(bigNote(300, 15000)));
  t.same(askedOnly.truncated, { cut: ['asked'] });
  t.equal(Object.keys(askedOnly.files).length, 300, 'every file is kept');
  t.equal(askedOnly.files['src/module-0299/index.ts']!.human, '41-45', 'human ranges are kept');
  const humanToo = parsed(renderNote(bigNote(600)));
  t.same(humanToo.truncated, { cut: ['asked', 'human'] });
  t.equal(Object.keys(humanToo.files).length, 600, 'every file keeps its agent lines');
  const small = renderNote(bigNote(10));
  t.notMatch(small, /truncated/, 'a note within the cap is not marked');
});

/**
 * Reading `git notes list` in place (src/notes/read.ts, `parseNotesList`): the same map as
 * splitting the output into lines and words, for git's own lines and for anything else.
 */
import t from 'tap';
import { parseNotesList } from '../src/notes/read.js';

/** The reading by lines and words that `parseNotesList` replaces. */
function bySplitting(stdout: string): Map<string, string> {
  const blobs = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [blob, commit] = line.split(' ');
    if (blob && commit) blobs.set(commit, blob);
  }
  return blobs;
}

const sha = (n: number, width = 40) => n.toString(16).padStart(width, '0');

t.test("reads git's lines, flat and SHA-256, with and without a final newline", async (t) => {
  const lines = Array.from({ length: 300 }, (_, i) => `${sha(i + 1000)} ${sha(i)}`);
  const list = `${lines.join('\n')}\n`;
  t.equal(parseNotesList(list).size, 300);
  t.equal(parseNotesList(list).get(sha(7)), sha(1007));
  t.same([...parseNotesList(list)], [...bySplitting(list)]);
  t.same([...parseNotesList(list.slice(0, -1))], [...bySplitting(list.slice(0, -1))]);
  const long = `${sha(1, 64)} ${sha(2, 64)}\n`;
  t.same([...parseNotesList(long)], [[sha(2, 64), sha(1, 64)]]);
  t.same([...parseNotesList('')], []);
});

t.test('reads any other text as splitting it does: empty lines, lone words, extra spaces and words, a repeated commit', async (t) => {
  const odd = ['', 'a', 'a ', ' b', 'a  b', 'a b c', 'x y\r', 'first c1', 'second c1', '\n', ' ', 'p q ', 'é ü'];
  t.same([...parseNotesList(odd.join('\n'))], [...bySplitting(odd.join('\n'))]);
  let seed = 7;
  const pick = (s: string) => s[(seed = (seed * 1103515245 + 12345) % 2147483648) % s.length]!;
  for (let round = 0; round < 200; round++) {
    const text = Array.from({ length: 40 }, () => pick('ab \n\n  c')).join('');
    t.same([...parseNotesList(text)], [...bySplitting(text)], JSON.stringify(text));
  }
});

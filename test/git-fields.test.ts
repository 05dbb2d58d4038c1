/**
 * Reading git's formatted lines in place (src/git/fields.ts, `parseFieldLines`): the same
 * fields as splitting the text into lines and each line at the separator, for `git log`'s
 * lines and for any other text.
 */
import t from 'tap';
import { parseFieldLines } from '../src/git/fields.js';

/** The reading by splitting that `parseFieldLines` replaces, `count` fields kept (`''` for a missing one). */
function bySplitting(text: string, sep: string, count: number): string[][] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const parts = l.split(sep);
      return Array.from({ length: count }, (_, k) => parts[k] ?? '');
    });
}

t.test("reads git log's lines: sha, parents and subject, with and without a final newline", async (t) => {
  const text = 'aaa\x1fp1 p2\x1fMerge branch "x"\nbbb\x1f\x1f\nccc\x1fp3\x1fsubject \u00e9 with \x1f inside\n';
  t.same(parseFieldLines(text, '\x1f', 3), [
    ['aaa', 'p1 p2', 'Merge branch "x"'],
    ['bbb', '', ''],
    ['ccc', 'p3', 'subject \u00e9 with '],
  ]);
  t.same(parseFieldLines(text, '\x1f', 3), bySplitting(text, '\x1f', 3));
  t.same(parseFieldLines(text.slice(0, -1), '\x1f', 2), bySplitting(text.slice(0, -1), '\x1f', 2));
  t.same(parseFieldLines('', '\x1f', 2), []);
});

t.test('reads any other text as splitting it does: empty lines, missing and extra fields', async (t) => {
  let seed = 11;
  const pick = (s: string) => s[(seed = (seed * 1103515245 + 12345) % 2147483648) % s.length]!;
  for (let round = 0; round < 300; round++) {
    const text = Array.from({ length: 30 }, () => pick('ab\x1f\x1f\n\n c')).join('');
    for (const count of [1, 2, 3]) t.same(parseFieldLines(text, '\x1f', count), bySplitting(text, '\x1f', count), JSON.stringify(text));
  }
});

/**
 * The line helpers the readers share (`src/agents/lines.ts`): splitting a text into lines
 * gives what splitting at /\r?\n/ gives, for every mix of `\n`, `\r\n` and lone `\r`.
 */
import t from 'tap';
import { splitLines } from '../../src/agents/lines.js';

t.test('a text splits into lines at \\n and \\r\\n alike, a lone \\r stays in its line, a final line break ends the last line', async (t) => {
  const byRegex = (text: string): string[] => {
    if (text === '') return [];
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  };
  const parts = ['a', '\r', '\n', '\r\n', 'b\r', '\r\r\n', 'xy'];
  let texts = [''];
  for (let length = 0; length < 5; length++) texts = texts.flatMap((text) => [text, ...parts.map((p) => text + p)]);
  const differ = [...new Set(texts)].filter((text) => JSON.stringify(splitLines(text)) !== JSON.stringify(byRegex(text)));
  t.same(differ, [], `every text of up to 5 parts (${new Set(texts).size} texts) splits as /\\r?\\n/ splits it`);
  t.same(splitLines('one\r\ntwo\nthree\r'), ['one', 'two', 'three\r']);
});

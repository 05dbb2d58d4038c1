/**
 * The one range codec of drift-note/1 (src/notes/ranges.ts): every reader and writer of
 * `"12-40,55"` goes through it, strict for `git drift check`, lenient for everything else,
 * and bounded against hostile ranges.
 */
import t from 'tap';
import { countLines, linesPerSession, tallyLines } from '../src/notes/counts.js';
import {
  countRangeLines,
  formatRangeIntervals,
  formatRanges,
  isRangeText,
  MAX_RANGE_PART_LINES,
  parseRangeIntervals,
  parseRanges,
  readableRangeIntervals,
  unionIntervals,
} from '../src/notes/ranges.js';
import { countRange } from '../src/stats/index.js';

t.test('formats line numbers as sorted, compressed ranges and reads them back', async (t) => {
  t.equal(formatRanges([57, 12, 13, 58, 12, 40]), '12-13,40,57-58');
  t.same(parseRanges('12-13,40,57-58'), [12, 13, 40, 57, 58]);
  t.equal(formatRanges(parseRanges('1-3,5,7-9')), '1-3,5,7-9');
  t.equal(formatRanges([]), '');
  t.equal(
    formatRangeIntervals([
      [3, 3],
      [5, 9],
    ]),
    '3,5-9',
  );
});

t.test('the strict reading refuses what check refuses, the lenient one skips it', async (t) => {
  t.same(parseRangeIntervals('12-40,55'), [
    [12, 40],
    [55, 55],
  ]);
  for (const bad of ['0', '5-3', '1,,2', ' 1', '1-', 'a', '1234567890', '']) t.equal(parseRangeIntervals(bad), null, bad);
  t.same(readableRangeIntervals(' 1 ,5-3,x,7-8'), [
    [1, 1],
    [7, 8],
  ]);
  t.same(readableRangeIntervals(42), []);
  t.ok(isRangeText('1-2,5'));
  t.notOk(isRangeText('1-2, 5'));
  t.notOk(isRangeText(['1']));
});

t.test('joins overlapping and adjacent intervals', async (t) => {
  t.same(
    unionIntervals([
      [10, 12],
      [1, 3],
      [4, 5],
      [11, 20],
    ]),
    [
      [1, 5],
      [10, 20],
    ],
  );
});

t.test('a reversed range counts no lines, in capture and stats alike', async (t) => {
  const files = { 'a.ts': { ai: { 'claude-code:x': '5-3,10' }, human: '9-1,20-21' } };
  t.same(countLines({ files }), { ai: 1, aiModified: 0, human: 2 });
  t.same(linesPerSession({ files }).get('claude-code:x'), { ai: 1, aiModified: 0 });
  t.equal(countRange('5-3,10'), countRangeLines('5-3,10'));
});

t.test("a note's one-pass tally, hostile ranges included", async (t) => {
  const files = {
    'a.ts': { ai: { 'claude-code:x': '1-10,12', 'codex:y': '5-3,20' }, 'ai-modified': { 'claude-code:x': '11', 'cursor:z': ' 7 - 9 ' }, human: '13-15' },
    'b.ts': { ai: { 'codex:y': `1-${4 * MAX_RANGE_PART_LINES}` }, 'ai-modified': { 'codex:y': 'junk,2' } },
    'c.ts': { human: '1,3-4' },
  };
  const { total, perSession } = tallyLines({ files });
  // What countLines and linesPerSession gave before they were built on tallyLines (63fa1ae).
  t.same(total, { ai: 11 + 1 + MAX_RANGE_PART_LINES, aiModified: 2, human: 6 });
  t.same(
    [...perSession],
    [
      ['claude-code:x', { ai: 11, aiModified: 1 }],
      ['codex:y', { ai: 1 + MAX_RANGE_PART_LINES, aiModified: 1 }],
      ['cursor:z', { ai: 0, aiModified: 0 }],
    ],
  );
  t.same(countLines({ files }), total, 'countLines is the total');
  t.same(linesPerSession({ files }), perSession, 'linesPerSession the per-session counts');
});

t.test('a hostile range is bounded when expanded or counted', async (t) => {
  t.equal(countRangeLines(`1-${4 * MAX_RANGE_PART_LINES}`), MAX_RANGE_PART_LINES);
  t.equal(parseRanges(`1-${4 * MAX_RANGE_PART_LINES}`).length, MAX_RANGE_PART_LINES);
});

t.test('counting a range gives the lines of its lenient reading, whatever the text', async (t) => {
  const byReading = (r: unknown) => readableRangeIntervals(r).reduce((n, [s, e]) => n + Math.min(e - s + 1, MAX_RANGE_PART_LINES), 0);
  const fixed = [
    '',
    ',',
    '0',
    '7',
    '12-40,55',
    '5-',
    '-5',
    '1-2-3',
    ' 3 - 9',
    '3 ,4',
    '1,,2',
    '0-0',
    '9-1,20-21',
    '1234567890123456-1234567890123460',
    '1-99999999999999999999',
    '1-\t4',
    '12a',
    '２-３',
  ];
  for (const r of fixed) t.equal(countRangeLines(r), byReading(r), JSON.stringify(r));
  t.equal(countRangeLines(4 as unknown as string), 0, 'a number where a range string belongs counts nothing');
  // Random texts over the syntax's own characters and a few others.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = '0123456789--,, x';
  for (let k = 0; k < 3000; k++) {
    const r = Array.from({ length: Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    if (countRangeLines(r) !== byReading(r)) t.fail(`counted ${countRangeLines(r)} for ${JSON.stringify(r)}, read ${byReading(r)}`);
  }
});

/**
 * The one range codec of drift-note/1 (src/notes/ranges.ts): every reader and writer of
 * `"12-40,55"` goes through it, strict for `git drift check`, lenient for everything else,
 * and bounded against hostile ranges.
 */
import t from 'tap';
import { countLines, linesPerSession } from '../src/notes/counts.js';
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

t.test('a hostile range is bounded when expanded or counted', async (t) => {
  t.equal(countRangeLines(`1-${4 * MAX_RANGE_PART_LINES}`), MAX_RANGE_PART_LINES);
  t.equal(parseRanges(`1-${4 * MAX_RANGE_PART_LINES}`).length, MAX_RANGE_PART_LINES);
});

/**
 * The range codec of `drift-note/1` (docs/format.md, "Range syntax"): `"12-40,55"`, 1-based
 * line numbers of a commit's version of a file, compressed into comma-separated parts `N`
 * or `N-M`. The only parser and writer of that syntax; git-ai's attestation ranges use the
 * same syntax and this codec too. Pure.
 */

/** An inclusive run of 1-based lines: `[start, end]`, `start ≤ end`. */
export type LineInterval = [number, number];

/**
 * Most lines one part of a range may stand for when it is expanded or counted
 * (`parseRanges`, `countRangeLines`): a hostile note's `1-999999999` cannot exhaust memory
 * or inflate counts past it.
 */
export const MAX_RANGE_PART_LINES = 1_000_000;

/** The shape of a range string: parts `N` or `N-M` (digits only), joined by commas, no spaces. */
const RANGE_TEXT = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;
const STRICT_PART = /^(\d{1,9})(?:-(\d{1,9}))?$/;
const LENIENT_PART = /^\s*(\d+)(?:-(\d+))?\s*$/;

/**
 * Whether `value` is a string with the range syntax's shape (parts `N` or `N-M`, digits
 * only). Says nothing of order or of `N ≤ M`: that is `parseRangeIntervals`'s job. Pure.
 */
export function isRangeText(value: unknown): value is string {
  return typeof value === 'string' && RANGE_TEXT.test(value);
}

/**
 * `"12-40,55"` as inclusive intervals of 1-based lines, in the order written, or null when a
 * part is not `N` or `N-M` with 1 ≤ N ≤ M (at most 9 digits each). The strict reading
 * `git drift check` applies, and the one git-ai attestations are read with. Pure.
 */
export function parseRangeIntervals(ranges: string): LineInterval[] | null {
  const out: LineInterval[] = [];
  for (const part of ranges.split(',')) {
    const m = STRICT_PART.exec(part);
    if (!m) return null;
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    if (start < 1 || end < start) return null;
    out.push([start, end]);
  }
  return out;
}

/**
 * The lenient reading every other reader uses: the parts of `ranges` that are `N` or `N-M`
 * with N ≤ M (spaces around a part allowed), in the order written; other parts, and a value
 * that is not a string, give nothing. Never throws. Pure.
 */
export function readableRangeIntervals(ranges: unknown): LineInterval[] {
  if (typeof ranges !== 'string') return [];
  const out: LineInterval[] = [];
  for (const part of ranges.split(',')) {
    const m = LENIENT_PART.exec(part);
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    if (end >= start) out.push([start, end]);
  }
  return out;
}

/**
 * Expand a range string into its 1-based line numbers, in the order written; malformed
 * parts are skipped (`readableRangeIntervals`) and each part gives at most
 * `MAX_RANGE_PART_LINES` lines. Inverse of `formatRanges`. Pure.
 */
export function parseRanges(ranges: string): number[] {
  const lines: number[] = [];
  for (const [start, end] of readableRangeIntervals(ranges)) {
    for (let n = start; n <= end && n - start < MAX_RANGE_PART_LINES; n++) lines.push(n);
  }
  return lines;
}

/**
 * Number of lines a range string stands for (`"12-40,55"` → 30) without expanding it;
 * malformed parts count 0 and each part at most `MAX_RANGE_PART_LINES`. Pure.
 */
export function countRangeLines(ranges: string): number {
  if (typeof ranges !== 'string') return 0;
  let n = 0;
  for (let from = 0; from <= ranges.length; ) {
    const comma = ranges.indexOf(',', from);
    const to = comma === -1 ? ranges.length : comma;
    n += countPartLines(ranges, from, to);
    from = to + 1;
  }
  return n;
}

/** Longest digit run read without `Number()` (exact below 2^53). */
const FAST_DIGITS = 15;

/**
 * Lines of the part `ranges[from, to)` as `readableRangeIntervals` reads it: a plain `N` or
 * `N-M` is counted where it lies (this runs once per range of every note `log` and `stats`
 * read); anything else (spaces, long numbers, junk) goes through the lenient reading itself.
 */
function countPartLines(ranges: string, from: number, to: number): number {
  let start = 0;
  let end = -1;
  let value = 0;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const c = ranges.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9 && digits < FAST_DIGITS) {
      value = value * 10 + c;
      digits += 1;
    } else if (c === -3 && digits > 0 && end === -1) {
      start = value;
      end = 0;
      value = 0;
      digits = 0;
    } else {
      let slow = 0;
      for (const [s, e] of readableRangeIntervals(ranges.slice(from, to))) slow += Math.min(e - s + 1, MAX_RANGE_PART_LINES);
      return slow;
    }
  }
  if (digits === 0) return 0;
  if (end === -1) return 1;
  return value >= start ? Math.min(value - start + 1, MAX_RANGE_PART_LINES) : 0;
}

/** Intervals sorted by start, with overlapping or adjacent ones joined. Pure. */
export function unionIntervals(runs: readonly LineInterval[]): LineInterval[] {
  const sorted = runs.map(([s, e]): LineInterval => [s, e]).sort((p, q) => p[0] - q[0]);
  const out: LineInterval[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Intervals written as a range string, in the order given: `[[12, 40], [55, 55]]` → `"12-40,55"`. Pure. */
export function formatRangeIntervals(runs: readonly LineInterval[]): string {
  return runs.map(([s, e]) => (s === e ? `${s}` : `${s}-${e}`)).join(',');
}

/**
 * Compress 1-based line numbers into the range syntax: sorted, duplicates dropped,
 * consecutive lines joined (`[57, 12, 13, 58]` → `"12-13,57-58"`). Inverse of `parseRanges`. Pure.
 */
export function formatRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const runs: LineInterval[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i]!;
    runs.push([start, end]);
  }
  return formatRangeIntervals(runs);
}

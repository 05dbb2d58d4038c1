/**
 * Closeness of two lines for `ai-modified` (DESIGN.md §5): a bounded Levenshtein distance
 * over whitespace-normalised text, so that "an agent line a human then changed" is found
 * without comparing every pair in full. Pure.
 */
import { normalizeWhitespace } from './lines.js';

/** Least similarity (1 − distance ÷ longer length, over normalised text) for `ai-modified`. */
export const MIN_SIMILARITY = 0.7;

/** Shortest normalised line (characters) that may match by edit distance; shorter lines only match exactly. */
export const MIN_FUZZY_CHARS = 8;

/**
 * Levenshtein distance between `a` and `b` (UTF-16 code units), or `max + 1` as soon as
 * it is known to exceed `max`. O(len × (2·max + 1)) time: only a diagonal band is filled.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const inf = max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j <= max ? j : inf;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    cur.fill(inf);
    cur[0] = i <= max ? i : inf;
    let best = cur[0]!;
    for (let j = from; j <= to; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j - 1]! + cost, prev[j]! + 1, cur[j - 1]! + 1);
      cur[j] = Math.min(v, inf);
      if (cur[j]! < best) best = cur[j]!;
    }
    if (best > max) return inf;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]! > max ? inf : prev[b.length]!;
}

/**
 * Similarity of two lines in [0, 1] after whitespace normalisation, or 0 when it is below
 * `MIN_SIMILARITY` (the exact figure is then not needed) or either line is shorter than
 * `MIN_FUZZY_CHARS`.
 */
export function similarity(a: string, b: string): number {
  return normalizedSimilarity(normalizeWhitespace(a), normalizeWhitespace(b));
}

/** Shortest normalised line (characters) that counts as kept when the other line contains it whole (a comment appended, an expression wrapped). */
export const MIN_CONTAINED_CHARS = 16;

/** Comment markers that may follow a whole agent line a human annotated (`//`, `#`, `/*`, `--`, `<!--`, `;`). */
const TRAILING_COMMENT = /^(?:\/\/|#|\/\*|--|<!--|;)/;

/**
 * `similarity` for texts already passed through `normalizeWhitespace`. A line of at least
 * `MIN_CONTAINED_CHARS` found whole inside the other scores at least `MIN_SIMILARITY`, and
 * so does one of at least `MIN_FUZZY_CHARS` that the other repeats whole before a space
 * and a comment (`return stats` / `return stats # checked`).
 */
export function normalizedSimilarity(x: string, y: string): number {
  const longer = Math.max(x.length, y.length);
  const shorter = Math.min(x.length, y.length);
  if (shorter < MIN_FUZZY_CHARS) return 0;
  const max = Math.floor(longer * (1 - MIN_SIMILARITY));
  const d = boundedDistance(x, y, max);
  if (d <= max) return 1 - d / longer;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  const contained = shorter >= MIN_CONTAINED_CHARS && long.includes(short);
  const annotated = long.startsWith(`${short} `) && TRAILING_COMMENT.test(long.slice(short.length + 1));
  return contained || annotated ? MIN_SIMILARITY : 0;
}

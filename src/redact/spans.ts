/**
 * Secret spans: what the detectors report, how overlapping finds merge into one
 * replacement, and how the replacements are written into the text.
 */

/** One secret found in a text: its kind and where it is, in UTF-16 code units. */
export interface SecretSpan {
  kind: string;
  index: number;
  length: number;
}

/** A span with the rank of its detector: on overlap, the lowest rank names the merged span. */
export interface RankedSpan extends SecretSpan {
  rank: number;
}

/** Detector ranks, most specific first. */
export const RANK = { provider: 0, pattern: 1, credential: 2, vendor: 2.5, assignment: 3, entropy: 4, prose: 5 } as const;

/** Matches a replacement this module wrote, e.g. `[REDACTED:github]` (vendor rule ids run to 43 characters). */
export const MARKER = /\[REDACTED:[a-z0-9-]{1,64}\]/g;

/** The replacement text for a secret of `kind`. */
export function marker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/**
 * Sort spans and merge overlapping ones into their union, named after the lowest-ranked
 * (most specific) detector. Touching spans stay apart. Empty spans are dropped.
 */
export function mergeSpans(spans: RankedSpan[]): SecretSpan[] {
  const sorted = spans.filter((s) => s.length > 0).sort((a, b) => a.index - b.index || b.length - a.length);
  const merged: RankedSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last === undefined || span.index >= last.index + last.length) {
      merged.push({ ...span });
      continue;
    }
    const end = Math.max(last.index + last.length, span.index + span.length);
    last.length = end - last.index;
    if (span.rank < last.rank) {
      last.rank = span.rank;
      last.kind = span.kind;
    }
  }
  return merged.map(({ kind, index, length }) => ({ kind, index, length }));
}

/** Replace each span (sorted, disjoint, as from `mergeSpans`) with its marker. */
export function applySpans(text: string, spans: readonly SecretSpan[]): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    parts.push(text.slice(at, span.index), marker(span.kind));
    at = span.index + span.length;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Sorted `[start, end)` ranges of the markers already in `text`. */
export function markerRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  if (!text.includes('[REDACTED:')) return ranges;
  for (const m of text.matchAll(MARKER)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

/** Whether `[start, end)` lies entirely within one of the sorted, disjoint `ranges`. */
export function withinAny(ranges: readonly [number, number][], start: number, end: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const r = ranges[lo];
  return r !== undefined && r[0] <= start && end <= r[1];
}

/**
 * The note's line-range syntax (`12-40,55`): 1-based line numbers of a commit's version
 * of a file, compressed. Pure.
 */

/**
 * Compress 1-based line numbers into the note's range syntax: sorted, `12-40,55,57-61`.
 * Inverse of `parseRanges`.
 */
export function formatRanges(lines: number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(start === end ? `${start}` : `${start}-${end}`);
  }
  return parts.join(',');
}

/** Expand the note's range syntax (`12-40,55`) into 1-based line numbers; malformed parts are skipped. */
export function parseRanges(ranges: string): number[] {
  const lines: number[] = [];
  for (const part of ranges.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2] ? Number(m[2]) : start;
    for (let n = start; n <= end && n - start < 1_000_000; n++) lines.push(n);
  }
  return lines;
}

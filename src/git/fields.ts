/**
 * Reading git's formatted output in place: lines of fields (`git log --format=%H%x1f%s`),
 * without splitting the whole text into lines and each line into an array that is then
 * destructured (for 1,000 commits that costs a short process several ms of CPU before the
 * code is optimised).
 */

/**
 * The non-empty lines of `text`, each as its first `count` fields cut at `sep` (a field the
 * line lacks is `''`; fields after the `count`-th are dropped): what
 * `text.split('\n').filter(Boolean).map((l) => l.split(sep))` gives for those fields. Pure.
 */
export function parseFieldLines(text: string, sep: string, count: number): string[][] {
  const rows: string[][] = [];
  for (let pos = 0; pos < text.length; ) {
    const found = text.indexOf('\n', pos);
    const nl = found === -1 ? text.length : found;
    if (nl > pos) {
      const row: string[] = [];
      let start = pos;
      for (let k = 0; k < count; k++) {
        if (start > nl) {
          row.push('');
          continue;
        }
        const at = text.indexOf(sep, start);
        const end = at === -1 || at > nl ? nl : at;
        row.push(text.slice(start, end));
        start = end + 1;
      }
      rows.push(row);
    }
    pos = nl + 1;
  }
  return rows;
}

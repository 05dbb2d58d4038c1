/**
 * Attribution at commit time (DESIGN.md §5), pure: each added line of a commit is matched
 * against the agent lines still pending for its file. Exact match → `ai`; same after
 * whitespace normalisation → `ai-modified`; no match → `human`. Lines that carry no
 * information (blank, lone braces/brackets/punctuation) take the state of their nearest
 * informative neighbour in the same hunk instead of matching on their own. Matched pending
 * lines are consumed; the rest wait for a later commit.
 */
import type { FileAdditions } from '../git/diff.js';
import type { PendingLine } from '../store/index.js';
import type { LineState } from '../types.js';

/** The owner of one added line: a state and, unless human, the session id. */
export interface LineOwner {
  state: LineState;
  session: string | null;
}

/** Attribution of one file of a commit: per 1-based line number in the commit's version, its owner. */
export interface FileAttribution {
  path: string;
  lines: Map<number, LineOwner>;
}

/** The result for a whole commit; `pending` is what remains for later commits (input is not mutated). */
export interface CommitAttribution {
  files: FileAttribution[];
  pending: Record<string, PendingLine[]>;
}

/** Collapse all runs of whitespace and trim: the comparison key for `ai-modified`. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** True for lines with no information of their own: blank, or only brackets, braces and punctuation. */
export function isTrivialLine(text: string): boolean {
  return /^[\s{}()[\];,.:<>/\\|*+=-]*$/.test(text) && normalizeWhitespace(text).length <= 4;
}

/**
 * Attribute every added line of a commit. `pending` maps repo-relative paths to agent
 * lines not yet committed; a renamed file also draws on the pending lines of its old path.
 */
export function attributeCommit(additions: FileAdditions[], pending: Record<string, PendingLine[]>): CommitAttribution {
  const used = new Set<PendingLine>();
  const files: FileAttribution[] = [];
  for (const file of additions) {
    if (file.binary || file.lines.length === 0) continue;
    const pool = [file.path, ...(file.from ? [file.from] : [])].flatMap((p) => pending[p] ?? []);
    files.push({ path: file.path, lines: attributeFile(file, new Matcher(pool, used)) });
  }
  const remaining: Record<string, PendingLine[]> = {};
  for (const [path, lines] of Object.entries(pending)) {
    const left = lines.filter((p) => !used.has(p));
    if (left.length > 0) remaining[path] = left;
  }
  return { files, pending: remaining };
}

/** Pending lines of one file indexed by exact and whitespace-normalised text; the most recent match is taken first. */
class Matcher {
  private readonly exact = new Map<string, PendingLine[]>();
  private readonly loose = new Map<string, PendingLine[]>();

  constructor(pool: PendingLine[], private readonly used: Set<PendingLine>) {
    for (const p of pool) {
      if (used.has(p)) continue;
      push(this.exact, p.text, p);
      push(this.loose, normalizeWhitespace(p.text), p);
    }
  }

  /** The owner of an added line, consuming the pending line it matched. */
  match(text: string): LineOwner {
    const exact = this.take(this.exact.get(text), () => true);
    if (exact) return { state: 'ai', session: exact.session };
    const loose = this.take(this.loose.get(normalizeWhitespace(text)), () => true);
    if (loose) return { state: 'ai-modified', session: loose.session };
    return { state: 'human', session: null };
  }

  /** Consume a pending line with exactly this text from `session`, if there is one. */
  consumeFrom(text: string, session: string): void {
    this.take(this.exact.get(text), (p) => p.session === session);
  }

  private take(list: PendingLine[] | undefined, test: (p: PendingLine) => boolean): PendingLine | null {
    if (!list) return null;
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i]!;
      if (this.used.has(p)) {
        list.splice(i, 1);
        continue;
      }
      if (!test(p)) continue;
      list.splice(i, 1);
      this.used.add(p);
      return p;
    }
    return null;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function attributeFile(file: FileAdditions, matcher: Matcher): Map<number, LineOwner> {
  const owners = new Map<number, LineOwner>();
  for (const added of file.lines) {
    if (isTrivialLine(added.text)) continue;
    owners.set(added.line, matcher.match(added.text));
  }
  file.lines.forEach((added, index) => {
    if (owners.has(added.line)) return;
    const inherited = neighbourOwner(file, index, owners);
    if (inherited?.session) matcher.consumeFrom(added.text, inherited.session);
    owners.set(added.line, inherited ?? matcher.match(added.text));
  });
  return owners;
}

/** The owner of the nearest informative line of the same hunk (the earlier one on a tie), or null. */
function neighbourOwner(file: FileAdditions, index: number, owners: Map<number, LineOwner>): LineOwner | null {
  const { hunk } = file.lines[index]!;
  for (let d = 1; d < file.lines.length; d++) {
    const before = file.lines[index - d];
    const after = file.lines[index + d];
    const beforeOk = before?.hunk === hunk;
    const afterOk = after?.hunk === hunk;
    if (!beforeOk && !afterOk) return null;
    if (beforeOk && !isTrivialLine(before.text)) return owners.get(before.line) ?? null;
    if (afterOk && !isTrivialLine(after.text)) return owners.get(after.line) ?? null;
  }
  return null;
}

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

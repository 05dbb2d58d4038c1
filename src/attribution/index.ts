/**
 * Attribution at commit time (DESIGN.md §5), pure: each added line of a commit is matched
 * against the agent lines still pending for its file. Exact match → `ai` (or the state the
 * pending line carries); same after whitespace normalisation, or a close edit distance
 * (`similarity` ≥ `MIN_SIMILARITY`) → `ai-modified`; no match → `human`. Lines that carry
 * no information (blank, lone braces/brackets/punctuation) take the session and state of
 * their nearest informative neighbour in the same hunk instead of matching on their own —
 * except that an exact copy of that session's line stays `ai` next to an `ai-modified` one.
 * Matched pending lines are consumed; the rest wait for a later commit.
 *
 * The same matching re-maps a rewritten commit: the lines of the original commits, with
 * the states their notes gave them, are the "pending" lines of the new commit.
 */
import type { FileAdditions } from '../git/diff.js';
import type { PendingLine } from '../store/index.js';
import type { LineState } from '../types.js';
import { isTrivialLine, normalizeWhitespace } from './lines.js';
import { MIN_SIMILARITY, normalizedSimilarity } from './similar.js';

export { isTrivialLine, normalizeWhitespace } from './lines.js';
export { formatRanges, parseRanges } from './ranges.js';
export { boundedDistance, similarity, MIN_SIMILARITY } from './similar.js';

/** The owner of one added line: a state and, unless human, the session id and the key of the prompt behind the edit. */
export interface LineOwner {
  state: LineState;
  session: string | null;
  /** Opaque key of the prompt that led to the edit (a prompt event id), or null. */
  prompt: string | null;
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

/** Most pending lines compared by edit distance for one added line (bounds the cost on huge files). */
export const MAX_FUZZY_CANDIDATES = 400;

/** Most edit-distance comparisons for a whole commit; past it, unmatched lines are human without looking further. */
export const MAX_FUZZY_COMPARISONS = 200_000;

/**
 * Attribute every added line of a commit. `pending` maps repo-relative paths to agent
 * lines not yet committed; a renamed file also draws on the pending lines of its old path.
 */
export function attributeCommit(additions: FileAdditions[], pending: Record<string, PendingLine[]>): CommitAttribution {
  const used = new Set<PendingLine>();
  const budget = { comparisons: MAX_FUZZY_COMPARISONS };
  const files: FileAttribution[] = [];
  for (const file of additions) {
    if (file.binary || file.lines.length === 0) continue;
    const pool = [file.path, ...(file.from ? [file.from] : [])].flatMap((p) => pending[p] ?? []);
    files.push({ path: file.path, lines: attributeFile(file, new Matcher(pool, used, budget)) });
  }
  const remaining: Record<string, PendingLine[]> = {};
  for (const [path, lines] of Object.entries(pending)) {
    const left = lines.filter((p) => !used.has(p));
    if (left.length > 0) remaining[path] = left;
  }
  return { files, pending: remaining };
}

const HUMAN: LineOwner = { state: 'human', session: null, prompt: null };

/** The owner a matched pending line gives: `state` for an agent line, human for a carried human line. */
function ownerOf(p: PendingLine, state: LineState): LineOwner {
  if (p.state === 'human') return HUMAN;
  return { state, session: p.session, prompt: p.prompt ?? null };
}

/** Pending lines of one file indexed by exact and whitespace-normalised text; the most recent match is taken first. */
class Matcher {
  private readonly exact = new Map<string, PendingLine[]>();
  private readonly loose = new Map<string, PendingLine[]>();
  /** Informative unused candidates for edit distance, with their normalised text. */
  private readonly all: { line: PendingLine; norm: string }[] = [];

  constructor(
    pool: PendingLine[],
    private readonly used: Set<PendingLine>,
    private readonly budget: { comparisons: number },
  ) {
    for (const p of pool) {
      if (used.has(p)) continue;
      push(this.exact, p.text, p);
      push(this.loose, normalizeWhitespace(p.text), p);
      if (!isTrivialLine(p.text)) this.all.push({ line: p, norm: normalizeWhitespace(p.text) });
    }
  }

  /** The owner of an added line by exact or whitespace-normalised text, consuming the pending line it matched; null if none. */
  matchClose(text: string): LineOwner | null {
    const exact = this.take(this.exact.get(text), () => true);
    if (exact) return ownerOf(exact, exact.state ?? 'ai');
    const loose = this.take(this.loose.get(normalizeWhitespace(text)), () => true);
    return loose ? ownerOf(loose, 'ai-modified') : null;
  }

  /**
   * The owner of an added line by edit distance: the most similar unused pending line
   * (the most recent on a tie) among the last `MAX_FUZZY_CANDIDATES`, within the commit's
   * `MAX_FUZZY_COMPARISONS`; null if none is similar enough.
   */
  matchFuzzy(text: string): LineOwner | null {
    let best: PendingLine | null = null;
    let bestScore = MIN_SIMILARITY - 1e-9;
    let looked = 0;
    const norm = normalizeWhitespace(text);
    for (let i = this.all.length - 1; i >= 0 && looked < MAX_FUZZY_CANDIDATES && this.budget.comparisons > 0; i--) {
      const { line: p, norm: candidate } = this.all[i]!;
      if (this.used.has(p)) continue;
      looked += 1;
      this.budget.comparisons -= 1;
      const score = normalizedSimilarity(norm, candidate);
      if (score > bestScore) {
        best = p;
        bestScore = score;
      }
    }
    if (!best) return null;
    this.used.add(best);
    return ownerOf(best, 'ai-modified');
  }

  /** Consume a pending line with exactly this text from `session`, if there is one, and return it. */
  consumeFrom(text: string, session: string): PendingLine | null {
    return this.take(this.exact.get(text), (p) => p.session === session);
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

/**
 * Three passes over one file's added lines: exact and whitespace matches first (so that a
 * fuzzy match never steals the pending line of an exact one), then edit distance for the
 * informative lines left, then trivial lines from their neighbours.
 */
function attributeFile(file: FileAdditions, matcher: Matcher): Map<number, LineOwner> {
  const owners = new Map<number, LineOwner>();
  const informative = file.lines.filter((added) => !isTrivialLine(added.text));
  for (const added of informative) {
    const owner = matcher.matchClose(added.text);
    if (owner) owners.set(added.line, owner);
  }
  for (const added of informative) {
    if (!owners.has(added.line)) owners.set(added.line, matcher.matchFuzzy(added.text) ?? HUMAN);
  }
  file.lines.forEach((added, index) => {
    if (owners.has(added.line)) return;
    const inherited = neighbourOwner(file, index, owners);
    if (inherited?.session) {
      // The neighbour's session; an exact copy of one of its lines was not changed, so it is `ai` even next to an edited line.
      const exact = matcher.consumeFrom(added.text, inherited.session);
      owners.set(added.line, exact ? ownerOf(exact, exact.state ?? 'ai') : inherited);
      return;
    }
    owners.set(added.line, inherited ?? matcher.matchClose(added.text) ?? HUMAN);
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

/**
 * Attribution at commit time (DESIGN.md §5), pure: each added line of a commit is matched
 * against the agent lines still pending for its file. Exact match → `ai` (or the state the
 * pending line carries); same after whitespace normalisation, a close edit distance
 * (`similarity` ≥ `MIN_SIMILARITY`), or the same tokens with an identifier renamed or a
 * literal changed (`tokenSimilarity`) → `ai-modified`; no match → `human`. Lines that carry
 * no information (blank, lone braces/brackets/punctuation) take the owner of the line that
 * opened the block they close, else of their nearest informative neighbour in the same
 * hunk, instead of matching on their own — except that an exact copy of that session's
 * line stays `ai` next to an `ai-modified` one. A line the diff moves (removes and adds)
 * that an agent's edit re-emitted unchanged (`PendingLine.reemitted`) is that edit's.
 * Matched pending lines are consumed; the rest wait for a later commit.
 *
 * The same matching re-maps a rewritten commit: the lines of the original commits, with
 * the states their notes gave them, are the "pending" lines of the new commit.
 */
import type { FileAdditions } from '../git/diff.js';
import type { PendingLine } from '../store/index.js';
import type { LineState } from '../types.js';
import { isTrivialLine, normalizeWhitespace } from './lines.js';
import { informativeNeighbours, isCloser, openerIndex, parseBrackets } from './neighbours.js';
import { normalizedSimilarity } from './similar.js';
import { parseTokens, sharesOnlyBoilerplate, tokenSimilarity, type Token } from './tokens.js';
import { keyedRecord, ownValue } from '../records.js';

export { isTrivialLine, normalizeWhitespace } from './lines.js';
export { formatRanges, parseRanges } from './ranges.js';
export { boundedDistance, similarity, MIN_SIMILARITY } from './similar.js';
export { parseTokens, tokenSimilarity, MIN_TOKEN_SIMILARITY } from './tokens.js';

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
    const pool = [file.path, ...(file.from ? [file.from] : [])].flatMap((p) => ownValue(pending, p) ?? []);
    files.push({ path: file.path, lines: attributeFile(file, new Matcher(pool, used, budget)) });
  }
  // A re-emitted line had its chance once the file is committed: it must not claim a later move.
  const committed = new Set(additions.flatMap((f) => (f.from ? [f.path, f.from] : [f.path])));
  const remaining = keyedRecord<PendingLine[]>();
  for (const [path, lines] of Object.entries(pending)) {
    const left = lines.filter((p) => !used.has(p) && !(p.reemitted && committed.has(path)));
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
  /** Lines edits re-emitted unchanged (`PendingLine.reemitted`): matched only exactly, and only where the diff moved a line. */
  private readonly reemitted = new Map<string, PendingLine[]>();
  /** Informative unused candidates for edit distance, with their normalised text and (once needed) tokens. */
  private readonly all: { line: PendingLine; norm: string; tokens?: Token[] | null }[] = [];

  constructor(
    pool: PendingLine[],
    private readonly used: Set<PendingLine>,
    private readonly budget: { comparisons: number },
  ) {
    for (const p of pool) {
      if (used.has(p)) continue;
      if (p.reemitted) {
        push(this.reemitted, p.text, p);
        continue;
      }
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
   * The owner of an added line by closeness: the unused pending line with the highest
   * `lineSimilarity` (the most recent on a tie) among the last `MAX_FUZZY_CANDIDATES`,
   * within the commit's `MAX_FUZZY_COMPARISONS`; null if none is close enough.
   */
  matchFuzzy(text: string): LineOwner | null {
    let best: PendingLine | null = null;
    let bestScore = 0;
    let looked = 0;
    const norm = normalizeWhitespace(text);
    const tokens = parseTokens(norm);
    for (let i = this.all.length - 1; i >= 0 && looked < MAX_FUZZY_CANDIDATES && this.budget.comparisons > 0; i--) {
      const candidate = this.all[i]!;
      if (this.used.has(candidate.line)) continue;
      looked += 1;
      this.budget.comparisons -= 1;
      const score = lineSimilarity(norm, tokens, candidate);
      if (score > bestScore) {
        best = candidate.line;
        bestScore = score;
      }
    }
    if (!best) return null;
    this.used.add(best);
    return ownerOf(best, 'ai-modified');
  }

  /** The owner of an added line by a re-emitted pending line with exactly its text (consumed); null if none. */
  matchReemitted(text: string): LineOwner | null {
    const p = this.take(this.reemitted.get(text), () => true);
    return p ? ownerOf(p, p.state ?? 'ai') : null;
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

/**
 * Closeness of an added line (normalised text and its tokens) to a pending candidate, in
 * [0, 1], 0 when not close: the better of character similarity (`normalizedSimilarity`)
 * and token similarity (`tokenSimilarity`: an identifier renamed, a literal changed), but
 * 0 for lines of one shape that share only boilerplate (`sharesOnlyBoilerplate`). The
 * candidate's tokens are parsed once, on first need, and kept on it.
 */
function lineSimilarity(norm: string, tokens: Token[] | null, candidate: { norm: string; tokens?: Token[] | null }): number {
  const chars = normalizedSimilarity(norm, candidate.norm);
  if (!tokens) return chars;
  if (candidate.tokens === undefined) candidate.tokens = parseTokens(candidate.norm);
  if (!candidate.tokens || candidate.tokens.length !== tokens.length) return chars;
  if (sharesOnlyBoilerplate(tokens, candidate.tokens)) return 0;
  return Math.max(chars, tokenSimilarity(tokens, candidate.tokens));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Four passes over one file's added lines: exact and whitespace matches first (so that a
 * fuzzy match never steals the pending line of an exact one), then re-emitted lines for
 * lines the diff moved, then closeness for the informative lines left, then trivial lines
 * from their neighbours.
 */
function attributeFile(file: FileAdditions, matcher: Matcher): Map<number, LineOwner> {
  const owners = new Map<number, LineOwner>();
  const informative = file.lines.filter((added) => !isTrivialLine(added.text));
  for (const added of informative) {
    const owner = matcher.matchClose(added.text);
    if (owner) owners.set(added.line, owner);
  }
  attributeMoved(file, informative, owners, matcher);
  for (const added of informative) {
    if (!owners.has(added.line)) owners.set(added.line, matcher.matchFuzzy(added.text) ?? HUMAN);
  }
  const brackets = cached((i) => parseBrackets(file.lines[i]!.text));
  file.lines.forEach((added, index) => {
    if (!owners.has(added.line)) owners.set(added.line, trivialOwner(file, index, owners, matcher, brackets));
  });
  return owners;
}

/**
 * An added line that the commit also removes from the file (git shows it moved) and that
 * an agent's edit re-emitted unchanged belongs to that edit: each removed copy lets one
 * added copy take a re-emitted pending line. A line the diff only adds (typed since the
 * parent, e.g. by a human before the agent's edit kept it as context) is not claimed.
 */
function attributeMoved(file: FileAdditions, informative: FileAdditions['lines'], owners: Map<number, LineOwner>, matcher: Matcher): void {
  if (!file.removed?.length) return;
  const removed = new Map<string, number>();
  for (const text of file.removed) removed.set(text, (removed.get(text) ?? 0) + 1);
  for (const added of informative) {
    const left = removed.get(added.text) ?? 0;
    if (left === 0 || owners.has(added.line)) continue;
    const owner = matcher.matchReemitted(added.text);
    if (!owner) continue;
    owners.set(added.line, owner);
    removed.set(added.text, left - 1);
  }
}

/**
 * The owner of a line with no information of its own. A line that closes a block opened
 * by an added line of its hunk belongs with that opener; else it takes its nearest
 * informative neighbour's owner, except that a closing line next to a human line takes an
 * agent neighbour on its other side when that session has an exact copy of it pending (an
 * agent's `}` stays the agent's when the line above it was rewritten by hand). An agent
 * owner turns into its session's exact copy of the line when there is one, so the line is
 * `ai` even next to an `ai-modified` line. With no neighbour, the line matches on its own.
 */
function trivialOwner(file: FileAdditions, index: number, owners: Map<number, LineOwner>, matcher: Matcher, brackets: (i: number) => string): LineOwner {
  const text = file.lines[index]!.text;
  const ownerAt = (i: number) => (i < 0 ? null : (owners.get(file.lines[i]!.line) ?? null));
  const opener = openerIndex(file.lines, index, brackets);
  if (opener >= 0) return inherit(ownerAt(opener) ?? HUMAN, text, matcher);
  const { before, after, nearest } = informativeNeighbours(file.lines, index);
  if (nearest === null) return matcher.matchClose(text) ?? HUMAN;
  const owner = ownerAt(nearest) ?? HUMAN;
  if (owner.session) return inherit(owner, text, matcher);
  const other = ownerAt(nearest === before ? after : before);
  const exact = isCloser(text) && other?.session ? matcher.consumeFrom(text, other.session) : null;
  return exact ? ownerOf(exact, exact.state ?? 'ai') : owner;
}

/** `owner` for a trivial line: an agent owner's exact copy of `text` from its session when pending (consumed), else `owner` itself. */
function inherit(owner: LineOwner, text: string, matcher: Matcher): LineOwner {
  if (!owner.session) return owner;
  const exact = matcher.consumeFrom(text, owner.session);
  return exact ? ownerOf(exact, exact.state ?? 'ai') : owner;
}

/** `fn` memoised per index. */
function cached<T>(fn: (i: number) => T): (i: number) => T {
  const memo = new Map<number, T>();
  return (i) => {
    if (!memo.has(i)) memo.set(i, fn(i));
    return memo.get(i)!;
  };
}

/**
 * Lines of code as tokens (identifiers, literals, punctuation) for `ai-modified`
 * (DESIGN.md §5): a human who renames an identifier or changes a literal in an agent line
 * keeps its shape and most of what it says, even when too many characters differ for
 * edit distance to see it. Pure.
 */
import { boundedDistance } from './similar.js';

/** What a token is: a word (identifier or keyword), a number, a string literal, or one punctuation character. */
export type TokenKind = 'word' | 'number' | 'string' | 'punct';

/** One token of a line: its kind and exact text (a string literal with its quotes). */
export interface Token {
  kind: TokenKind;
  text: string;
}

/** Longest line (UTF-16 code units) that is tokenised; longer lines (minified code, data) only match by characters. */
export const MAX_TOKENIZED_CHARS = 2000;

/** Most tokens kept for a line; a line with more only matches by characters. */
export const MAX_TOKENS = 200;

/** Least share of a line's informative weight that a retouch must keep (see `tokenSimilarity`). */
export const MIN_TOKEN_SIMILARITY = 0.4;

/** Least informative weight (characters of kept identifiers and subwords) that a retouch must keep. */
export const MIN_KEPT_WEIGHT = 4;

/**
 * Words that say nothing of their own: keywords and ubiquitous built-ins of the languages
 * agents write most (JavaScript/TypeScript, Python, Go, Rust, Java/C#, C/C++, shell). A
 * human line that shares only these (and punctuation) with an agent line is not a retouch.
 */
const BOILERPLATE = new Set(
  (
    'abstract and as assert async await break case catch class const continue def default defer del delete do done ' +
    'elif else enum esac except export extends false fi final finally fn for from func function go if impl ' +
    'implements import in instanceof interface is lambda let loop match mod module mut new nil none not null of or ' +
    'override package pass private protected pub public raise readonly return self static struct super switch then ' +
    'this throw throws true try type typeof undefined unsafe use var void where while with yield bool boolean byte ' +
    'char double float int long short string str number object any unknown never u8 u32 u64 i32 i64 usize error ' +
    'err ok some result vec list dict map set array console log print println printf fmt echo local'
  ).split(' '),
);

const TOKEN = /([\p{L}_$][\p{L}\p{N}_$]*)|(\p{N}[\p{L}\p{N}_.]*)|("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`(?:[^`\\]|\\.)*`?)|(\S)/gu;

/**
 * The tokens of one line: words (`[\p{L}_$][\p{L}\p{N}_$]*`), numbers (a digit and what
 * follows it: `30_000`, `0x1f`, `1.5e3`), string literals in `"`, `'` or `` ` `` (an
 * unterminated one runs to the end of the line), and every other non-space character
 * alone. Null when the line is longer than `MAX_TOKENIZED_CHARS` or has more than
 * `MAX_TOKENS` tokens.
 */
export function parseTokens(line: string): Token[] | null {
  if (line.length > MAX_TOKENIZED_CHARS) return null;
  const tokens: Token[] = [];
  for (const m of line.matchAll(TOKEN)) {
    const kind: TokenKind = m[1] !== undefined ? 'word' : m[2] !== undefined ? 'number' : m[3] !== undefined ? 'string' : 'punct';
    tokens.push({ kind, text: m[0] });
    if (tokens.length > MAX_TOKENS) return null;
  }
  return tokens;
}

/**
 * How much a token says (its informative weight): an identifier that is not boilerplate
 * weighs its length, a number other than 0 or 1 and a non-empty string literal weigh 3
 * (data, not structure), keywords, built-ins and punctuation weigh 0.
 */
export function tokenWeight(token: Token): number {
  switch (token.kind) {
    case 'word':
      return BOILERPLATE.has(token.text.toLowerCase()) ? 0 : token.text.length;
    case 'number':
      return token.text === '0' || token.text === '1' ? 0 : 3;
    case 'string':
      return token.text.length > 2 ? 3 : 0;
    default:
      return 0;
  }
}

/** The lower-case parts of an identifier (camelCase, PascalCase, snake_case, kebab, digits): `setInputValue` → set, input, value. */
export function identifierParts(word: string): string[] {
  return word
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((p) => p.length > 0)
    .map((p) => p.toLowerCase());
}

/**
 * Characters of the parts two identifiers share (as multisets), boilerplate parts aside:
 * `setInputValue` / `resetInputValue` → 10, `Error` / `TypeError` → 0.
 */
function sharedPartsWeight(a: string, b: string): number {
  const counts = new Map<string, number>();
  for (const p of identifierParts(a)) counts.set(p, (counts.get(p) ?? 0) + 1);
  let shared = 0;
  for (const p of identifierParts(b)) {
    if (BOILERPLATE.has(p)) continue;
    const left = counts.get(p) ?? 0;
    if (left === 0) continue;
    counts.set(p, left - 1);
    shared += p.length;
  }
  return shared;
}

/** Most tokens a retouch may replace in a line of `n` tokens: 2, or a third of them on longer lines. */
export function maxReplacedTokens(n: number): number {
  return Math.max(2, Math.ceil(n / 3));
}

/**
 * Informative weight two differing tokens of one kind keep (`weight`: the heavier one's):
 * all of it when they are spelt alike (at least 4 characters, at most a quarter of the
 * longer one edited: a typo fixed, a letter changed), else, for identifiers and string
 * literals, the parts they share (`setInputValue` / `resetInputValue`, `'has_overlaps'` /
 * `'has_overlaps_next'`), else nothing.
 */
function keptWeight(x: Token, y: Token, weight: number): number {
  const a = x.text;
  const b = y.text;
  if (Math.min(a.length, b.length) >= 4) {
    const max = Math.floor(Math.max(a.length, b.length) / 4);
    if (boundedDistance(a, b, max) <= max) return weight;
  }
  return x.kind === 'word' || x.kind === 'string' ? Math.min(weight, sharedPartsWeight(a, b)) : 0;
}

/** Two lines of as many tokens compared position by position. */
interface Alignment {
  /** Informative weight kept (equal tokens, and what renamed identifiers share). */
  kept: number;
  /** Informative weight of the two lines (the heavier token at each position). */
  total: number;
  /** Positions whose tokens differ. */
  replaced: number;
  /** True when every replaced token keeps its kind (an identifier stays an identifier). */
  sameKinds: boolean;
}

/** Compare two token lists of the same length position by position. */
function align(a: Token[], b: Token[]): Alignment {
  const out: Alignment = { kept: 0, total: 0, replaced: 0, sameKinds: true };
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const weight = Math.max(tokenWeight(x), tokenWeight(y));
    out.total += weight;
    if (x.text === y.text) {
      out.kept += weight;
      continue;
    }
    out.replaced += 1;
    if (x.kind !== y.kind) out.sameKinds = false;
    else out.kept += keptWeight(x, y, weight);
  }
  return out;
}

/**
 * Token similarity of two lines in [0, 1]: non-zero only for a retouch, meaning the same
 * number of tokens, each pair equal or replaced by a token of the same kind (an identifier
 * renamed, a literal changed), at most `maxReplacedTokens` replaced, and at least
 * `MIN_KEPT_WEIGHT` of informative weight kept. The figure is the kept share of the
 * informative weight (`tokenWeight`; a renamed identifier keeps the weight of the parts
 * it shares with its old name, or most of its own when spelt alike), or 0 below
 * `MIN_TOKEN_SIMILARITY`. Lines that share only keywords and punctuation score 0;
 * token-equal lines (differing only in spacing) score 1.
 */
export function tokenSimilarity(a: Token[], b: Token[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  const { kept, total, replaced, sameKinds } = align(a, b);
  if (replaced === 0) return 1;
  if (!sameKinds || replaced > maxReplacedTokens(a.length) || kept < MIN_KEPT_WEIGHT) return 0;
  const score = kept / total;
  return score >= MIN_TOKEN_SIMILARITY ? score : 0;
}

/**
 * True when two lines of the same shape (as many tokens) keep none of each other's
 * informative tokens: all they share is keywords, built-ins and punctuation (`const x =
 * 1;` / `const y = 2;`). Such lines are not a retouch however few characters differ.
 */
export function sharesOnlyBoilerplate(a: Token[], b: Token[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  const { kept, total } = align(a, b);
  return total > 0 && kept === 0;
}

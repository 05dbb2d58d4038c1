/**
 * High-entropy token detection: long runs of token characters that look random (many
 * distinct characters, mixed classes, frequent class changes, little structure) rather
 * than like words, identifiers, paths, hashes or UUIDs. One linear scan over the text.
 */
import type { RankedSpan } from './spans.js';

/** Shortest run considered, in UTF-16 code units. */
export const MIN_TOKEN_LENGTH = 32;
/** Minimum Shannon entropy, in bits per character. */
export const MIN_ENTROPY = 4.0;
/** Minimum share of adjacent letters and digits that change class (lower/upper/digit). */
const MIN_CLASS_CHANGES = 0.3;
/** The same for a run of one-case letters and digits that reads as random (`looksRandomSingleCase`). */
const MIN_SINGLE_CASE_CHANGES = 0.2;
/** Maximum share of characters inside structure (words, separated hex groups). */
const MAX_STRUCTURE = 0.5;
/**
 * Structure that random tokens rarely have and identifiers, paths, UUIDs and file names
 * are made of: hex or digit groups between `/`, `_`, `-` (group 1: UUID parts, dates,
 * short hashes), and word-like runs (`Word`, `word`, `WORD`, counted when they hold a vowel).
 */
const STRUCTURE = /((?<![^/_-])[0-9a-fA-F]{4,}(?![^/_-]))|[A-Z]?[a-z]{3,}|[A-Z]{4,}/g;
const VOWEL = /[aeiouyAEIOUY]/;
/** Run prefixes of well-known public digests (Subresource Integrity, package locks). */
const DIGEST_PREFIX = /^(?:sha1|sha256|sha384|sha512)-/;
/** Run prefixes of base64 image data (PNG, JPEG, GIF, WebP magic numbers), as agents' logs carry pasted images. */
const IMAGE_PREFIX = /^(?:iVBORw0KGg|\/9j\/|R0lGODdh|R0lGODlh|UklGR)/;

const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;
const SYMBOL = 8;
/** Class of each ASCII code unit that can be part of a token (0: ends a run). */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 97 && c <= 122) CLASS[c] = LOWER;
  else if (c >= 65 && c <= 90) CLASS[c] = UPPER;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
  else if ('+/_=-'.includes(String.fromCharCode(c))) CLASS[c] = SYMBOL;
}
const counts = new Uint32Array(128);
/** `=` only pads the end of a token, so `NAME=value` is two runs. */
const EQUALS = 61;

/** Class of the code unit at `i`, 0 when it cannot be part of a token. */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c]! : 0;
}

/**
 * Whether `text[start, end)` looks like a random secret rather than a word, identifier,
 * path, hex digest or UUID. Pure apart from a reused counting buffer.
 */
export function isHighEntropyRun(text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < MIN_TOKEN_LENGTH) return false;
  let classes = 0;
  let changes = 0;
  let pairs = -1;
  let hexOnly = true;
  let previous = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    counts[c]!++;
    const k = CLASS[c]!;
    classes |= k;
    if (k === SYMBOL) continue;
    if (!isHex(c)) hexOnly = false;
    if (previous !== 0 && k !== previous) changes++;
    pairs++;
    previous = k;
  }
  const entropy = shannon(text, start, end);
  if (hexOnly || (classes & DIGIT) === 0 || (classes & (LOWER | UPPER)) === 0) return false;
  if (entropy < MIN_ENTROPY) return false;
  const run = text.slice(start, end);
  if (DIGEST_PREFIX.test(run) || IMAGE_PREFIX.test(run)) return false;
  // Letters of one case and digits (base36, base32), not a path: random letters run together
  // often enough to look like words to `STRUCTURE`, so they are judged by their vowels and
  // consonant clusters instead, and need fewer class changes (base32 has 6 digits in 32
  // symbols). Hex or digit groups between separators (UUIDs, dates) still count against them.
  const randomOneCase = (classes & (LOWER | UPPER)) !== (LOWER | UPPER) && !run.includes('/') && looksRandomSingleCase(run);
  if (changes / Math.max(1, pairs) < (randomOneCase ? MIN_SINGLE_CASE_CHANGES : MIN_CLASS_CHANGES)) return false;
  return structureShare(run, !randomOneCase) < MAX_STRUCTURE;
}

/** Share of digits among letters and digits a random token reaches (base36: 10/36 ≈ 0.28 expected; base32: 6/32 ≈ 0.19). */
const MIN_DIGIT_SHARE = 0.1;
/** Share of vowels among letters at or below which letters do not read as words (English ≈ 0.38; random ≈ 5/26 ≈ 0.19). */
const MAX_VOWEL_SHARE = 0.28;
/** Clusters of three or more consonants per 16 characters at or above which letters do not read as words. */
const MIN_CLUSTERS_PER_16 = 1;

/**
 * Whether a one-case run of letters and digits reads as random: digits spread through it
 * (not a trailing version number: at most a quarter of them at the end), and letters that
 * do not read as words: few vowels, or frequent clusters of three consonants or more
 * (`gnzgk`, `thh`). Pure.
 */
function looksRandomSingleCase(run: string): boolean {
  let letters = 0;
  let digits = 0;
  let vowels = 0;
  let clusters = 0;
  let consonants = 0;
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    const c = code | 0x20; // a letter in lower case; digits and symbols stay outside a-z
    if (c >= 97 && c <= 122) {
      letters++;
      const vowel = c === 97 || c === 101 || c === 105 || c === 111 || c === 117;
      if (vowel) vowels++;
      consonants = vowel || c === 121 ? 0 : consonants + 1; // y is no consonant in a cluster
      if (consonants === 3) clusters++;
    } else {
      consonants = 0;
      if (code >= 48 && code <= 57) digits++;
    }
  }
  const trailing = /[0-9]*$/.exec(run)![0].length;
  if (letters === 0 || digits / (letters + digits) < MIN_DIGIT_SHARE || trailing > digits / 4) return false;
  return vowels / letters <= MAX_VOWEL_SHARE || (clusters * 16) / run.length >= MIN_CLUSTERS_PER_16;
}

/** Share of `run` inside structure (see `STRUCTURE`): hex and digit groups, and with `words` word-like runs too. */
function structureShare(run: string, words: boolean): number {
  let inside = 0;
  for (const m of run.matchAll(STRUCTURE)) if (m[1] !== undefined || (words && VOWEL.test(m[0]))) inside += m[0].length;
  return inside / run.length;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Shannon entropy of `text[start, end)` in bits per character; clears `counts`. */
function shannon(text: string, start: number, end: number): number {
  const length = end - start;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const n = counts[c]!;
    if (n === 0) continue;
    const p = n / length;
    bits -= p * Math.log2(p);
    counts[c] = 0;
  }
  return bits;
}

/**
 * Spans of high-entropy tokens in `text` (kind `high-entropy`, ranked `rank`): maximal
 * runs of `[A-Za-z0-9+/_-]` plus trailing `=` padding that pass `isHighEntropyRun`.
 * Runs that start inside one of `skip` (sorted, disjoint `[start, end)` ranges: URL
 * paths) are left alone.
 */
export function findHighEntropy(text: string, skip: readonly [number, number][], rank: number): RankedSpan[] {
  const found: RankedSpan[] = [];
  let s = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (classAt(text, i) === 0) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && classAt(text, i) !== 0 && text.charCodeAt(i) !== EQUALS) i++;
    while (i < n && text.charCodeAt(i) === EQUALS) i++;
    if (i - start < MIN_TOKEN_LENGTH) continue;
    while (s < skip.length && skip[s]![1] <= start) s++;
    const range = skip[s];
    if (range !== undefined && range[0] <= start) continue;
    if (isHighEntropyRun(text, start, i)) found.push({ kind: 'high-entropy', index: start, length: i - start, rank });
  }
  return found;
}

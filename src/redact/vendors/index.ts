/**
 * Vendor secrets from gitleaks' maintained rule set (Twilio, Databricks, DigitalOcean,
 * Shopify, Mailgun and some two hundred more), precompiled at build time by
 * scripts/gitleaks-rules.mjs into `rules.generated.ts` and matched here as gitleaks does:
 * a rule runs only when the text holds one of its keywords (case-insensitively), its
 * secret is the rule's secret group (or the first non-empty group), a secret at or below
 * the rule's entropy floor is dropped, and so is one that an allowlist of the rule or the
 * global allowlist covers. The kind of each find is the gitleaks rule id.
 *
 * The regexes are compiled on the first call only, so a process that never redacts never
 * pays for them.
 */
import { RANK, type RankedSpan } from '../spans.js';
import { GLOBAL_ALLOWLIST, RULES, SOURCE } from './rules.generated.js';
import type { VendorAllowlist, VendorRule } from './types.js';

export type { VendorRule } from './types.js';
export { SOURCE as VENDOR_RULES_SOURCE };

/** An allowlist with its regexes compiled. */
interface Allow {
  list: VendorAllowlist;
  regexes: RegExp[];
}

/** A rule with its regex and allowlists compiled. */
interface Compiled {
  rule: VendorRule;
  re: RegExp;
  allow: Allow[];
}

let compiledRules: Compiled[] | null = null;
let globalRegexes: RegExp[] = [];
/** Rule keywords by their first two characters (lower-case code units, `first << 16 | second`). */
let keywordsByPair = new Map<number, string[]>();
/** The rules (indices into the compiled list) each keyword starts; and those with no keyword, which always run. */
let rulesByKeyword = new Map<string, number[]>();
let alwaysRun: number[] = [];

/** The rules, compiled on first use. */
function rules(): Compiled[] {
  if (compiledRules === null) {
    keywordsByPair = new Map();
    rulesByKeyword = new Map();
    alwaysRun = [];
    RULES.forEach((rule, i) => {
      if (rule.keywords.length === 0 || rule.keywords.some((k) => k.length < 2)) alwaysRun.push(i);
      for (const k of new Set(rule.keywords)) {
        const pair = (k.charCodeAt(0) << 16) | k.charCodeAt(1);
        if (!rulesByKeyword.has(k)) keywordsByPair.set(pair, [...(keywordsByPair.get(pair) ?? []), k]);
        rulesByKeyword.set(k, [...(rulesByKeyword.get(k) ?? []), i]);
      }
    });
    globalRegexes = GLOBAL_ALLOWLIST.regexes.map((source) => new RegExp(source));
    compiledRules = RULES.map((rule) => ({
      rule,
      re: new RegExp(rule.regex, 'gd'),
      allow: rule.allowlists.map((list) => ({ list, regexes: list.regexes.map((source) => new RegExp(source)) })),
    }));
  }
  return compiledRules;
}

/** Every gitleaks rule id `findVendorSecrets` may report as a kind. */
export function vendorKinds(): string[] {
  return RULES.map((rule) => rule.id);
}

/** An ASCII letter's code unit in lower case; any other code unit as it is. */
function lowerCode(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

/**
 * The keywords `text` holds, case-insensitively (ASCII, as the keywords are), in one pass:
 * at each position, the keywords starting with the two characters there are compared.
 */
function keywordsIn(text: string): Set<string> {
  const present = new Set<string>();
  let second = text.length > 0 ? lowerCode(text.charCodeAt(0)) : 0;
  for (let i = 0; i + 1 < text.length; i++) {
    const first = second;
    second = lowerCode(text.charCodeAt(i + 1));
    const candidates = keywordsByPair.get((first << 16) | second);
    if (candidates === undefined) continue;
    for (const k of candidates) if (!present.has(k) && startsWithAt(text, i, k)) present.add(k);
  }
  return present;
}

/** Whether `text` holds the lower-case `keyword` at `i`, ignoring ASCII case. */
function startsWithAt(text: string, i: number, keyword: string): boolean {
  if (i + keyword.length > text.length) return false;
  for (let j = 2; j < keyword.length; j++) if (lowerCode(text.charCodeAt(i + j)) !== keyword.charCodeAt(j)) return false;
  return true;
}

/** The secret of a match and where it starts: the rule's group, the first non-empty group, or the whole match. */
function secretOf(m: RegExpMatchArray, group: number): [string, number] | null {
  const indices = m.indices;
  if (indices === undefined || m.index === undefined) return null;
  if (m.length < 2) return [m[0], m.index];
  const pick = group > 0 ? [group] : Array.from({ length: m.length - 1 }, (_, i) => i + 1);
  for (const g of pick) {
    const value = m[g];
    const at = indices[g];
    if (value !== undefined && value.length > 0 && at !== undefined) return [value, at[0]];
  }
  return null;
}

/** Shannon entropy of `s` in bits per character, as gitleaks computes it. */
function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The line of `text` around `[start, end)`. */
function lineAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const to = text.indexOf('\n', end);
  return text.slice(from, to === -1 ? text.length : to);
}

/** What gitleaks' lead-in `[\w.-]{0,50}?` would have matched before `start`, for a rule that had one. */
function leadIn(c: Compiled, text: string, start: number): string {
  if (!c.rule.leadIn) return '';
  let from = start;
  while (from > 0 && start - from < 50 && /[\w.-]/.test(text.charAt(from - 1))) from--;
  return text.slice(from, start);
}

/** Whether one allowlist covers a find; `target` is the text its regexes are tested against. */
function allows(a: Allow, target: string, secret: string): boolean {
  const lower = secret.toLowerCase();
  const byRegex = a.regexes.length > 0 && a.regexes.some((re) => re.test(target));
  const byWord = a.list.stopwords.length > 0 && a.list.stopwords.some((w) => lower.includes(w));
  if (a.list.condition === 'or') return byRegex || byWord;
  if (a.list.pathsOrCommits) return false;
  return (a.regexes.length === 0 || byRegex) && (a.list.stopwords.length === 0 || byWord) && a.regexes.length + a.list.stopwords.length > 0;
}

/** Whether the find of `c` in `text` (match `m`, secret at `start`) is allowed, so not a secret. */
function allowed(c: Compiled, text: string, m: RegExpMatchArray, secret: string): boolean {
  const lower = secret.toLowerCase();
  if (globalRegexes.some((re) => re.test(secret)) || GLOBAL_ALLOWLIST.stopwords.some((w) => lower.includes(w))) return true;
  for (const a of c.allow) {
    const start = m.index ?? 0;
    const target = a.list.target === 'secret' ? secret : a.list.target === 'match' ? leadIn(c, text, start) + m[0] : lineAround(text, start, start + m[0].length);
    if (allows(a, target, secret)) return true;
  }
  return false;
}

/** Whether a rule's secret is too plain for it: at or below its entropy floor (generic rules also need a digit). */
function tooPlain(rule: VendorRule, secret: string): boolean {
  if (rule.entropy <= 0) return false;
  return shannon(secret) <= rule.entropy || (rule.id.startsWith('generic') && !/[0-9]/.test(secret));
}

/** Longest window of text a rule's regex sees, in UTF-16 code units. */
export const VENDOR_WINDOW = 2048;
/** How far consecutive windows of one long line overlap: a secret up to this long is seen whole. */
const WINDOW_OVERLAP = 256;

/**
 * Windows `[start, end)` of `text` for the rules to run over: whole lines packed up to
 * `VENDOR_WINDOW`, and a longer line cut into overlapping windows. gitleaks' regexes are
 * written for RE2, which never backtracks; in a backtracking engine some (`[^\n]*` then
 * more) are quadratic in a long line, so bounding what each sees keeps the scan linear.
 */
function windows(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + VENDOR_WINDOW);
    if (end < text.length) {
      let newline = end - 1;
      while (newline > start && text.charCodeAt(newline) !== 10) newline--; // not lastIndexOf: it would search on to 0
      if (newline > start) end = newline + 1;
    }
    out.push([start, end]);
    if (end >= text.length) break;
    start = text.charCodeAt(end - 1) === 10 ? end : end - WINDOW_OVERLAP;
  }
  return out;
}

/**
 * Secrets of gitleaks' vendor rules in `text` (kind: the rule id, rank `RANK.vendor`),
 * with `index` and `length` in UTF-16 code units; a secret seen in two overlapping
 * windows is reported twice (merging spans makes one). Pure apart from compiling the
 * rules once; linear in the text (see `windows`).
 */
export function findVendorSecrets(text: string): RankedSpan[] {
  const out: RankedSpan[] = [];
  if (typeof text !== 'string' || text.length < 8) return out;
  for (const [start, end] of windows(text)) findInWindow(start === 0 && end === text.length ? text : text.slice(start, end), start, out);
  return out;
}

/** The finds of the rules whose keywords `window` holds, at `offset` in the whole text, appended to `out`. */
function findInWindow(window: string, offset: number, out: RankedSpan[]): void {
  const all = rules();
  const run = new Set(alwaysRun);
  for (const k of keywordsIn(window)) for (const i of rulesByKeyword.get(k) ?? []) run.add(i);
  for (const i of [...run].sort((a, b) => a - b)) {
    const c = all[i]!;
    c.re.lastIndex = 0;
    for (const m of window.matchAll(c.re)) {
      const found = secretOf(m, c.rule.secretGroup);
      if (found === null) continue;
      const [secret, index] = found;
      if (tooPlain(c.rule, secret) || allowed(c, window, m, secret)) continue;
      out.push({ kind: c.rule.id, index: offset + index, length: secret.length, rank: RANK.vendor });
    }
  }
}

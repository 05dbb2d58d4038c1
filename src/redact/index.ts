/**
 * Redaction of secrets and local paths from text before it reaches a note, a record or a
 * brief (DESIGN.md §8). Pure and linear in the text; never throws.
 *
 * Secrets become `[REDACTED:<kind>]` (kinds in `SECRET_KINDS`); then absolute paths
 * inside a repository root become repo-relative and the home directory becomes `~`.
 */
import { findAssignments, findFlagValues } from './assignment.js';
import { findHighEntropy } from './entropy.js';
import { compilePaths, relativize, rewritePaths, type PathRules } from './paths.js';
import { compilePatterns, findPatterns, type InvalidPattern } from './patterns.js';
import { findProseSecrets } from './prose.js';
import { findShapedSecrets } from './rules.js';
import { applySpans, markerRanges, mergeSpans, RANK, withinAny, type RankedSpan, type SecretSpan } from './spans.js';
import { findVendorSecrets, vendorKinds } from './vendors/index.js';

export type { InvalidPattern } from './patterns.js';
export type { SecretSpan } from './spans.js';
export { VENDOR_RULES_SOURCE } from './vendors/index.js';

/**
 * Every kind `redact` writes, as in `[REDACTED:<kind>]`: provider keys (`anthropic`,
 * `openai`, `github`, `aws`, `google`, `slack`, `stripe`, `huggingface`, `npm`,
 * `gitlab`, `discord`, `jwt`), `private-key` blocks, `url-credentials`, `bearer` header
 * values, `assignment` values, secrets told in `prose`, `high-entropy` tokens, user
 * `pattern` matches, `error` (the whole text, only if redaction itself failed), and the
 * id of each rule of gitleaks' rule set (`twilio-api-key`, `shopify-access-token`…; see
 * `VENDOR_RULES_SOURCE`).
 */
export const SECRET_KINDS: readonly string[] = [
  'anthropic',
  'openai',
  'github',
  'aws',
  'google',
  'slack',
  'stripe',
  'huggingface',
  'npm',
  'gitlab',
  'discord',
  'jwt',
  'private-key',
  'url-credentials',
  'bearer',
  'assignment',
  'prose',
  'high-entropy',
  'pattern',
  'error',
  ...vendorKinds(),
];

/** What to redact besides the built-in secret shapes. */
export interface RedactOptions {
  /** Absolute home directory to show as `~` (e.g. /home/alice); null to skip. */
  home: string | null;
  /** Absolute repository roots (main worktree and linked worktrees); paths inside become repo-relative. */
  roots: string[];
  /**
   * Extra user patterns (JavaScript regex sources from `git config drift.redact.pattern`,
   * multi-valued); each match becomes `[REDACTED:pattern]`. A leading `(?i)` makes one
   * case-insensitive. Invalid ones are ignored and listed in `invalidPatterns`.
   */
  patterns: string[];
}

/** `RedactOptions` compiled once, for redacting many texts with the same settings. */
export interface CompiledRedactOptions {
  readonly compiled: true;
  /** The compiled user patterns. */
  readonly patterns: readonly RegExp[];
  /** User patterns that did not compile, with the regex engine's message. */
  readonly invalidPatterns: readonly InvalidPattern[];
  /** Roots and home, longest first. */
  readonly paths: PathRules;
}

/**
 * Compile options: user patterns (collecting invalid ones, never throwing) and the path
 * rules. Roots and home that are not absolute POSIX paths (or are `/`) are ignored.
 */
export function compileRedactOptions(opts: RedactOptions): CompiledRedactOptions {
  const patterns = compilePatterns(Array.isArray(opts?.patterns) ? opts.patterns : []);
  return {
    compiled: true,
    patterns: patterns.regexes,
    invalidPatterns: patterns.invalid,
    paths: compilePaths(Array.isArray(opts?.roots) ? opts.roots : [], opts?.home ?? null),
  };
}

/** Compiled options as given, or compiled now (a missing `opts` counts as empty). */
function compiled(opts: RedactOptions | CompiledRedactOptions | null | undefined): CompiledRedactOptions {
  if (typeof opts === 'object' && opts !== null && 'compiled' in opts && opts.compiled === true) return opts;
  return compileRedactOptions((opts ?? { home: null, roots: [], patterns: [] }) as RedactOptions);
}

/** Most passes `redact` makes while a pass still changes the text. */
const MAX_PASSES = 8;

/**
 * Redact secrets, then rewrite paths (see the module comment). Idempotent: the text is
 * redacted again until a pass changes nothing, so `redact(redact(t)) === redact(t)` and
 * `findSecrets` finds nothing in the result. Never throws: a non-string `text` is read as
 * `String(text)`; should redaction itself fail, the result is `[REDACTED:error]`.
 */
export function redact(text: string, opts: RedactOptions | CompiledRedactOptions): string {
  try {
    const c = compiled(opts);
    let out = typeof text === 'string' ? text : String(text ?? '');
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const secrets = applySpans(out, scan(out, c.patterns));
      const next = rewritePaths(secrets, c.paths);
      if (next === out) break;
      out = next;
    }
    return out;
  } catch {
    return '[REDACTED:error]';
  }
}

/**
 * The secrets in `text`, as `redact` would replace them: sorted, non-overlapping spans
 * with `index` and `length` in UTF-16 code units and their `kind`. Used by
 * `git drift check` to verify a note carries no secret; markers already in the text are
 * not reported. `patterns` are user pattern sources (invalid ones ignored) or compiled
 * options. Never throws: should scanning fail, one `error` span covers the whole text.
 */
export function findSecrets(text: string, patterns?: readonly string[] | CompiledRedactOptions): SecretSpan[] {
  const s = typeof text === 'string' ? text : String(text ?? '');
  try {
    const regexes = patterns === undefined ? [] : 'compiled' in patterns ? patterns.patterns : compilePatterns(patterns).regexes;
    return scan(s, regexes);
  } catch {
    return [{ kind: 'error', index: 0, length: s.length }];
  }
}

/**
 * One path made repo-relative when it is a root (`.`) or inside one (longest root first),
 * `~` or `~/…` when inside home, else returned unchanged. Exact string prefixes on `/`
 * boundaries; no normalisation of `..` or symlinks.
 */
export function relativizePath(path: string, opts: RedactOptions | CompiledRedactOptions): string {
  try {
    return relativize(path, compiled(opts).paths);
  } catch {
    return path;
  }
}

/**
 * Run every detector over `text` and merge what they found, ignoring existing markers. A
 * vendor rule's find that overlaps one of our own shapes is dropped: ours know where the
 * secret starts and ends (the path of a webhook URL, the value of a header).
 */
function scan(text: string, userPatterns: readonly RegExp[]): SecretSpan[] {
  const shaped = findShapedSecrets(text);
  const found: RankedSpan[] = [
    ...shaped,
    ...findVendorSecrets(text).filter((v) => !shaped.some((s) => s.index < v.index + v.length && v.index < s.index + s.length)),
    ...findAssignments(text),
    ...findFlagValues(text),
    ...findProseSecrets(text),
    ...findPatterns(text, userPatterns),
    ...findHighEntropy(text, urlRanges(text), RANK.entropy),
  ];
  const markers = markerRanges(text);
  const fresh = markers.length === 0 ? found : found.filter((s) => !withinAny(markers, s.index, s.index + s.length));
  return mergeSpans(fresh);
}

/** Scheme, authority and path of each URL: exempt from the high-entropy detector. */
const URL_PATH = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s?#"'<>()[\]{}\\]*/g;
/** A `data:` URL with base64 content (RFC 2397), e.g. an inline image: exempt too. */
const DATA_URL = /(?<![A-Za-z0-9+.-])data:[A-Za-z]+\/[A-Za-z0-9.+-]+(?:;[A-Za-z0-9.=-]+)*;base64,[A-Za-z0-9+/]*=*/g;

/** Sorted ranges of URLs and base64 `data:` URLs in `text`. */
function urlRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  if (text.includes('://')) for (const m of text.matchAll(URL_PATH)) ranges.push([m.index, m.index + m[0].length]);
  if (text.includes(';base64,')) for (const m of text.matchAll(DATA_URL)) ranges.push([m.index, m.index + m[0].length]);
  return ranges.sort((a, b) => a[0] - b[0]);
}

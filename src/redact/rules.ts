/**
 * Detectors for secrets with a recognisable shape: provider key prefixes, private key
 * blocks, credentials in URLs, `Authorization` header values and webhook URLs. Every pattern starts
 * with a literal or is anchored by a look-behind, so each scan is linear in the text.
 */
import { RANK, type RankedSpan } from './spans.js';

/** A regex detector. `check` vets the match; `valueOnly` redacts only the last capture group. */
interface Rule {
  kind: string;
  re: RegExp;
  rank: number;
  check?: (secret: string) => boolean;
  valueOnly?: boolean;
}

/** Characters that may not precede a key prefix (so `task-list` is not `sk-…`). */
const B = '(?<![A-Za-z0-9_-])';

const hasDigit = (s: string): boolean => /[0-9]/.test(s);
const hasMixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);

/**
 * Provider key shapes. Sources: each provider's documented token format (Anthropic
 * `sk-ant-api03-…`, OpenAI `sk-`/`sk-proj-`, GitHub "About authentication" token
 * prefixes, AWS access key id prefixes, Stripe API keys, Slack token types, GitLab token
 * prefixes, Hugging Face and npm access tokens, RFC 7519 JWTs).
 */
const PROVIDERS: Rule[] = [
  { kind: 'anthropic', re: new RegExp(`${B}sk-ant-[A-Za-z0-9_-]{16,}`, 'g'), rank: RANK.provider },
  {
    kind: 'openai',
    re: new RegExp(`${B}sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`, 'g'),
    rank: RANK.provider,
    check: (s) => hasDigit(s) && hasMixedCase(s),
  },
  {
    kind: 'github',
    re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g,
    rank: RANK.provider,
  },
  {
    kind: 'aws',
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    rank: RANK.provider,
  },
  { kind: 'google', re: new RegExp(`${B}(?:AIza[A-Za-z0-9_-]{35}|ya29\\.[A-Za-z0-9_-]{20,})`, 'g'), rank: RANK.provider },
  { kind: 'slack', re: new RegExp(`${B}(?:xox[abprs]-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})`, 'g'), rank: RANK.provider },
  { kind: 'stripe', re: new RegExp(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|${B}whsec_[A-Za-z0-9]{24,}`, 'g'), rank: RANK.provider },
  { kind: 'huggingface', re: new RegExp(`${B}hf_[A-Za-z0-9]{30,}`, 'g'), rank: RANK.provider, check: hasMixedCase },
  {
    kind: 'npm',
    re: new RegExp(`${B}npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])`, 'g'),
    rank: RANK.provider,
    check: (s) => hasDigit(s) || hasMixedCase(s),
  },
  { kind: 'gitlab', re: new RegExp(`${B}gl(?:pat|ptt|dt|rt|oas)-[A-Za-z0-9_-]{20,}`, 'g'), rank: RANK.provider },
  {
    kind: 'jwt',
    re: new RegExp(`${B}eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*`, 'g'),
    rank: RANK.provider,
  },
];

/** Credentials that travel inside other syntax: the secret is only the last group. */
const CARRIERS: Rule[] = [
  {
    // scheme://user:password@host, scheme://token@host
    kind: 'url-credentials',
    re: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/([^\s/?#@"'<>\\]+)(?=@)/g,
    rank: RANK.credential,
    valueOnly: true,
    check: (s) => !/^\[REDACTED:[a-z0-9-]+\]$/.test(s) && (s.includes(':') || (s.length >= 16 && hasDigit(s))),
  },
  {
    kind: 'bearer',
    re: /(?<![A-Za-z0-9_-])(?:[Bb]earer|Basic)[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/g,
    rank: RANK.credential,
    valueOnly: true,
    check: hasDigit,
  },
];

/** Webhook URLs whose path is the secret: the host stays, the path goes. */
const WEBHOOKS: Rule[] = [
  { kind: 'slack', re: /hooks\.slack\.com\/(services\/[A-Za-z0-9/_-]{20,})/g, rank: RANK.provider, valueOnly: true },
  {
    kind: 'discord',
    re: /discord(?:app)?\.com\/(api\/webhooks\/[0-9]+\/[A-Za-z0-9_-]{40,})/g,
    rank: RANK.provider,
    valueOnly: true,
  },
];

/** Run one rule over `text`, appending what it finds to `out`. */
function runRule(rule: Rule, text: string, out: RankedSpan[]): void {
  rule.re.lastIndex = 0;
  for (const m of text.matchAll(rule.re)) {
    const secret = rule.valueOnly === true ? (m[m.length - 1] ?? '') : m[0];
    if (rule.check !== undefined && !rule.check(secret)) continue;
    const index = m.index + m[0].length - secret.length;
    out.push({ kind: rule.kind, index, length: secret.length, rank: rule.rank });
  }
}

/** Provider keys, URL credentials and header credentials in `text`. */
export function findShapedSecrets(text: string): RankedSpan[] {
  const out: RankedSpan[] = [];
  for (const rule of PROVIDERS) runRule(rule, text, out);
  for (const rule of CARRIERS) runRule(rule, text, out);
  for (const rule of WEBHOOKS) runRule(rule, text, out);
  findPrivateKeys(text, out);
  return out;
}

const BEGIN_KEY = /-----BEGIN[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----/g;
const END_KEY = /-----END[A-Z0-9 ]{0,40} PRIVATE KEY(?: BLOCK)?-----/g;
/** How far past a BEGIN line a block with no END line may reach, in code units. */
export const MAX_KEY_BLOCK = 16384;

/**
 * Private key blocks (PEM, OpenSSH, PGP), from the BEGIN line to the next END line. With
 * no END line within `MAX_KEY_BLOCK` (a truncated log), the block runs on while lines
 * look like key material. A BEGIN line alone is redacted too.
 */
function findPrivateKeys(text: string, out: RankedSpan[]): void {
  if (!text.includes('PRIVATE KEY')) return;
  BEGIN_KEY.lastIndex = 0;
  let end: RegExpExecArray | null | undefined;
  let m: RegExpExecArray | null;
  while ((m = BEGIN_KEY.exec(text)) !== null) {
    const start = m.index;
    const bodyStart = start + m[0].length;
    if (end === undefined || (end !== null && end.index < bodyStart)) {
      END_KEY.lastIndex = bodyStart;
      end = END_KEY.exec(text);
    }
    const limit = Math.min(text.length, bodyStart + MAX_KEY_BLOCK);
    const stop = end !== null && end.index <= limit ? end.index + end[0].length : keyMaterialEnd(text, bodyStart, limit);
    out.push({ kind: 'private-key', index: start, length: stop - start, rank: RANK.provider });
    BEGIN_KEY.lastIndex = Math.max(stop, bodyStart);
  }
}

/** Line breaks: real ones, or `\n` escapes when the key sits in a JSON string. */
const LINE_BREAK = /\r?\n|\\r\\n|\\n/y;
/** A PEM body line. */
const PEM_LINE = /[ \t]*[A-Za-z0-9+/=]+[ \t]*/y;
/** An RFC 1421 header line such as `Proc-Type: 4,ENCRYPTED`; a blank line follows the headers. */
const PEM_HEADER = /[A-Za-z-]+: [^\r\n\\]*/y;
/** Key material on the BEGIN line itself (keys flattened into one line with spaces). */
const SAME_LINE = /[ \t]*[A-Za-z0-9+/=]{16,}(?:[ \t]+[A-Za-z0-9+/=]+)*/y;

/** Where the sticky `re` stops matching from `at` (`at` itself when it does not match). */
function matchEnd(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? at : at + m[0].length;
}

function atLineEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return i >= text.length || c === 10 || c === 13 || (c === 92 && /[nr]/.test(text.charAt(i + 1)));
}

/**
 * End of the key material after a BEGIN line with no END line: whole lines of base64 or
 * headers, then a partial line if it holds at least 16 base64 characters; at most `limit`.
 */
function keyMaterialEnd(text: string, from: number, limit: number): number {
  let at = Math.min(limit, matchEnd(SAME_LINE, text, from));
  let afterHeader = false;
  for (;;) {
    const lineStart = matchEnd(LINE_BREAK, text, at);
    if (lineStart === at || lineStart >= limit) return at;
    const header = matchEnd(PEM_HEADER, text, lineStart);
    const body = header > lineStart ? header : matchEnd(PEM_LINE, text, lineStart);
    if (body === lineStart && !afterHeader) return at;
    if (body >= limit) return limit;
    if (!atLineEnd(text, body)) return header === lineStart && body - lineStart >= 16 ? body : at;
    afterHeader = header > lineStart;
    at = body;
  }
}

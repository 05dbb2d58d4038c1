/**
 * Secrets told in prose: a secret noun (`password`, `passphrase`, `token`, `secret`, an
 * `api key`, `access key`…), optionally `for <something>`, a link (`is`, `was`, `:`,
 * `→`, or just a blank; `=` is left to src/redact/assignment.ts), then the value: "the staging database password is
 * Tr0ub4dor&3", "the Twilio auth token is 5f…". The noun stays, the value is redacted
 * (kind `prose`).
 *
 * A password-like value is taken when it is not a plain word or identifier (it has a digit
 * or a symbol), so "the password is incorrect" and `password: newPassword` stay; a token-like
 * value only when it looks like one (16+ token characters with letters and digits), so
 * "the token count" and "token: string" stay. A bare `key` is never a noun here (`cache
 * key`, `primary key`): only a qualified one (`api key`, `secret key`…).
 */
import { RANK, type RankedSpan } from './spans.js';

/** Noun (group 1: password-like, group 2: token-like), its `for …`, the link, then the value (quoted, with no blank at either end: 4; bare: 5). */
const PROSE = new RegExp(
  String.raw`(?<![A-Za-z0-9_])(?:(pass(?:word|phrase|code)|passwd|pwd)|((?:api|access|secret|private|auth|signing|encryption|license|master|account|client|admin|service|deploy)[ _-]?key|token|secret))(?![A-Za-z0-9_-])` +
    String.raw`(?:[ \t]+(?:for|of|on)[ \t]+[\w.@-]{1,40})?` +
    String.raw`(?:[ \t]*[:→][ \t]*|[ \t]+(?:is|was|are|reads|becomes|is now|is set to|set to|would be|will be|should be)[ \t]*:?[ \t]+|[ \t]+)` +
    String.raw`(?:(["'${'`'}])([^"'${'`'}\s,;](?:[^"'${'`'}\r\n]{0,198}[^"'${'`'}\s])?)\3|\*{0,2}([^\s"'${'`'}\\]{4,200}))`,
  'gi',
);

/** Sentence punctuation after a bare value, and a closing bold marker. */
const TRAILING = /[.,;:!?)\]*]+$/;
/** Values that are references, placeholders or markers, not secrets. */
const PLACEHOLDER = /^(?:[$[{<%~/]|\.\.?\/|\*+$|https?:)/i;
/** Token characters: base64, base64url, hex, and the dots and tildes of some vendors' tokens. */
const TOKEN = /^[A-Za-z0-9_+/=.~-]{16,}$/;

/** Code that names a value rather than being one: a call, a dotted path (`user.password1`), brackets (`Optional[str]`, `(recommended)`). */
const CODE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\(|^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$|[()[\]{}<>]/;

/** Whether a password-like value is not a plain word or identifier (it has a digit or a symbol), placeholder or code. */
function passwordLike(value: string): boolean {
  if (value.length < 4 || PLACEHOLDER.test(value) || CODE.test(value)) return false;
  return /[0-9]/.test(value) || /[^A-Za-z0-9_.$-]/.test(value);
}

/** Whether a token-like value looks like a token: long token characters with letters and digits. */
function tokenLike(value: string): boolean {
  return TOKEN.test(value) && !PLACEHOLDER.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** Values of secrets told in prose in `text` (see the module comment). */
export function findProseSecrets(text: string): RankedSpan[] {
  const out: RankedSpan[] = [];
  for (const m of text.matchAll(PROSE)) {
    const quoted = m[4];
    const raw = quoted ?? m[5] ?? '';
    const value = quoted ?? raw.replace(TRAILING, '');
    const ok = m[1] !== undefined ? passwordLike(value) : tokenLike(value);
    if (!ok) continue;
    const start = (m.index ?? 0) + m[0].length - raw.length - (quoted !== undefined ? 1 : 0);
    out.push({ kind: 'prose', index: start, length: value.length, rank: RANK.prose });
  }
  return out;
}

/**
 * Secret assignments: a secret-named key (`*_TOKEN`, `*_KEY`, `*_SECRET`, `PASSWORD`,
 * `apiKey`…) given a value in env, shell, YAML, JSON, INI or code form, or a secret-named
 * command-line flag followed by its value (`--password hunter2`). The name stays, the
 * value is redacted (kind `assignment`).
 */
import { RANK, type RankedSpan } from './spans.js';

/**
 * Name, optional closing quote, separator, then the value: `\"…\"` (JSON inside a JSON
 * string), `"…"`, `'…'`, or a bare word. The name is anchored by a look-behind and the
 * alternatives of each part start with distinct characters, so matching is linear.
 */
const ASSIGNMENT = new RegExp(
  String.raw`(?<![A-Za-z0-9_.-])((?:[A-Za-z_-][A-Za-z0-9_.-]*?)?(?:key|token|secret|password|passwd|pwd|passphrase|pass))` +
    String.raw`(\\?["'])?([ \t]*)(:=|=>|=|:)([ \t]*)` +
    String.raw`(?:\\"([^"\\\r\n]*)\\"|"((?:[^"\\\r\n]|\\.)*)"|'((?:[^'\\\r\n]|\\.)*)'|([^\s"'${'`'};(){}\[\]<>\\]+))`,
  'gi',
);

/** Last words that name a secret on their own. */
const SECRET_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'passphrase', 'apikey', 'secretkey', 'privatekey', 'accesskey']);
/** Last words that name a secret only after another word (`FOO_KEY`, `apiKey`, `DB_PASS`). */
const QUALIFIED_WORDS = new Set(['key', 'pass']);
/** Values that are not secrets: literals, type names, placeholders. */
const NOT_SECRET = new Set(['true', 'false', 'null', 'none', 'nil', 'undefined', 'yes', 'no', 'string', 'str', 'number', 'int', 'bool', 'boolean', 'any', 'unknown', 'bytes', 'secretstr', 'object']);

/** The words of an identifier, lower-cased: `MY_API_KEY` → my, api, key; `apiKey` → api, key. */
export function nameWords(name: string): string[] {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter((w) => w.length > 0);
}

/** Whether an identifier names a secret: its last word is a secret word. */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  return SECRET_WORDS.has(last) || (QUALIFIED_WORDS.has(last) && words.length >= 2);
}

/** Whether a value is a reference, literal or placeholder rather than a secret. */
function isPlaceholder(value: string, name: string): boolean {
  if (value.length === 0) return true;
  if (/^(?:[$[{<]|%\(|\*+$)/.test(value)) return true; // $VAR, [PAD], {token}, <yours>, %(pw)s
  const lower = value.toLowerCase();
  return NOT_SECRET.has(lower) || lower === name.toLowerCase();
}

/** Whether a bare value that is the whole rest of its line looks like code, not a secret. */
function looksLikeCode(raw: string): boolean {
  return raw.endsWith(',') || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(raw);
}

/** Whether `text` has only blanks from `i` to the end of the line (or of the text). */
function restOfLineBlank(text: string, i: number): boolean {
  let j = i;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (j >= text.length) return true;
  const c = text[j];
  return c === '\n' || c === '\r' || (c === '\\' && /[nr]/.test(text.charAt(j + 1)));
}

/**
 * The secret part of a bare (unquoted) value ending at `end`, or null when the context
 * says it is not one: unspaced `NAME=value` is taken (less trailing commas); after `: `
 * or ` = ` only a value that ends its line and does not look like code; never a call.
 */
function bareValue(text: string, end: number, raw: string, sep: string, spaced: boolean): string | null {
  if (text.charAt(end) === '(') return null;
  if (sep === ':' && text.charAt(end - raw.length - 1) === ':') return null; // `user:pass@host`, not YAML
  if ((spaced || sep === ':') && (!restOfLineBlank(text, end) || looksLikeCode(raw))) return null;
  return raw.replace(/,+$/, '');
}

/**
 * Values of secret assignments in `text`. Quoted values and unspaced `NAME=value` are
 * always taken; a bare value after `: ` or ` = ` only when it ends its line and does not
 * look like code, so `const token = getToken()` and `token: string;` are left alone.
 */
export function findAssignments(text: string): RankedSpan[] {
  const out: RankedSpan[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (const m of text.matchAll(ASSIGNMENT)) {
    const [whole, name = '', , before = '', sep = '', after = ''] = m;
    if (!isSecretName(name)) continue;
    const quoted = m[6] ?? m[7] ?? m[8];
    const raw = quoted ?? m[9] ?? '';
    const end = m.index + whole.length;
    const closing = m[6] !== undefined ? 2 : quoted !== undefined ? 1 : 0;
    // `'… password:', err`: a quote right after an unquoted name's colon closes a string.
    if (quoted !== undefined && sep === ':' && m[2] === undefined && after === '') continue;
    const value = quoted ?? bareValue(text, end, raw, sep, before.length + after.length > 0);
    if (value === null || isPlaceholder(value, name)) continue;
    out.push({ kind: 'assignment', index: end - closing - raw.length, length: value.length, rank: RANK.assignment });
  }
  return out;
}

/**
 * A long command-line flag, blanks, then its value: `"…"`, `'…'`, or a bare word that
 * does not start another flag. (`--flag=value` is an assignment above.)
 */
const FLAG = /(?<![\w-])--([A-Za-z][\w-]*)[ \t]+(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'`;|&<>()-][^\s"'`;|&<>()]*))/g;

/** Words that follow a secret-named flag in prose rather than a value (`the --token flag`). */
const PROSE = new Set([
  'flag',
  'flags',
  'option',
  'options',
  'argument',
  'arguments',
  'arg',
  'args',
  'parameter',
  'param',
  'switch',
  'value',
  'values',
  'and',
  'or',
  'to',
  'is',
  'was',
  'the',
  'a',
  'an',
  'with',
  'without',
  'instead',
  'for',
  'from',
  'of',
  'in',
  'on',
  'if',
  'when',
  'then',
  'but',
  'so',
  'as',
  'that',
  'this',
  'it',
  'here',
  'there',
]);

/**
 * Values of secret-named long flags given with a blank (`mysql --password hunter2`,
 * `curl --token "abc"`): the flag stays, the value is redacted, unless it is a
 * placeholder (`$TOKEN`, `<token>`) or a prose word (`the --token flag`).
 */
export function findFlagValues(text: string): RankedSpan[] {
  const out: RankedSpan[] = [];
  for (const m of text.matchAll(FLAG)) {
    const name = m[1] ?? '';
    if (!isSecretName(name)) continue;
    const quoted = m[2] ?? m[3];
    const bare = m[4] ?? '';
    const value = quoted ?? bare.replace(/[.,:!?]+$/, ''); // a sentence's full stop is not part of it
    if (isPlaceholder(value, name) || (quoted === undefined && PROSE.has(value.toLowerCase()))) continue;
    const index = m.index + m[0].length - (quoted !== undefined ? quoted.length + 1 : bare.length);
    out.push({ kind: 'assignment', index, length: value.length, rank: RANK.assignment });
  }
  return out;
}

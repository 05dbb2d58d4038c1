/**
 * Judging one commit's note for `git drift check` (pure): is it there, is it a valid
 * `drift-note/1`, and does it carry a secret the redaction rules would catch.
 */
import { parseNote, type Note } from '../notes/index.js';
import { validateNote } from '../notes/validate.js';
import { compileRedactOptions, findSecrets, type CompiledRedactOptions } from '../redact/index.js';
import { PARTIAL, verdictWithoutNote, type Verdict } from './verdict.js';

export { CLEAN_MERGE, PARTIAL, type CheckStatus, type Verdict } from './verdict.js';

/** Every string of the sessions, with where it sits (`sessions[0].model`), as the redactor sees them. */
function sessionStrings(value: unknown, where: string, out: [string, string][]): void {
  if (typeof value === 'string') out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => sessionStrings(v, `${where}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) sessionStrings(v, `${where}.${k}`, out);
  }
}

/** Longest string whose secret kinds a `SecretKindsMemo` keeps. */
const MEMO_MAX_CHARS = 4096;

/** Most strings a `SecretKindsMemo` keeps. */
const MEMO_MAX_ENTRIES = 20_000;

/**
 * The secret kinds already found in strings, for judging many notes with the same
 * patterns: session ids, agents, models, branches, record paths and prompts recur from
 * note to note, and each is scanned once. Only strings of at most 4,096 characters are
 * kept, and at most 20,000 of them.
 */
export type SecretKindsMemo = Map<string, string[]>;

/** The distinct secret kinds in `text`, through `memo` when given. */
function secretKinds(text: string, patterns: CompiledRedactOptions, memo?: SecretKindsMemo): string[] {
  const known = memo?.get(text);
  if (known) return known;
  const kinds = [...new Set(findSecrets(text, patterns).map((s) => s.kind))];
  if (memo && text.length <= MEMO_MAX_CHARS && memo.size < MEMO_MAX_ENTRIES) memo.set(text, kinds);
  return kinds;
}

/**
 * Where a note carries secrets: for each place (`body`, `sessions[0].model`…) the kinds
 * found, e.g. `github in body`. Scans exactly what capture redacts: every string of
 * `sessions` and the body (file paths and ranges are not redacted, so not scanned).
 * Never returns the secret itself. `memo`: the kinds found in strings scanned before with
 * the same `patterns` (see `SecretKindsMemo`).
 */
export function findNoteSecrets(note: Note, patterns: CompiledRedactOptions, memo?: SecretKindsMemo): string[] {
  const places: [string, string][] = [];
  sessionStrings(note.sessions, 'sessions', places);
  places.push(['body', note.body]);
  const found: string[] = [];
  for (const [where, text] of places) {
    const kinds = secretKinds(text, patterns, memo);
    if (kinds.length > 0) found.push(`${kinds.join(', ')} in ${where}`);
  }
  return found;
}

/**
 * The verdict on a commit from its note text (null: no note). `cleanMerge`: the commit is
 * a merge that adds no lines of its own, which needs no note (a note it has is still
 * checked). `patterns`: compiled redaction options holding the user's
 * `drift.redact.pattern`s; `memo`: see `findNoteSecrets`.
 */
export function judgeNote(text: string | null, cleanMerge: boolean, patterns: CompiledRedactOptions, memo?: SecretKindsMemo): Verdict {
  if (text === null) return verdictWithoutNote(cleanMerge);
  const note = parseNote(text);
  if ('invalid' in note) return { status: 'invalid', reason: note.invalid };
  const broken = validateNote(note);
  if (broken) return { status: 'invalid', reason: broken };
  const secrets = findNoteSecrets(note, patterns, memo);
  if (secrets.length > 0) return { status: 'invalid', reason: `carries a secret the redaction rules catch: ${secrets.join('; ')}` };
  if (note.partial) return { status: 'ok', reason: `${PARTIAL}: ${note.partial.unread} agent log files were not read within the hook budget` };
  return { status: 'ok', reason: null };
}

/**
 * The verdicts on many notes by blob sha, from their texts (`readBlobTexts`), with the
 * redaction rules compiled once from the user's `drift.redact.pattern`s, and each string
 * the notes share scanned once (`SecretKindsMemo`). Pure.
 */
export function judgeNotes(texts: Map<string, string>, patterns: string[]): Map<string, Verdict> {
  const redaction = compileRedactOptions({ home: null, roots: [], patterns });
  const memo: SecretKindsMemo = new Map();
  return new Map([...texts].map(([blob, text]) => [blob, judgeNote(text, false, redaction, memo)]));
}

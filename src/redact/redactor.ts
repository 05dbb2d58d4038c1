/**
 * Applying redaction (src/redact) to everything a capture writes: every string of a note
 * or record is redacted before it is rendered, so a replacement can never break the YAML
 * frontmatter, and home paths become `~`, repo paths relative.
 */
import { compileRedactOptions, redact, VENDOR_RULES_SOURCE, type RedactOptions } from './index.js';
import type { Note } from '../notes/index.js';

/** Redaction bound to one repository and user. */
export interface Redactor {
  /** Redact one string. */
  text(text: string): string;
  /** Redact every string inside a JSON-like value (object keys are kept). */
  deep<T>(value: T): T;
  /** A copy of the note with its sessions and body redacted (file paths are repo-relative already). */
  note(note: Note): Note;
  /**
   * What the redaction of a string depends on (home, roots, user patterns, the vendor rule
   * set), as one string: texts redacted under the same key redact alike, so their redacted
   * form may be kept (`src/store/record-cache.ts`). Absent on a redactor made some other way.
   */
  key?: string;
}

/** A copy of a JSON-like `value` with `fn` applied to every string in it (object keys are kept). */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}

/** Make a redactor for this home directory, these work tree roots and the user's `drift.redact.pattern`s. */
export function makeRedactor(home: string | null, roots: string[], patterns: string[]): Redactor {
  const opts: RedactOptions = { home, roots, patterns };
  const compiled = compileRedactOptions(opts); // Once, not at every string.
  const text = (s: string) => redact(s, compiled);
  const deep = <T>(value: T): T => mapStrings(value, text);
  const key = JSON.stringify([VENDOR_RULES_SOURCE, home, roots, patterns]);
  return { text, deep, note: (n) => ({ ...n, sessions: deep(n.sessions), body: text(n.body) }), key };
}

/**
 * Redaction for briefs and for what is sent to an LLM: the repository's redactor (secrets,
 * this machine's home as `~`, repo paths relative), then any other machine's home
 * directory as `~` too, on every string of a value.
 */
import { mapStrings, type Redactor } from '../redact/redactor.js';
import { maskHomes } from '../redact/homes.js';

/** A copy of `value` with every string redacted by `redactor`, then its remaining home paths masked. */
export function redactBrief<T>(redactor: Redactor, value: T): T {
  return mapStrings(value, (s) => maskHomes(redactor.text(s)));
}

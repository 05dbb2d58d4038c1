/**
 * Redaction for briefs and for what is sent to an LLM: the repository's redactor (secrets,
 * this machine's home as `~`, repo paths relative), then any other machine's home
 * directory as `~` too, on every string of a value.
 */
import type { Redactor } from '../capture/redaction.js';
import { maskHomes } from '../redact/homes.js';

/** A copy of `value` with every string redacted by `redactor`, then its remaining home paths masked. */
export function redactBrief<T>(redactor: Redactor, value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskHomes(redactor.text(v));
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

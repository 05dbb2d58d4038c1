/**
 * The prompt text a note's `asked` list keeps (pure): one line, bounded.
 */
import { ASKED_MAX_CHARS } from './render.js';

/** A prompt as `asked` keeps it: one line of at most `ASKED_MAX_CHARS` characters. */
export function askedText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > ASKED_MAX_CHARS ? `${flat.slice(0, ASKED_MAX_CHARS - 1)}…` : flat;
}

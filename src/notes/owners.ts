/**
 * Reading a note's ranges back into per-line owners (the inverse of building them), for
 * blame, line histories and re-mapping rewritten commits. Pure.
 */
import { parseRanges } from './ranges.js';
import type { LineState } from '../types.js';
import type { NoteHead } from './index.js';
import { ownValue } from '../records.js';

/** The owner of one line in one commit's note; `prompt` is the text from the session's `asked`, or null. */
export interface NoteOwner {
  state: LineState;
  session: string | null;
  prompt: string | null;
}

/** Expand one file's ranges of a note into line → owner (null when the note does not list the file). */
export function ownersOf(note: NoteHead, path: string): Map<number, NoteOwner> | null {
  const file = ownValue(note.files, path);
  if (!file) return null;
  const out = new Map<number, NoteOwner>();
  for (const n of parseRanges(file.human ?? '')) out.set(n, { state: 'human', session: null, prompt: null });
  for (const state of ['ai', 'ai-modified'] as const) {
    for (const [session, ranges] of Object.entries(file[state] ?? {})) {
      for (const n of parseRanges(ranges)) out.set(n, { state, session, prompt: null });
    }
  }
  for (const [key, ranges] of Object.entries(file.prompt ?? {})) {
    const hash = key.lastIndexOf('#');
    const session = key.slice(0, hash);
    const asked = note.sessions.find((s) => s.id === session)?.asked?.[Number(key.slice(hash + 1))] ?? null;
    for (const n of parseRanges(ranges)) {
      const owner = out.get(n);
      if (owner && owner.session === session) owner.prompt = asked;
    }
  }
  return out;
}

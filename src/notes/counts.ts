/**
 * What a note says in numbers: its added lines counted per owner state and per session,
 * read from its line ranges without expanding them (pure).
 */
import type { Note } from './index.js';
import { countRangeLines } from './ranges.js';

/** Added lines of a commit by owner state. */
export interface LineCounts {
  ai: number;
  aiModified: number;
  human: number;
}

/** Count the lines of each state in a note's ranges (`tallyLines`' total). */
export function countLines(note: Pick<Note, 'files'>): LineCounts {
  return tallyLines(note).total;
}

/** Number of lines in a range string (`12-40,55` → 30) without expanding it (`countRangeLines`, the note's range codec). */
export const rangeSize = countRangeLines;

/** Per session in a note's ranges: its `ai` and `ai-modified` line counts (`tallyLines`' per session). */
export function linesPerSession(note: Pick<Note, 'files'>): Map<string, { ai: number; aiModified: number }> {
  return tallyLines(note).perSession;
}

/** A note's line counts by owner state and per session, as `countLines` and `linesPerSession` give them. */
export interface LineTally {
  total: LineCounts;
  perSession: Map<string, { ai: number; aiModified: number }>;
}

/**
 * `countLines` and `linesPerSession` of a note in one pass: each range string is counted
 * once (`git drift log` tallies every note it lists, and counting ranges is most of that). Pure.
 */
export function tallyLines(note: Pick<Note, 'files'>): LineTally {
  const total: LineCounts = { ai: 0, aiModified: 0, human: 0 };
  const perSession = new Map<string, { ai: number; aiModified: number }>();
  const of = (s: string) => perSession.get(s) ?? perSession.set(s, { ai: 0, aiModified: 0 }).get(s)!;
  for (const file of Object.values(note.files)) {
    for (const [s, r] of Object.entries(file.ai ?? {})) {
      const n = rangeSize(r);
      total.ai += n;
      of(s).ai += n;
    }
    for (const [s, r] of Object.entries(file['ai-modified'] ?? {})) {
      const n = rangeSize(r);
      total.aiModified += n;
      of(s).aiModified += n;
    }
    if (file.human) total.human += rangeSize(file.human);
  }
  return { total, perSession };
}

/**
 * `git drift pr-report` without the printing: the stats of a pull request's range (agent,
 * model and file rows, survival), its sessions with their first prompt and the commits
 * they touched, the rejected approaches its notes record, and its commits without a note.
 * Everything from the notes (works in any clone that fetched them).
 */
import { parseNoteBody } from '../notes/body.js';
import { parseNote, readNoteTexts } from '../notes/index.js';
import { readStats, type Stats } from '../stats/index.js';

/** One session behind the pull request. */
export interface PrSession {
  /** `<agent>:<native id>`. */
  id: string;
  agent: string;
  model: string | null;
  /** The first prompt its notes record (`asked[0]` of its oldest note), or null. */
  firstPrompt: string | null;
  /** Prompts and edits summed over its notes in the range. */
  prompts: number;
  edits: { applied: number; rejected: number };
  /** Full shas of the commits whose notes list it, oldest first. */
  commits: string[];
}

/** One rejected approach, as a note's body lists it. */
export interface PrRejected {
  /** `<agent> <id8>` of the session section it was listed under. */
  session: string;
  /** Full sha of the commit whose note lists it. */
  commit: string;
  text: string;
}

/** The `git drift pr-report --format json` object (schema `"prReport": 1`, docs/format.md). */
export interface PrReport {
  prReport: 1;
  /** The stats of the range, with the agent, model and file groupings and survival. */
  stats: Stats;
  /** Sessions in order of first appearance (oldest commit first). */
  sessions: PrSession[];
  /** Oldest commit first; the same text listed again by a later note is kept once. */
  rejected: PrRejected[];
  /**
   * Commits of the range without a valid drift note (`missing` or `invalid`) that add lines,
   * newest first (a clean merge or an empty commit needs no note, as in `git drift check`).
   */
  unnoted: { commit: string; subject: string; note: 'missing' | 'invalid' }[];
}

/** Longest rejected-approach list kept, so a comment stays within GitHub's size limit. */
export const MAX_REJECTED = 50;

/**
 * Read the report of `range` (default `HEAD`) in the repository at `cwd`. Throws
 * `UserError` for a range git cannot read.
 */
export async function readPrReport(cwd: string, range: string | undefined): Promise<PrReport> {
  const stats = await readStats(cwd, range, { by: ['agent', 'model', 'file'], survival: true });
  const oldestFirst = [...stats.history].reverse();
  const texts = await readNoteTexts(
    cwd,
    oldestFirst.filter((h) => h.note === 'ok').map((h) => h.commit),
  );
  const sessions = new Map<string, PrSession>();
  const rejected: PrRejected[] = [];
  const seen = new Set<string>();
  for (const h of oldestFirst) {
    const text = texts.get(h.commit);
    const note = text === undefined ? null : parseNote(text);
    if (!note || 'invalid' in note) continue;
    for (const s of note.sessions) {
      const known = sessions.get(s.id) ?? { id: s.id, agent: s.agent, model: s.model, firstPrompt: null, prompts: 0, edits: { applied: 0, rejected: 0 }, commits: [] };
      known.firstPrompt ??= s.asked?.[0] ?? null;
      known.model = s.model ?? known.model;
      known.prompts += s.prompts;
      known.edits.applied += s.edits.applied;
      known.edits.rejected += s.edits.rejected;
      known.commits.push(h.commit);
      sessions.set(s.id, known);
    }
    for (const section of parseNoteBody(note.body)) {
      for (const r of section.rejected) {
        if (seen.has(r) || rejected.length >= MAX_REJECTED) continue;
        seen.add(r);
        rejected.push({ session: section.label, commit: h.commit, text: r });
      }
    }
  }
  const unnoted = stats.history.filter((h) => h.note !== 'ok' && h.lines.total > 0).map((h) => ({ commit: h.commit, subject: h.subject, note: h.note as 'missing' | 'invalid' }));
  return { prReport: 1, stats, sessions: [...sessions.values()], rejected, unnoted };
}

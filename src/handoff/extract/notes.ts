/**
 * What the drift notes of the branch's commits add to a brief: per commit, its sessions and
 * line counts; and, for sessions known only from a note (captured on another machine),
 * their decisions, rejected approaches and open threads as the note lists them. Pure.
 */
import { countLines } from '../../notes/counts.js';
import type { BranchCommit } from '../../git/branch.js';
import { parseNoteBody } from '../../notes/body.js';
import type { Note } from '../../notes/index.js';
import type { BriefCommit, BriefSession, RejectedApproach, RejectedKind } from '../../brief/material.js';
import { sessionLabel, type SessionFacts } from './session.js';

/** Each commit with what its note says (`lines` null without a valid note). */
export function briefCommits(commits: BranchCommit[], notes: Map<string, Note>): BriefCommit[] {
  return commits.map((c) => {
    const note = notes.get(c.sha);
    return { sha: c.sha, subject: c.subject, sessions: note ? note.sessions.map((s) => sessionLabel(s.id)) : [], lines: note ? countLines(note) : null };
  });
}

const REJECTED_LINE = /^(`[^`]+`) \(([^,]+), (user-declined|tool-error|hook-blocked)\): (.*)$/;

/**
 * Facts for the sessions that the notes of `commits` list but that `known` (session ids
 * read from this machine's logs) lacks, in commit order, oldest first. Their prompts are
 * not read back from notes (only counted).
 */
export function noteOnlyFacts(commits: BranchCommit[], notes: Map<string, Note>, known: Set<string>): SessionFacts[] {
  const facts = new Map<string, SessionFacts>();
  for (const c of [...commits].reverse()) {
    const note = notes.get(c.sha);
    if (!note) continue;
    const sections = parseNoteBody(note.body);
    for (const s of note.sessions) {
      if (known.has(s.id)) continue;
      const label = sessionLabel(s.id);
      const f = facts.get(s.id) ?? facts.set(s.id, emptyFacts(noteSession(s, label))).get(s.id)!;
      f.session.prompts += s.prompts;
      f.session.edits.applied += s.edits.applied;
      f.session.edits.rejected += s.edits.rejected;
      for (const section of sections.filter((x) => x.label === label)) {
        f.decisions.push(...section.decisions.map((text) => ({ text, session: label })));
        f.rejected.push(...section.rejected.map((text) => rejectedFromNote(text, label, c.at)));
        f.threads.push(...section.openThreads.map((text) => ({ kind: 'note' as const, text, session: label })));
      }
    }
  }
  return [...facts.values()];
}

function noteSession(s: Note['sessions'][number], label: string): BriefSession {
  return {
    id: s.id,
    agent: s.agent,
    label,
    model: s.model ?? null,
    branch: s.branch ?? null,
    started: null,
    ended: null,
    title: null,
    prompts: 0,
    edits: { applied: 0, rejected: 0 },
    source: 'note',
  };
}

function emptyFacts(session: BriefSession): SessionFacts {
  return { session, prompts: [], decisions: [], rejected: [], threads: [], appliedFiles: [], lastMessage: null, lastCommand: null, lastPromptAnswered: true };
}

function rejectedFromNote(text: string, session: string, at: string): RejectedApproach {
  const m = REJECTED_LINE.exec(text);
  if (!m) return { kind: 'tool-error', what: text, reason: 'as listed in the commit note', output: null, session, at };
  return { kind: m[3] as RejectedKind, what: `${m[1]} via ${m[2]}`, reason: m[4]!, output: null, session, at };
}

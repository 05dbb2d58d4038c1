/**
 * Pure rendering of `git drift log`.
 */
import type { LineCounts } from '../notes/counts.js';
import { sessionShortId } from '../ids.js';

/** One commit as `git drift log --json` prints it (public contract, docs/format.md). */
export interface LogEntry {
  /** Full commit sha. */
  commit: string;
  subject: string;
  /** `ok`: a valid drift note; `missing`: none; `invalid`: present but not drift-note/1. */
  note: 'ok' | 'missing' | 'invalid';
  /** Why the note is invalid, else null. */
  reason: string | null;
  sessions: {
    id: string;
    agent: string;
    model: string | null;
    /** `git-ai` or `agent-trace` for an imported session (the note's `sessions[].source`), else null. */
    source: string | null;
    edits: { applied: number; rejected: number };
    prompts: number;
    lines: { ai: number; aiModified: number };
  }[];
  /** Added lines by state; null without a valid note. */
  lines: LineCounts | null;
  /** The note's `partial` marker (its capture stopped at the hook budget, `unread` log files left), else null. Added in 0.3. */
  partial: { unread: number } | null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Terminal text: the commit line, then `[agent] id8 model · edits · lines` per session and `[human] N lines`. */
export function renderLog(entries: LogEntry[]): string {
  const out: string[] = [];
  for (const e of entries) {
    out.push(`${e.commit.slice(0, 8)} ${e.subject}`);
    if (e.note === 'missing') out.push('    (no drift note)');
    if (e.note === 'invalid') out.push(`    (invalid drift note: ${e.reason})`);
    if (e.partial) out.push(`    (partial capture: ${plural(e.partial.unread, 'agent log file')} not read in time; run git drift capture ${e.commit.slice(0, 8)})`);
    for (const s of e.sessions) {
      const id8 = sessionShortId(s.id);
      const lines = s.lines.ai + s.lines.aiModified;
      const modified = s.lines.aiModified > 0 ? ` (${s.lines.aiModified} changed by a human)` : '';
      out.push(
        `    [${s.agent}] ${id8} ${s.model ?? 'unknown model'} · ${plural(s.edits.applied, 'edit')} applied, ${s.edits.rejected} rejected · ${plural(lines, 'line')}${modified}${s.source ? ` · imported from ${s.source}` : ''}`,
      );
    }
    if (e.lines) out.push(`    [human] ${plural(e.lines.human, 'line')}`);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : 'No commits in that range.\n';
}

/**
 * Pure rendering of the session list for `git drift sessions`.
 */
import { shortId } from '../ids.js';

/** One session as `git drift sessions --json` prints it (public contract, docs/format.md). */
export interface SessionRow {
  /** `<agent>:<native id>`. */
  id: string;
  agent: string;
  nativeId: string;
  model: string | null;
  branch: string | null;
  /** ISO 8601 UTC. */
  started: string | null;
  ended: string | null;
  /** Count of human prompts. */
  prompts: number;
  edits: { applied: number; rejected: number };
  /** Repo-relative paths that received applied edits, sorted. */
  files: string[];
  /** Full shas of commits whose note lists the session. */
  commits: string[];
}

/** Terminal text: one line per session, then its files. */
export function renderSessions(rows: SessionRow[]): string {
  if (rows.length === 0) return 'No agent sessions found for this repository.\n';
  const out: string[] = [];
  for (const r of rows) {
    const when = r.started ? r.started.slice(0, 16).replace('T', ' ') : 'unknown time';
    out.push(
      `[${r.agent}] ${shortId(r.nativeId)} ${r.model ?? 'unknown model'} · ${when} · ${r.branch ?? 'no branch'} · ` +
        `${r.prompts} prompts · ${r.edits.applied} edits applied, ${r.edits.rejected} rejected · ${r.commits.length} commit${r.commits.length === 1 ? '' : 's'}`,
    );
    if (r.files.length > 0) out.push(`    ${r.files.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Writing Agent Trace 0.1.0 records (pure, strict): one record per annotated commit, valid
 * against the JSON Schema of cursor/agent-trace `README.md` §6.1. The mapping is in
 * docs/format.md, "Interop: Agent Trace".
 */
import { createHash } from 'node:crypto';
import type { Note, NoteSession } from '../../notes/index.js';
import { readableRangeIntervals } from '../../notes/ranges.js';
import { modelIdOf } from './model.js';

/** The Agent Trace version written. */
export const AGENT_TRACE_VERSION = '0.1.0';

/** The reverse-DNS key of git drift's own data in a record's `metadata`. */
export const DRIFT_METADATA_KEY = 'dev.gitdrift';

/** The conversation URL of a drift session in the records git drift writes: `urn:git-drift:session:<percent-encoded id>`. */
export function sessionUrl(session: string): string {
  return `urn:git-drift:session:${encodeURIComponent(session)}`;
}

/** The session id of a URL `sessionUrl` wrote, or null for any other URL. */
export function sessionOfUrl(url: string): string | null {
  const prefix = 'urn:git-drift:session:';
  if (!url.startsWith(prefix)) return null;
  try {
    return decodeURIComponent(url.slice(prefix.length));
  } catch {
    return null;
  }
}

/** A UUID v4 (random bits from sha256 of `seed`): the same commit and note give the same record id. */
function uuidOf(seed: string): string {
  const h = createHash('sha256').update(seed, 'utf8').digest('hex').split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16]!, 16) & 3]!;
  const x = h.join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** `"12-40,55"` as Agent Trace ranges. */
function traceRanges(ranges: string): { start_line: number; end_line: number }[] {
  return readableRangeIntervals(ranges).map(([start, end]) => ({ start_line: start, end_line: end }));
}

/** What a record is written from. */
export interface TraceInput {
  /** Full commit sha: `vcs.revision`. */
  commit: string;
  /** The commit's committer date, ISO 8601: the record's `timestamp` (in UTC). */
  date: string;
  note: Note;
  /** git drift's version: `tool.version`. */
  version: string;
}

/**
 * The Agent Trace record of one annotated commit. Per file: one conversation per session
 * and state (`ai` → contributor `ai`, `ai-modified` → `mixed`), with the session's
 * `sessionUrl` and the model as `provider/model`, then one conversation of contributor
 * `human` for the human lines. `metadata["dev.gitdrift"]` keeps the note's sessions
 * (without `asked`) so that an import gives them back exactly. Deterministic.
 */
export function renderAgentTrace(input: TraceInput): Record<string, unknown> {
  const { note, commit } = input;
  const model = new Map(note.sessions.map((s) => [s.id, s.model]));
  const files = Object.keys(note.files)
    .sort()
    .flatMap((path) => {
      const file = note.files[path]!;
      const conversations: Record<string, unknown>[] = [];
      for (const [state, type] of [
        ['ai', 'ai'],
        ['ai-modified', 'mixed'],
      ] as const) {
        for (const id of Object.keys(file[state] ?? {}).sort()) {
          const m = model.get(id);
          conversations.push({ url: sessionUrl(id), contributor: { type, ...(m ? { model_id: modelIdOf(m) } : {}) }, ranges: traceRanges(file[state]![id]!) });
        }
      }
      if (file.human) conversations.push({ contributor: { type: 'human' }, ranges: traceRanges(file.human) });
      return conversations.length > 0 ? [{ path, conversations }] : [];
    });
  const sessions = note.sessions.map(({ asked: _asked, ...rest }: NoteSession) => rest);
  return {
    version: AGENT_TRACE_VERSION,
    id: uuidOf(`git-drift:${commit}:${JSON.stringify(note.files)}:${JSON.stringify(sessions)}`),
    timestamp: new Date(input.date).toISOString().replace(/\.000Z$/, 'Z'),
    vcs: { type: 'git', revision: commit },
    tool: { name: 'git-drift', version: input.version },
    files,
    metadata: { [DRIFT_METADATA_KEY]: { note: 'drift-note/1', sessions } },
  };
}

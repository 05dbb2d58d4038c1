/**
 * An Agent Trace record as a `drift-note/1` note of the commit it gives lines to (pure):
 * the mapping documented in docs/format.md, "Interop: Agent Trace".
 */
import type { Note, NoteSession } from '../../notes/index.js';
import { driftTraceSessions, type AgentTraceRecordInput } from '../schemas.js';
import { agentOfGitAiTool } from '../git-ai/keys.js';
import { filesOf, linesWithin, type AddedLines } from '../lines.js';
import { modelOfId } from './model.js';
import { DRIFT_METADATA_KEY, sessionOfUrl } from './render.js';

/** The body of an imported note. */
export const AGENT_TRACE_BODY = 'Attribution imported from Agent Trace records by `git drift import agent-trace`.';

/** Whether git drift wrote the record (it carries `metadata["dev.gitdrift"]`): its `vcs.revision` is then the commit itself. */
export function isDriftRecord(record: AgentTraceRecordInput): boolean {
  return !!record.metadata && typeof record.metadata[DRIFT_METADATA_KEY] === 'object' && record.metadata[DRIFT_METADATA_KEY] !== null;
}

/** The sessions a git drift record lists under `metadata["dev.gitdrift"].sessions`, by id (empty for other records). */
function driftSessions(record: AgentTraceRecordInput): Map<string, NoteSession> {
  const meta = record.metadata?.[DRIFT_METADATA_KEY] as { sessions?: unknown } | undefined;
  const parsed = driftTraceSessions.safeParse(meta?.sessions);
  return new Map(parsed.success ? parsed.data.map((s) => [s.id, { ...s } as NoteSession]) : []);
}

type Conversation = AgentTraceRecordInput['files'][number]['conversations'][number];

/** The session of a conversation: git drift's own (by its URL), else `<tool>:<conversation id>`. */
function sessionOf(record: AgentTraceRecordInput, conv: Conversation, own: Map<string, NoteSession>): NoteSession {
  const fromUrl = conv.url ? sessionOfUrl(conv.url) : null;
  const known = fromUrl ? own.get(fromUrl) : undefined;
  if (known) return { ...known, source: 'agent-trace' };
  const modelId = conv.contributor?.model_id ?? conv.ranges.find((r) => r.contributor?.model_id)?.contributor?.model_id ?? null;
  const model = modelId ? modelOfId(modelId) : null;
  if (fromUrl && fromUrl.indexOf(':') > 0) {
    return { id: fromUrl, agent: fromUrl.slice(0, fromUrl.indexOf(':')), model, branch: null, prompts: 0, edits: { applied: 0, rejected: 0 }, record: '', source: 'agent-trace' };
  }
  const agent = agentOfGitAiTool(record.tool?.name ?? 'unknown');
  const conversationId = typeof record.metadata?.conversation_id === 'string' ? record.metadata.conversation_id : null;
  const native = (conversationId ?? (conv.url ? lastSegment(conv.url) : null) ?? record.id).replace(/[\0-\x1f\x7f]/g, '').slice(0, 200) || record.id;
  return { id: `${agent}:${native}`, agent, model, branch: null, prompts: 0, edits: { applied: 0, rejected: 0 }, record: '', source: 'agent-trace' };
}

/** The last path segment of a URL without its extension (`file:///x/5f1c.jsonl` → `5f1c`), or null. */
function lastSegment(url: string): string | null {
  const seg =
    url
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? '';
  const bare = seg.replace(/\.[A-Za-z0-9]+$/, '');
  return bare === '' ? null : bare;
}

const RANK = { ai: 2, mixed: 1, human: 0 } as const;

/**
 * The drift note a record gives the commit whose added lines are `added`: each range's
 * contributor (its own, else its conversation's) `ai` → `ai`, `mixed` → `ai-modified`,
 * for the conversation's session; `human`, `unknown` and unclaimed added lines are
 * `human`; lines the commit does not add are left out. Where two conversations claim a
 * line, `ai` beats `mixed`, then the smaller session id. Sessions are those owning lines.
 * Returns `{invalid}` for a range that ends before it starts.
 */
export function noteFromTrace(record: AgentTraceRecordInput, added: AddedLines): Note | { invalid: string } {
  const own = driftSessions(record);
  const sessions = new Map<string, NoteSession>();
  const owners = new Map<string, Map<number, { rank: 1 | 2; session: string }>>();
  for (const file of record.files) {
    const lines = added.get(file.path);
    for (const conv of file.conversations) {
      const session = sessionOf(record, conv, own);
      for (const r of conv.ranges) {
        if (r.end_line < r.start_line) return { invalid: `file ${file.path}: range ${r.start_line}-${r.end_line} ends before it starts` };
        const type = r.contributor?.type ?? conv.contributor?.type ?? 'unknown';
        if (!lines || (type !== 'ai' && type !== 'mixed')) continue;
        const rank = RANK[type];
        const byLine = owners.get(file.path) ?? owners.set(file.path, new Map()).get(file.path)!;
        for (const line of linesWithin(lines, r.start_line, r.end_line)) {
          const cur = byLine.get(line);
          if (!cur || rank > cur.rank || (rank === cur.rank && session.id < cur.session)) byLine.set(line, { rank, session: session.id });
        }
        if (!sessions.has(session.id)) sessions.set(session.id, session);
      }
    }
  }
  const files = filesOf(added, (path, line) => {
    const o = owners.get(path)?.get(line);
    return o ? { state: o.rank === 2 ? 'ai' : 'ai-modified', session: o.session } : null;
  });
  const used = new Set(Object.values(files).flatMap((f) => [...Object.keys(f.ai ?? {}), ...Object.keys(f['ai-modified'] ?? {})]));
  const listed = [...sessions.values()].filter((s) => used.has(s.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { drift: 1, sessions: listed, files, body: `${AGENT_TRACE_BODY}\n` };
}

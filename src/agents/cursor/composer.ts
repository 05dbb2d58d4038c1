/**
 * Cursor composer conversations → drift events (session-formats.md §5.2–5.3). Two shapes:
 * - late 2024, inline in the workspace database (`ItemTable` `composer.composerData`,
 *   `allComposers[].conversation[]` bubbles, edits in `codeBlockData[uri][]` versions with a
 *   `status`; corpus `cursor/slevin48__cursor-history/state.vscdb`);
 * - 2025+, headers only in the workspace database, bodies in the global one (`cursorDiskKV`
 *   `composerData:<id>` and `bubbleId:<id>:<bubble>`), edits in a bubble's `toolFormerData`
 *   (`edit_file`, `search_replace`, `apply_patch`, `write`, with `result.diff.chunks`),
 *   commands in `run_terminal_cmd` (from third-party parsers and git-ai's fixture; no
 *   sample in the corpus). Pure.
 */
import type { DriftEvent, EditEvent } from '../../types.js';
import { parseApplyPatch } from '../apply-patch.js';
import { commonLines, keptField, lineDiff, patchKept, splitLines, unifiedDiffLines } from '../lines.js';
import { asObject, asString, eventId } from '../reader.js';

/** Code block statuses of the 2024 composer and how they end: applied, declined, or not an outcome (superseded, still generating). */
const BLOCK_OUTCOME: Record<string, 'applied' | 'rejected' | undefined> = { accepted: 'applied', completed: 'applied', rejected: 'rejected', cancelled: 'rejected' };
/** Placeholder lines a model writes for unchanged code; they are not lines it added. */
const ELISION = /^\s*(\/\/|#|\/\*|<!--)\s*\.\.\.\s*(existing|rest of|unchanged)/i;

/** A `file:` URI or `{fsPath}` object as a `/`-separated path (`c:\x` → `c:/x`). */
export function uriPath(uri: unknown): string | null {
  const fsPath = asString(asObject(uri)?.fsPath);
  if (fsPath) return fsPath.replace(/\\/g, '/');
  const text = asString(uri);
  if (!text?.startsWith('file://')) return null;
  return decodeURIComponent(text.slice('file://'.length)).replace(/^\/([A-Za-z]:)/, '$1');
}

/** ISO time of a ms epoch or ISO string, or null. */
export function isoTime(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString();
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
}

/** The prompt or message of one bubble (`type` 1 user, 2 assistant). */
export function bubbleEvent(bubble: Record<string, unknown>, session: string, at: string | null): DriftEvent | null {
  const id = asString(bubble.bubbleId);
  const text = (asString(bubble.text) ?? '').trim();
  if (!id || text === '') return null;
  const when = isoTime(bubble.createdAt) ?? at;
  if (bubble.type === 1) return { id: eventId(session, id, 0), session, at: when, kind: 'prompt', text };
  if (bubble.type === 2) return { id: eventId(session, id, 0), session, at: when, kind: 'message', text };
  return null;
}

/** The edits of a 2024 composer's `codeBlockData`: one per code block version that was accepted, kept or declined. */
export function codeBlockEdits(codeBlockData: unknown, session: string, at: string | null): EditEvent[] {
  const edits: EditEvent[] = [];
  for (const [uri, raw] of Object.entries(asObject(codeBlockData) ?? {})) {
    const versions = Array.isArray(raw) ? raw.map(asObject).filter((v): v is Record<string, unknown> => !!v) : [];
    versions.forEach((v, i) => {
      const outcome = BLOCK_OUTCOME[asString(v.status) ?? ''];
      const path = uriPath(v.uri) ?? uriPath(uri);
      if (!outcome || !path) return;
      const before = i > 0 ? (asString(versions[i - 1]!.content) ?? '') : '';
      const diff = lineDiff(before, asString(v.content) ?? '');
      edits.push({
        id: eventId(session, `${uri}#${i}`, 0),
        session,
        at,
        kind: 'edit',
        tool: 'composer',
        path,
        op: 'update',
        movedTo: null,
        added: diff.added.filter((l) => !ELISION.test(l)),
        removed: diff.removed,
        ...keptField(
          diff.kept.filter((l) => !ELISION.test(l)),
          outcome === 'applied',
        ),
        outcome,
        rejection: outcome === 'rejected' ? { kind: 'user-declined', reason: `code block ${asString(v.status)}` } : null,
      });
    });
  }
  return edits;
}

function parseJson(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return asObject(text) ?? {};
  try {
    return asObject(JSON.parse(text)) ?? {};
  } catch {
    return {};
  }
}

/**
 * Added/removed lines of a tool call: `result.diff.chunks[].diffString`, else the arguments;
 * `kept`, the lines it re-emitted unchanged, from the arguments' own old and new text where
 * they have both (`old_string`/`new_string`, an `apply_patch`'s hunks), else the chunks'
 * context lines that the call wrote itself (in a `write`'s contents or an `edit_file` sketch).
 */
function toolLines(name: string, args: Record<string, unknown>, result: Record<string, unknown>): { added: string[]; removed: string[]; kept: string[] } {
  const own = ownLines(name, args);
  const chunks = asObject(result.diff)?.chunks;
  if (Array.isArray(chunks) && chunks.length > 0) {
    const lines = unifiedDiffLines(chunks.map((c) => asString(asObject(c)?.diffString) ?? '').join('\n'));
    return { ...lines, kept: own ? own.kept : commonLines(newText(name, args), lines.kept) };
  }
  if (own) return own;
  const written = newText(name, args);
  return { added: name === 'write' ? written : written.filter((l) => !ELISION.test(l)), removed: [], kept: [] };
}

/** The lines a `write` or `edit_file` call wrote: `contents` (or `content`) of a `write`, the `code_edit` sketch of an `edit_file`. */
function newText(name: string, args: Record<string, unknown>): string[] {
  return splitLines((name === 'write' ? (asString(args.contents) ?? asString(args.content)) : asString(args.code_edit)) ?? '');
}

/** The lines of a call's arguments when they hold both an old and a new text (`apply_patch`, or `old_string`/`new_string`), else null. */
function ownLines(name: string, args: Record<string, unknown>): { added: string[]; removed: string[]; kept: string[] } | null {
  const patch = asString(args.patch);
  if (name === 'apply_patch' && patch) {
    const ops = parseApplyPatch(patch).ops;
    return { added: ops.flatMap((o) => o.added), removed: ops.flatMap((o) => o.removed), kept: patchKept(ops.flatMap((o) => o.hunks)) };
  }
  if (name === 'write' || name === 'edit_file') return null;
  return lineDiff(asString(args.old_string) ?? '', asString(args.new_string) ?? '');
}

/** The edit or command of a 2025+ bubble's `toolFormerData`, once it finished. */
export function toolEvent(bubble: Record<string, unknown>, session: string, at: string | null): DriftEvent | null {
  const tool = asObject(bubble.toolFormerData);
  const name = asString(tool?.name) ?? '';
  const callId = asString(tool?.toolCallId) ?? asString(bubble.bubbleId);
  if (!tool || !callId) return null;
  const args = { ...parseJson(tool.params), ...parseJson(tool.rawArgs) };
  const result = parseJson(tool.result);
  const when = isoTime(bubble.createdAt) ?? at;
  const declined = tool.userDecision === 'rejected';
  const failed = tool.status === 'error';
  if (!declined && !failed && tool.status !== 'completed') return null;
  if (name === 'run_terminal_cmd') {
    const command = asString(args.command);
    const code = result.exitCode;
    return command
      ? { id: eventId(session, callId, 0), session, at: when, kind: 'command', command, exitCode: typeof code === 'number' ? code : null, output: (asString(result.output) ?? '').slice(-400) }
      : null;
  }
  if (!['edit_file', 'search_replace', 'apply_patch', 'write', 'edit_file_v2'].includes(name)) return null;
  const patchPath = /\*\*\* (?:Add|Update) File: (.+)/.exec(asString(args.patch) ?? '')?.[1];
  const path = asString(args.file_path) ?? asString(args.target_file) ?? asString(args.relative_workspace_path) ?? patchPath;
  if (!path) return null;
  const rejection: EditEvent['rejection'] = declined ? { kind: 'user-declined', reason: 'rejected in Cursor' } : failed ? { kind: 'tool-error', reason: asString(result.error) ?? 'tool error' } : null;
  const lines = toolLines(name, args, result);
  return {
    id: eventId(session, callId, 0),
    session,
    at: when,
    kind: 'edit',
    tool: name,
    path: path.replace(/\\/g, '/'),
    op: name === 'write' ? 'create' : 'update',
    movedTo: null,
    added: lines.added,
    removed: lines.removed,
    ...keptField(lines.kept, !rejection),
    outcome: rejection ? 'rejected' : 'applied',
    rejection,
  };
}

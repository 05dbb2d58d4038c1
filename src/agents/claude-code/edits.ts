/**
 * Turns a Claude Code edit-tool call (`Edit`, `MultiEdit`, `Write`, `NotebookEdit`) and its
 * result into edit events, following session-formats.md §1.5 and the corpus samples
 * (`chiphuyen__sniffly/…/d3ad4cdc-….jsonl` for Write/Edit/NotebookEdit in 1.0.17,
 * `d-kimuson__claude-code-viewer/…/5c0375b4-….jsonl` for MultiEdit in 1.0.108).
 */
import type { EditEvent, RejectionKind } from '../../types.js';
import { asObject, asString, eventId } from '../reader.js';
import { lineDiff, MAX_KEPT_LINES, splitLines } from '../lines.js';
import type { PendingCall } from './state.js';

/** The tools whose calls become edit events. */
export const EDIT_TOOLS: ReadonlySet<string> = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);

/** What a `tool_result` said about a call: its error text (null when it succeeded) and structured result. */
export interface ToolOutcome {
  /** The refusal or error text, without `<tool_use_error>` tags; null when the call succeeded. */
  error: string | null;
  /** The line's `toolUseResult` when it is an object. */
  result: Record<string, unknown> | undefined;
  /** The `tool_result` content as text (string content or joined text blocks). */
  text: string;
}

/** The added, removed and re-emitted lines of one change (no diff markers, no line terminators). */
interface Change {
  added: string[];
  removed: string[];
  kept?: string[];
  op: EditEvent['op'];
}

/** Longest rejection reason kept, in characters. */
const MAX_REASON = 500;

export { lineDiff, splitLines } from '../lines.js';

/**
 * The added (`+`) and removed (`-`) lines of `toolUseResult.structuredPatch` hunks (the
 * `diff` package's `structuredPatch().hunks` shape, §1.5), markers stripped, and the
 * context (` `) lines as `kept` (at most `MAX_KEPT_LINES`); `\ No newline at end of file`
 * is ignored. Null when there is no non-empty hunk list.
 */
export function patchLines(structuredPatch: unknown): { added: string[]; removed: string[]; kept: string[] } | null {
  if (!Array.isArray(structuredPatch) || structuredPatch.length === 0) return null;
  const added: string[] = [];
  const removed: string[] = [];
  const kept: string[] = [];
  for (const hunk of structuredPatch) {
    const lines = asObject(hunk)?.lines;
    if (!Array.isArray(lines)) continue;
    for (const line of lines) {
      if (typeof line !== 'string') continue;
      if (line.startsWith('+')) added.push(line.slice(1));
      else if (line.startsWith('-')) removed.push(line.slice(1));
      else if (line.startsWith(' ') && kept.length < MAX_KEPT_LINES) kept.push(line.slice(1));
    }
  }
  return { added, removed, kept };
}

/**
 * The lines a call proposed, read from its input alone: used for rejected calls (so a
 * rejected approach can be shown) and as the fallback when no patch was recorded.
 * `MultiEdit` yields one change per `edits[i]`.
 */
function proposedChanges(call: PendingCall): Change[] {
  const input = call.input;
  switch (call.name) {
    case 'Write':
      return [{ added: splitLines(asString(input.content) ?? ''), removed: [], op: 'update' }];
    case 'NotebookEdit':
      return [{ added: input.edit_mode === 'delete' ? [] : splitLines(asString(input.new_source) ?? ''), removed: [], op: 'update' }];
    case 'MultiEdit': {
      const edits = Array.isArray(input.edits) ? input.edits : [];
      return edits.map((e) => ({ ...stringDiff(asObject(e) ?? {}), op: 'update' as const }));
    }
    default:
      return [{ ...stringDiff(input), op: 'update' }];
  }
}

/** `lineDiff` of an object's `old_string` / `new_string` (missing strings count as empty). */
function stringDiff(edit: Record<string, unknown>): { added: string[]; removed: string[]; kept: string[] } {
  return lineDiff(asString(edit.old_string) ?? '', asString(edit.new_string) ?? '');
}

/**
 * What an applied call changed. `structuredPatch` hunks win when present (one change even
 * for `MultiEdit`: the patch already combines its edits, and it reflects `userModified`
 * proposals); a `Write` of `type: "create"` adds its whole content, one of `type:
 * "update"` with an empty hunk list changed nothing; otherwise the input is diffed
 * (`MultiEdit`: one change per edit).
 */
function appliedChanges(call: PendingCall, result: Record<string, unknown> | undefined): Change[] {
  const patch = patchLines(result?.structuredPatch);
  if (patch) return [{ ...patch, op: 'update' }];
  if (call.name === 'Write' && result?.type === 'update' && Array.isArray(result.structuredPatch)) {
    return [{ added: [], removed: [], op: 'update' }];
  }
  if (call.name === 'Write') {
    const content = asString(result?.content) ?? asString(call.input.content) ?? '';
    return [{ added: splitLines(content), removed: [], op: 'create' }];
  }
  if (call.name === 'NotebookEdit' && result?.edit_mode === 'delete') return [{ added: [], removed: [], op: 'update' }];
  return proposedChanges(call);
}

/**
 * Classify a refusal text: `hook-blocked` when a hook stopped the call (e.g.
 * `PreToolUse:Edit hook error: … Blocked …`), `user-declined` when the user said no
 * (`The user doesn't want to proceed…`, `…was rejected…`, `Permission … denied`,
 * interrupted), `tool-error` for everything else (`String to replace not found…`).
 */
export function rejectionKind(text: string): RejectionKind {
  if (/\b(Pre|Post)ToolUse\b|\bblocked by\b.{0,40}\bhook|\bhook\b.{0,80}\b(block(ed)?|den(y|ied))\b/i.test(text)) return 'hook-blocked';
  if (/doesn't want to proceed|\brejected\b|\binterrupted\b|\bpermission\b.{0,60}\bdenied\b/i.test(text)) return 'user-declined';
  return 'tool-error';
}

/** The refusal of an edit call, or null when it succeeded (a NotebookEdit result `error` counts). */
function refusal(call: PendingCall, outcome: ToolOutcome): EditEvent['rejection'] {
  const notebookError = call.name === 'NotebookEdit' ? asString(outcome.result?.error) : undefined;
  const text = outcome.error ?? (notebookError ? notebookError : null);
  if (text === null) return null;
  return { kind: rejectionKind(text), reason: text.trim().slice(0, MAX_REASON) };
}

/**
 * The edit events of one edit-tool call and its result. `path` is
 * `toolUseResult.filePath ?? input.file_path ?? input.notebook_path`, absolute as recorded;
 * a call without any path yields no event. Ids: `eventId(session, toolUseId, i)` for the
 * i-th change of the call. `at` is the time of the call (the result's when unknown).
 */
export function editEvents(call: PendingCall, toolUseId: string, outcome: ToolOutcome, session: string, resultAt: string | null): EditEvent[] {
  const path = asString(outcome.result?.filePath) ?? asString(call.input.file_path) ?? asString(call.input.notebook_path);
  if (!path) return [];
  const rejection = refusal(call, outcome);
  const changes = rejection ? proposedChanges(call) : appliedChanges(call, outcome.result);
  return changes.map((change, i) => ({
    id: eventId(session, toolUseId, i),
    session,
    at: call.at ?? resultAt,
    kind: 'edit',
    tool: call.name,
    path,
    op: change.op,
    movedTo: null,
    added: change.added,
    removed: change.removed,
    ...(!rejection && change.kept?.length ? { kept: change.kept } : {}),
    outcome: rejection ? 'rejected' : 'applied',
    rejection,
  }));
}

/**
 * A pure, tolerant parser for the apply_patch envelope (`*** Begin Patch` … `*** End Patch`)
 * that Codex CLI uses for every file edit.
 *
 * Grammar: openai/codex `codex-rs/apply-patch/apply_patch_tool_instructions.md` (parser in
 * `codex-rs/apply-patch/src/parser.rs`), summarised in ../shared/research/session-formats.md §2.4:
 *
 * ```
 * *** Begin Patch
 * *** Add File: path/new.py        following lines all start with '+'
 * *** Delete File: path/old.py     no body
 * *** Update File: path/app.py
 * *** Move to: path/renamed.py     optional, right after Update File
 * @@ def main():                    optional hunk header (may be a bare "@@")
 *  context line
 * -removed line
 * +added line
 * *** End of File                   optional: the hunk is anchored at the end of the file
 * *** End Patch
 * ```
 */

/** What a file op does: `create` (Add File), `delete`, `update`, or `move` (Update File + Move to). */
export type PatchOpKind = 'create' | 'delete' | 'update' | 'move';

/** One `@@` hunk of an Update File section. All lines are without their one-character marker. */
export interface PatchHunk {
  /** Text after `@@` (trimmed; '' for a bare `@@`), or null for a first hunk written without `@@`. */
  header: string | null;
  /** Old side of the hunk: context and '-' lines, in order. */
  oldLines: string[];
  /** New side of the hunk: context and '+' lines, in order. */
  newLines: string[];
  /** The '+' lines only. */
  added: string[];
  /** The '-' lines only. */
  removed: string[];
  /** True when the hunk was followed by `*** End of File`. */
  endOfFile: boolean;
}

/**
 * One file operation of a patch. `path` and `movedTo` are exactly as written in the patch
 * (usually relative to the agent's working directory; resolving them is the caller's job).
 * `added`/`removed` concatenate the hunks' '+' and '-' lines (for `create`: every '+' line of
 * the new file; for `delete`: both empty, the patch does not carry the old content).
 */
export interface PatchFileOp {
  op: PatchOpKind;
  path: string;
  movedTo: string | null;
  hunks: PatchHunk[];
  added: string[];
  removed: string[];
  /** 1-based line of the `*** … File:` header within the text given to `parseApplyPatch`. */
  line: number;
}

/** Something wrong in a patch. `line` is 1-based within the text given, or null for the whole patch. */
export interface PatchProblem {
  line: number | null;
  message: string;
}

/** The result of `parseApplyPatch`: the file ops parsed (in patch order) and the problems met. */
export interface ParsedPatch {
  ops: PatchFileOp[];
  problems: PatchProblem[];
}

/** The line that opens a patch. */
export const BEGIN_PATCH = '*** Begin Patch';
/** The line that closes a patch. */
export const END_PATCH = '*** End Patch';

const HEADERS: [prefix: string, op: PatchOpKind][] = [
  ['*** Add File:', 'create'],
  ['*** Delete File:', 'delete'],
  ['*** Update File:', 'update'],
];

/** Mutable cursor of the parse: the op and hunk currently being filled. */
interface Cursor {
  ops: PatchFileOp[];
  problems: PatchProblem[];
  op: PatchFileOp | null;
  hunk: PatchHunk | null;
}

/** True when `text` contains the `*** Begin Patch` marker anywhere (argv, heredoc, raw input). */
export function containsPatch(text: string): boolean {
  return text.includes(BEGIN_PATCH);
}

/**
 * Parse the first apply_patch envelope found in `text`. Everything before `*** Begin Patch`
 * (a heredoc line such as `apply_patch << 'PATCH'`, a quote) and after `*** End Patch` is
 * ignored. Never throws: a malformed or truncated patch yields the ops parsed so far plus
 * `problems` (missing markers, unknown `***` lines, lines without a valid marker, empty
 * Update sections). Lines ending in `\r\n` are accepted.
 */
export function parseApplyPatch(text: string): ParsedPatch {
  const cur: Cursor = { ops: [], problems: [], op: null, hunk: null };
  const start = text.indexOf(BEGIN_PATCH);
  if (start < 0) {
    cur.problems.push({ line: null, message: `no "${BEGIN_PATCH}" marker` });
    return { ops: cur.ops, problems: cur.problems };
  }
  const firstLine = countNewlines(text, start) + 1;
  const lines = text
    .slice(start)
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let ended = false;
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trimEnd() === END_PATCH) {
      ended = true;
      break;
    }
    parseLine(cur, raw, firstLine + i);
  }
  closeOp(cur);
  if (!ended) cur.problems.push({ line: null, message: `no "${END_PATCH}" marker (truncated patch)` });
  return { ops: cur.ops, problems: cur.problems };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

function parseLine(cur: Cursor, raw: string, line: number): void {
  if (raw.startsWith('***')) {
    parseMarker(cur, raw.trimEnd(), line);
    return;
  }
  const op = cur.op;
  if (op === null) {
    if (raw.trim() !== '') cur.problems.push({ line, message: 'line outside any file section, ignored' });
    return;
  }
  if (op.op === 'create') {
    if (raw.startsWith('+')) op.added.push(raw.slice(1));
    else if (raw !== '') cur.problems.push({ line, message: `Add File line without '+', ignored` });
    return;
  }
  if (op.op === 'delete') {
    if (raw.trim() !== '') cur.problems.push({ line, message: 'Delete File section has a body, ignored' });
    return;
  }
  parseHunkLine(cur, op, raw, line);
}

function parseMarker(cur: Cursor, marker: string, line: number): void {
  for (const [prefix, kind] of HEADERS) {
    if (!marker.startsWith(prefix)) continue;
    closeOp(cur);
    const path = marker.slice(prefix.length).trim();
    if (path === '') cur.problems.push({ line, message: `"${prefix}" without a path` });
    cur.op = { op: kind, path, movedTo: null, hunks: [], added: [], removed: [], line };
    return;
  }
  if (marker.startsWith('*** Move to:')) {
    const op = cur.op;
    if (op && op.op === 'update' && op.hunks.length === 0) {
      op.op = 'move';
      op.movedTo = marker.slice('*** Move to:'.length).trim();
    } else cur.problems.push({ line, message: '"*** Move to:" not right after "*** Update File:", ignored' });
    return;
  }
  if (marker === '*** End of File') {
    if (cur.hunk) cur.hunk.endOfFile = true;
    else cur.problems.push({ line, message: '"*** End of File" outside a hunk, ignored' });
    return;
  }
  cur.problems.push({ line, message: `unknown line "${marker.slice(0, 80)}", ignored` });
}

function parseHunkLine(cur: Cursor, op: PatchFileOp, raw: string, line: number): void {
  if (raw.startsWith('@@')) {
    cur.hunk = newHunk(raw.slice(2).trim());
    op.hunks.push(cur.hunk);
    return;
  }
  const marker = raw.charAt(0);
  if (marker !== '' && marker !== ' ' && marker !== '+' && marker !== '-') {
    cur.problems.push({ line, message: `hunk line must start with ' ', '+' or '-', ignored` });
    return;
  }
  if (cur.hunk === null) {
    cur.hunk = newHunk(null);
    op.hunks.push(cur.hunk);
  }
  const body = raw.slice(1);
  const hunk = cur.hunk;
  // An empty line inside a hunk is an empty context line, as in codex-rs parser.rs.
  if (marker !== '+') hunk.oldLines.push(body);
  if (marker !== '-') hunk.newLines.push(body);
  if (marker === '+') hunk.added.push(body);
  if (marker === '-') hunk.removed.push(body);
}

function newHunk(header: string | null): PatchHunk {
  return { header, oldLines: [], newLines: [], added: [], removed: [], endOfFile: false };
}

function closeOp(cur: Cursor): void {
  const op = cur.op;
  cur.op = null;
  cur.hunk = null;
  if (op === null) return;
  if (op.op === 'update' || op.op === 'move') {
    if (op.hunks.length === 0 && op.op === 'update') {
      cur.problems.push({ line: op.line, message: `Update File ${op.path} has no hunk` });
    }
    op.added = op.hunks.flatMap((h) => h.added);
    op.removed = op.hunks.flatMap((h) => h.removed);
  }
  cur.ops.push(op);
}

/**
 * The edits an aider reply proposes, read from its markdown (session-formats.md §4.3; prompt
 * sources `Aider-AI/aider: aider/coders/editblock_prompts.py`, `editblock_fenced_prompts.py`,
 * `wholefile_prompts.py`, `udiff_prompts.py`, `patch_prompts.py`):
 * - SEARCH/REPLACE blocks (`diff`, `diff-fenced` and the architect `editor-*` formats): the
 *   file name on the line before the fence, or first inside it (corpus
 *   `aider/AbdulAlkawasmeh__metadata-aider` and `aider/AndrewJacop__Simple-Calulator`);
 * - unified diffs in ```` ```diff ```` fences (`udiff`);
 * - `*** Begin Patch` envelopes (`patch`);
 * - whole-file fences (`whole`), kept apart: a fence after a file name is only an edit
 *   when aider confirms it with `Applied edit to <file>`.
 * Pure; a reply never makes this throw.
 */
import { parseApplyPatch } from '../apply-patch.js';
import { lineDiff, patchKept, splitLines, unifiedDiffLines } from '../lines.js';

/** One edit an aider reply proposes. `path` is as the model wrote it, normalised with `normalizePath`. */
export interface Proposal {
  path: string;
  /** How the reply wrote it: `search-replace`, `udiff`, `patch` or `whole`. */
  tool: 'search-replace' | 'udiff' | 'patch' | 'whole' | 'aider';
  op: 'update' | 'create';
  added: string[];
  removed: string[];
  /**
   * Lines the edit re-emitted unchanged (`EditEvent.kept`): in both the SEARCH and REPLACE
   * text, a udiff's context lines (the model wrote them), a patch's hunks' common lines.
   * Absent for whole-file edits, whose old text the reply does not hold.
   */
  kept?: string[];
  /** For SEARCH/REPLACE: the SEARCH text, to recognise the block in aider's error report. */
  search: string | null;
}

const SEARCH = /^<{5,9} SEARCH\b.*$/;
const DIVIDER = /^={5,9}\s*$/;
const REPLACE = /^>{5,9} REPLACE\b.*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

/** A path as aider and the model write it, comparable: `\` → `/`, no `./`, no quotes, backticks, bold or trailing colon. */
export function normalizePath(raw: string): string {
  return raw
    .trim()
    .replace(/^[#*`'"]+|[*`'":]+$/g, '')
    .trim()
    .replace(/\\/g, '/')
    .replace(/^\.\//, '');
}

/** The file name aider would take for a block starting at `lines[at]`: the nearest of the 3 lines above that is not a fence or blank. */
function filenameAbove(lines: string[], at: number): string | null {
  for (let i = at - 1; i >= Math.max(0, at - 3); i--) {
    const line = lines[i]!;
    if (line.trim() === '' || FENCE.test(line)) continue;
    const name = normalizePath(line);
    return name === '' || (name.includes(' ') && !/[./]/.test(name)) ? null : name;
  }
  return null;
}

/** Every SEARCH/REPLACE block of a reply; a block without a file name reuses the previous block's. */
function searchReplace(lines: string[]): Proposal[] {
  const out: Proposal[] = [];
  let lastPath: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    if (!SEARCH.test(lines[i]!)) continue;
    const path: string | null = filenameAbove(lines, i) ?? lastPath;
    let j = i + 1;
    while (j < lines.length && !DIVIDER.test(lines[j]!)) j++;
    let k = j + 1;
    while (k < lines.length && !REPLACE.test(lines[k]!)) k++;
    if (k >= lines.length) break; // a truncated block proposes nothing
    if (path !== null) {
      const search = lines.slice(i + 1, j).join('\n');
      const replace = lines.slice(j + 1, k).join('\n');
      out.push({ path, tool: 'search-replace', op: search.trim() === '' ? 'create' : 'update', ...lineDiff(search, replace), search });
      lastPath = path;
    }
    i = k;
  }
  return out;
}

/** A fenced block: its opening line index, info string, body and the line index after it. */
interface Fence {
  open: number;
  info: string;
  body: string[];
  end: number;
}

/** The top-level fenced blocks of a reply (a fence closes on a line of the same marker, at least as long). */
function fences(lines: string[]): Fence[] {
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]!);
    if (!m) continue;
    const marker = m[1]!;
    let j = i + 1;
    while (j < lines.length && !(lines[j]!.trim().startsWith(marker) && lines[j]!.trim().replace(/[`~]/g, '') === '')) j++;
    out.push({ open: i, info: lines[i]!.trim().slice(marker.length).trim(), body: lines.slice(i + 1, j), end: j + 1 });
    i = j;
  }
  return out;
}

/** Unified diffs in fences: one proposal per `+++ ` file section. */
function unifiedDiffs(blocks: Fence[]): Proposal[] {
  const out: Proposal[] = [];
  for (const fence of blocks) {
    if (!fence.body.some((l) => l.startsWith('@@')) || !fence.body.some((l) => l.startsWith('+++ '))) continue;
    let path = null as string | null;
    let section: string[] = [];
    const flush = (): void => {
      if (path !== null) out.push({ path, tool: 'udiff', op: 'update', ...unifiedDiffLines(section.join('\n')), search: null });
      section = [];
    };
    for (const line of fence.body) {
      if (line.startsWith('--- ')) {
        flush();
        path = null;
      } else if (line.startsWith('+++ ')) path = normalizePath(line.slice(4).replace(/^b\//, ''));
      else section.push(line);
    }
    flush();
  }
  return out;
}

/** `*** Begin Patch` envelopes anywhere in the reply (the `patch` edit format). */
function patches(text: string): Proposal[] {
  if (!text.includes('*** Begin Patch')) return [];
  return parseApplyPatch(text)
    .ops.filter((op) => op.op !== 'delete')
    .map((op) => ({
      path: normalizePath(op.movedTo ?? op.path),
      tool: 'patch' as const,
      op: op.op === 'create' ? ('create' as const) : ('update' as const),
      added: op.added,
      removed: op.removed,
      kept: patchKept(op.hunks),
      search: null,
    }));
}

/** What a reply proposes: the edits it states, and the whole-file candidates by path (last one wins). */
export interface ReplyEdits {
  proposals: Proposal[];
  whole: Map<string, string[]>;
}

/**
 * Read the edits of one aider reply (the assistant text between two runs of `> ` lines).
 * SEARCH/REPLACE, udiff and patch edits are proposals; fences right after a file-name line
 * that are none of those are whole-file candidates, used only when aider confirms them.
 */
export function replyEdits(text: string): ReplyEdits {
  const lines = splitLines(text);
  const blocks = fences(lines);
  const proposals = [...searchReplace(lines), ...unifiedDiffs(blocks), ...patches(text)];
  const whole = new Map<string, string[]>();
  for (const fence of blocks) {
    if (fence.body.some((l) => SEARCH.test(l) || l.startsWith('*** Begin Patch'))) continue;
    const name = filenameAbove(lines, fence.open);
    if (name) whole.set(name, fence.body);
  }
  return { proposals, whole };
}

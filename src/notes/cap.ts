/**
 * The 64 KiB cap of a note applied to its frontmatter (pure): what gives way, in order,
 * when the attribution itself is too large (docs/format.md, "Size cap"), so that the
 * attribution of agent lines is what is lost last, and the `truncated` marker that says
 * what was cut.
 */
import { renderFrontmatter } from '../frontmatter/index.js';
import type { NoteFile, NotePartial, NoteSession, NoteTruncation } from './index.js';
import { keyedRecord } from '../records.js';

/** The frontmatter of a note as `renderNote` writes it. */
export interface NoteData {
  drift: 1;
  sessions: NoteSession[];
  files: Record<string, NoteFile>;
  truncated?: NoteTruncation;
  partial?: NotePartial;
}

const bytes = (data: NoteData): number => Buffer.byteLength(renderFrontmatter('', data), 'utf8');

/**
 * `data` cut until its rendered frontmatter is at most `max` UTF-8 bytes, or `data` itself
 * when it fits. Cuts, each only when the one before was not enough: (1) `sessions[].asked`
 * and `files.<path>.prompt` (which prompt led to which lines); (2) `files.<path>.human`
 * (those lines then read as unknown); (3) whole file entries, last paths first. Each cut is
 * named in `truncated.cut`, and `truncated.files` counts the entries of (3).
 */
export function capNoteData(data: NoteData, max: number): NoteData {
  if (bytes(data) <= max) return data;
  const sessions = data.sessions.map(({ asked: _asked, ...s }) => s as NoteSession);
  const noPrompt = mapFiles(data.files, ({ prompt: _prompt, ...f }) => f);
  const step1: NoteData = { drift: 1, sessions, files: noPrompt, truncated: marker(data.truncated, ['asked'], 0), ...(data.partial ? { partial: data.partial } : {}) };
  if (bytes(step1) <= max) return step1;
  const noHuman = mapFiles(noPrompt, ({ human: _human, ...f }) => f);
  const step2: NoteData = { ...step1, files: noHuman, truncated: marker(data.truncated, ['asked', 'human'], 0) };
  if (bytes(step2) <= max) return step2;
  const paths = Object.keys(noHuman);
  const keep = (k: number): NoteData => ({
    ...step2,
    files: Object.fromEntries(paths.slice(0, k).map((p) => [p, noHuman[p]!])),
    truncated: marker(data.truncated, ['asked', 'human', 'files'], paths.length - k),
  });
  let lo = 0;
  let hi = paths.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytes(keep(mid)) <= max) lo = mid;
    else hi = mid - 1;
  }
  return keep(lo);
}

/** The marker: the cuts of an earlier cap and these, in order, and the file entries dropped by both. */
function marker(before: NoteTruncation | undefined, cut: string[], files: number): NoteTruncation {
  const all = [...new Set([...(before?.cut ?? []), ...cut])];
  const dropped = files + (before?.files ?? 0);
  return dropped > 0 ? { cut: all, files: dropped } : { cut: all };
}

/** `files` with `fn` applied to each entry; entries left with no owner are dropped. */
function mapFiles(files: Record<string, NoteFile>, fn: (f: NoteFile) => NoteFile): Record<string, NoteFile> {
  const out = keyedRecord<NoteFile>();
  for (const [path, file] of Object.entries(files)) {
    const next = fn(file);
    if (Object.keys(next).length > 0) out[path] = next;
  }
  return out;
}

/**
 * The record codec: the markdown-with-frontmatter file of one session in
 * `.prompts/sessions/<date>-<agent>-<id8>.md` (docs/format.md, "Records"). The only
 * owner of the record format; rendering is pure, `writeRecord` writes the file.
 */
import { lstat } from 'node:fs/promises';
import { resolveInside, writeInside } from '../fs/inside.js';
import { readRegularText } from '../fs/read.js';
import type { PromptMode } from '../config.js';
import type { SessionSummary } from '../summary/summarize.js';
import { parseFrontmatter, renderFrontmatter } from '../frontmatter/index.js';
import { renderBody } from '../notes/body-render.js';
import { headingNode } from '../notes/body-tree.js';
import { buildSummarySections } from '../render/summary.js';
import type { SessionInfo } from '../types.js';
import { shortId } from '../ids.js';

/** Directory of records, relative to the work tree root. */
export const RECORDS_DIR = '.prompts/sessions';

export { shortId } from '../ids.js';

/** Repo-relative path of a session's record: `.prompts/sessions/<YYYY-MM-DD>-<agent>-<id8>.md` (date the session started, UTC). */
export function recordPath(info: SessionInfo): string {
  const date = (info.started ?? '0000-00-00').slice(0, 10);
  return `${RECORDS_DIR}/${date}-${info.agent}-${shortId(info.nativeId)}.md`;
}

/** Render a record: frontmatter (record schema 1) and body. Deterministic. */
export function renderRecord(info: SessionInfo, summary: SessionSummary, commits: string[], mode: PromptMode): string {
  const data = recordData(info, { files: summary.files, prompts: summary.prompts.length, edits: summary.edits }, commits);
  const body = renderBody({ type: 'root', children: [headingNode(1, recordTitle(info)), ...buildSummarySections(summary, mode, 2)] }, 1);
  return renderFrontmatter(body, data);
}

/** The frontmatter data of a record (record schema 1), in the order it is written. Pure. */
export function recordData(info: SessionInfo, summary: { files: string[]; prompts: number; edits: SessionSummary['edits'] }, commits: string[]) {
  return {
    drift: 1,
    agent: info.agent,
    session: info.id,
    model: info.model,
    branch: info.branch,
    started: info.started,
    ended: info.ended,
    commits,
    files: summary.files,
    prompts: summary.prompts,
    edits: summary.edits,
  };
}

/** The text of a record's title heading: `<agent> session <id8>`, then `: <title>` when the session has one. Pure. */
export function recordTitle(info: SessionInfo): string {
  return `${info.agent} session ${shortId(info.nativeId)}${info.title ? `: ${info.title}` : ''}`;
}

/**
 * Write a record under the work tree `root` when its content changed. Returns true when the
 * file was written. Throws `OutsideRepoError` when the record's real path leaves the work
 * tree (a `.prompts` symlink), and on I/O failure (read-only tree, full disk).
 */
export async function writeRecord(root: string, path: string, text: string): Promise<boolean> {
  return writeRecordChunks(root, path, Buffer.byteLength(text), async function* () {
    yield text;
  });
}

/**
 * `writeRecord` of a text of `size` bytes that `chunks` gives a piece at a time (each call
 * starts over): the file is written as the chunks come, so the text is never held whole,
 * except to compare it with a record of the same size already there. Errors as `writeRecord`.
 */
export async function writeRecordChunks(root: string, path: string, size: number, chunks: () => AsyncIterable<string | Uint8Array>): Promise<boolean> {
  const real = await resolveInside(root, path);
  // Read the record back only when it has the new text's size: a long session's record (half
  // a megabyte) changes with every commit, and then its size almost always does too.
  const current = await lstat(real).then(
    (st) => (st.isFile() ? st.size : -1),
    () => -1,
  );
  if (current === size) {
    const text = await readRegularText(real, { maxBytes: MAX_RECORD_BYTES, follow: false }).catch(() => null);
    const parts: Buffer[] = [];
    if (text !== null) for await (const chunk of chunks()) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    if (text !== null && Buffer.concat(parts).equals(Buffer.from(text))) return false;
  }
  await writeInside(root, path, chunks());
  return true;
}

/** Largest existing record read back to compare (bytes); a bigger one is simply rewritten. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Start of the heading of the condensed section that background compaction adds to a record. */
export const CONDENSED_HEADING = '## Condensed by ';

/**
 * The record `text` with `section` (markdown whose first line starts with
 * `CONDENSED_HEADING`) placed right after the title, replacing an earlier condensed
 * section, and `llm: <model>` in the frontmatter. Pure; a text without frontmatter or title
 * gets the section at the top of its body. Throws `Error` when the frontmatter cannot be
 * read (`parseFrontmatter`: not YAML, over a limit): such a record is left as it is.
 */
export function withCondensed(text: string, section: string, model: string): string {
  const parsed = parseFrontmatter(text);
  if ('invalid' in parsed) throw new Error(`record not condensed: ${parsed.invalid}`);
  const lines = parsed.content.split('\n');
  const start = lines.findIndex((l) => l.startsWith(CONDENSED_HEADING));
  if (start !== -1) {
    const next = lines.findIndex((l, i) => i > start && l.startsWith('## '));
    lines.splice(start, (next === -1 ? lines.length : next) - start);
  }
  const title = lines.findIndex((l) => l.startsWith('# '));
  const at = title === -1 ? 0 : title + 1;
  lines.splice(at, 0, ...(title === -1 ? [] : ['']), ...section.trimEnd().split('\n'));
  const body = lines.join('\n').replace(/\n{3,}/g, '\n\n');
  return renderFrontmatter(body, { ...parsed.data, llm: model });
}

/**
 * Notes I/O for the attribution formats of other tools: any notes ref (git-ai's
 * `refs/notes/ai`), git-ai's legacy `refs/ai/authorship/<commit>` blobs, bounded batch
 * reads of their blobs. Every read is batched (a few git processes whatever the number of notes).
 */
import { UserError } from '../errors.js';
import { runGit } from '../git/run.js';
import { readBlobs } from './read.js';

/**
 * A notes ref given by the user, fully qualified (`ai` → `refs/notes/ai`). Throws
 * `UserError` for a name git could read as an option or that is not a plain ref name.
 */
export function notesRefName(ref: string): string {
  const full = ref.startsWith('refs/') ? ref : `refs/notes/${ref}`;
  if (!/^refs\/[A-Za-z0-9._/-]+$/.test(full) || full.includes('..') || full.endsWith('/') || full.endsWith('.lock')) {
    throw new UserError(`"${ref}" is not a notes ref name (want e.g. refs/notes/ai)`);
  }
  return full;
}

/** Every note of `ref` (`git notes --ref <ref> list`): annotated object sha → note blob sha; empty when the ref does not exist. */
export async function listRefNoteBlobs(cwd: string, ref: string): Promise<Map<string, string>> {
  const { stdout } = await runGit(['notes', `--ref=${ref}`, 'list'], { cwd, allowExit: [1] });
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [blob, object] = line.split(' ');
    if (blob && object) out.set(object, blob);
  }
  return out;
}

/** git-ai's legacy attribution blobs (`refs/ai/authorship/<commit>`, before Oct 2025): commit sha → blob sha. */
export async function listLegacyAuthorship(cwd: string): Promise<Map<string, string>> {
  const { stdout } = await runGit(['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)', 'refs/ai/authorship/'], { cwd });
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [blob, type, ref] = line.split(' ');
    const commit = ref?.slice('refs/ai/authorship/'.length) ?? '';
    if (blob && type === 'blob' && /^[0-9a-f]{40}$/.test(commit)) out.set(commit, blob);
  }
  return out;
}

/** The type and size (bytes) of objects (`git cat-file --batch-check`), by the names given; missing ones are absent. */
export async function readObjectInfo(cwd: string, names: string[]): Promise<Map<string, { type: string; size: number }>> {
  const order = [...new Set(names)].filter((n) => !/[\n\r]/.test(n));
  const out = new Map<string, { type: string; size: number }>();
  if (order.length === 0) return out;
  const { stdout } = await runGit(['cat-file', '--batch-check'], { cwd, input: `${order.join('\n')}\n` });
  stdout
    .split('\n')
    .slice(0, order.length)
    .forEach((line, i) => {
      const [, type, size] = line.split(' ');
      if (type && type !== 'missing' && size !== undefined) out.set(order[i]!, { type, size: Number(size) });
    });
  return out;
}

/**
 * The UTF-8 texts of blobs no larger than `maxBytes` each (two git calls). A blob that is
 * larger, missing or not a blob maps to a reason instead of its text.
 */
export async function readBoundedTexts(cwd: string, blobs: string[], maxBytes: number): Promise<Map<string, string | { invalid: string }>> {
  const info = await readObjectInfo(cwd, blobs);
  const out = new Map<string, string | { invalid: string }>();
  const wanted: string[] = [];
  for (const blob of new Set(blobs)) {
    const i = info.get(blob);
    if (i?.type !== 'blob') out.set(blob, { invalid: 'the note is not a readable blob' });
    else if (i.size > maxBytes) out.set(blob, { invalid: `the note is ${i.size} bytes, over the ${maxBytes} bytes read` });
    else wanted.push(blob);
  }
  for (const [blob, data] of await readBlobs(cwd, wanted)) out.set(blob, data.toString('utf8'));
  return out;
}

/** Most bytes of a file read only to count its lines. */
export const COUNT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The number of lines of `<commit>:<path>` for each pair (a last line without a newline
 * counts), null when the commit has no such file or it is larger than `COUNT_MAX_BYTES`.
 * Keys are `<commit>:<path>`. Two git calls.
 */
export async function readLineCounts(cwd: string, files: { commit: string; path: string }[]): Promise<Map<string, number | null>> {
  const names = [...new Set(files.map((f) => `${f.commit}:${f.path}`))];
  const info = await readObjectInfo(cwd, names);
  const small = names.filter((n) => info.get(n)?.type === 'blob' && info.get(n)!.size <= COUNT_MAX_BYTES);
  const data = await readBlobs(cwd, small);
  const out = new Map<string, number | null>();
  for (const name of names) {
    const buf = data.get(name);
    if (!buf) {
      out.set(name, null);
      continue;
    }
    let n = 0;
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
    out.set(name, buf.length > 0 && buf[buf.length - 1] !== 0x0a ? n + 1 : n);
  }
  return out;
}

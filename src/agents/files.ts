/**
 * Small read-only file helpers shared by the snapshot readers: appended complete lines
 * from a byte offset, and whole JSON files. Never throw for missing or unreadable files.
 */
import { open, readFile } from 'node:fs/promises';

/**
 * The complete lines of `path` from byte `from` up to the last `\n`, and the offset just
 * after them; nothing (offset unchanged) when the file is missing or has no new line.
 * `size` is the file's size (0 when missing), so a caller can tell a file that shrank.
 */
export async function readNewLines(path: string, from: number): Promise<{ text: string; end: number; size: number }> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return { text: '', end: from, size: 0 };
  try {
    const { size } = await fh.stat();
    if (size <= from) return { text: '', end: from, size };
    const buf = Buffer.alloc(size - from);
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    const cut = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (cut < 0) return { text: '', end: from, size };
    return { text: buf.subarray(0, cut + 1).toString('utf8'), end: from + cut + 1, size };
  } finally {
    await fh.close();
  }
}

/** A JSON file's parsed value; `error` says why there is none (missing, unreadable, not JSON). */
export async function readJsonFile(path: string): Promise<{ value: unknown; error: string | null }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { value: undefined, error: `unreadable: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    return { value: JSON.parse(text), error: null };
  } catch {
    return { value: undefined, error: 'not valid JSON (a partial write?), skipped until it changes' };
  }
}

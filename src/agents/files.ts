/**
 * Small read-only file helpers shared by the snapshot readers: appended complete lines
 * from a byte offset, and whole JSON files. Every read goes through `../fs/read.ts`: a
 * FIFO, socket, device or anything else that is not a regular file is refused, never
 * waited on. Never throw for missing, unreadable or refused files.
 */
import { openRegular, readRegularText } from '../fs/read.js';

/** Most bytes `readNewLines` reads in one call; the rest is read by the next capture. */
export const MAX_NEW_BYTES = 64 * 1024 * 1024;
/** Largest whole JSON file read (a Cline task, a Gemini chat), in bytes. */
export const MAX_JSON_BYTES = 128 * 1024 * 1024;

/**
 * The complete lines of `path` from byte `from` up to the last `\n` (within
 * `MAX_NEW_BYTES`), and the offset just after them; nothing (offset unchanged) when the
 * file is missing, not a regular file, or has no new line. `size` is the file's size (0
 * when missing), so a caller can tell a file that shrank.
 */
export async function readNewLines(path: string, from: number): Promise<{ text: string; end: number; size: number }> {
  const fh = await openRegular(path).catch(() => null);
  if (!fh) return { text: '', end: from, size: 0 };
  try {
    const { size } = await fh.stat();
    if (size <= from) return { text: '', end: from, size };
    const buf = Buffer.alloc(Math.min(size - from, MAX_NEW_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    const cut = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (cut < 0) return { text: '', end: from, size };
    return { text: buf.subarray(0, cut + 1).toString('utf8'), end: from + cut + 1, size };
  } finally {
    await fh.close();
  }
}

/**
 * A JSON file's parsed value; `error` says why there is none (missing, unreadable, not a
 * regular file, larger than `MAX_JSON_BYTES`, not JSON).
 */
export async function readJsonFile(path: string): Promise<{ value: unknown; error: string | null }> {
  let text: string;
  try {
    text = await readRegularText(path, { maxBytes: MAX_JSON_BYTES });
  } catch (err) {
    return { value: undefined, error: `unreadable: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    return { value: JSON.parse(text), error: null };
  } catch {
    return { value: undefined, error: 'not valid JSON (a partial write?), skipped until it changes' };
  }
}

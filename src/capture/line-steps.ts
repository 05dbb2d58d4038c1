/**
 * Reading the lines appended to a log file in bounded steps (`readLineSteps`, used by
 * `read-logs.ts`), and the count of log bytes read, for tests and benches.
 */
import type { FileHandle } from 'node:fs/promises';

/** Longest line kept, in bytes: a longer one is skipped (with a diagnostic). */
export const READ_STEP_BYTES = 32 * 1024 * 1024;

/**
 * Bytes read from one log file per step (a bigger backlog is read in several steps, so the
 * memory a first capture needs does not grow with the log); a step that holds no end of
 * line is read again with `READ_STEP_BYTES`. 1 MiB rather than 4: a step's full events
 * live until the step is filed, and at 4 MiB they outlived the young generation (a
 * 200 MiB session's first capture peaked about 20 MiB higher).
 */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Bytes of agent logs read in this process by the incremental reading (snapshot readers not counted). */
let logBytesRead = 0;

/** How many bytes of agent logs `readNewEvents` has read in this process, snapshot readers aside (for tests and benches). */
export function readLogBytesRead(): number {
  return logBytesRead;
}

/** One step of `readLineSteps`: complete lines starting at byte `offset`, or a line too long to read, skipped. */
export type LineStep = { offset: number; lines: Buffer } | { offset: number; skipped: number };

/**
 * The complete lines of the open file `fh` from byte `from` up to byte `end`, in steps of
 * `READ_CHUNK_BYTES` each cut after its last end of line; a step that holds no end of line
 * is read again with `READ_STEP_BYTES`, and a line longer than that is skipped (`skipped`
 * bytes from `offset`). A partial last line is left. Each byte is read once: what follows
 * a step's last line stays in the buffer for the next. The yielded bytes are valid until
 * the next step (one buffer is reused).
 */
export async function* readLineSteps(fh: FileHandle, from: number, end: number): AsyncGenerator<LineStep> {
  let size = READ_CHUNK_BYTES;
  let buf: Buffer = Buffer.allocUnsafe(Math.min(size, end - from));
  let offset = from;
  let held = 0; // Bytes at the start of `buf`, read already, from `offset` on.
  while (offset + held < end) {
    const want = Math.min(size, end - offset);
    if (buf.length < want) buf = resized(buf, want, held);
    const { bytesRead } = await fh.read(buf, held, want - held, offset + held);
    logBytesRead += bytesRead;
    const filled = held + bytesRead;
    const cut = buf.subarray(0, filled).lastIndexOf(0x0a);
    if (cut === -1) {
      if (bytesRead < want - held || offset + filled >= end) return; // A partial last line: wait for the rest.
      if (size < READ_STEP_BYTES) {
        [size, held] = [READ_STEP_BYTES, filled]; // A long line: read it whole.
        continue;
      }
      yield { offset, skipped: filled };
      [offset, held] = [offset + filled, 0];
      continue;
    }
    yield { offset, lines: buf.subarray(0, cut + 1) };
    offset += cut + 1;
    held = buf.copy(buf, 0, cut + 1, filled);
    if (size > READ_CHUNK_BYTES && held <= READ_CHUNK_BYTES) [size, buf] = [READ_CHUNK_BYTES, resized(buf, READ_CHUNK_BYTES, held)]; // The long line's buffer goes.
  }
}

/** A new buffer of `size` bytes that starts with the first `held` bytes of `buf`. */
function resized(buf: Buffer, size: number, held: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  buf.copy(out, 0, 0, held);
  return out;
}

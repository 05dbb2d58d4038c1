/**
 * Read-only page access to a SQLite database file and its write-ahead log, in plain Node
 * (https://www.sqlite.org/fileformat2.html §1, §4): no native module, no WebAssembly, no
 * lock, no `-shm`, nothing written. Pages are read one at a time with positional reads, so
 * a database of gigabytes costs only the pages a query touches. The `-wal` file, when
 * present, is scanned once on open: every frame up to the last valid commit frame (salts and
 * checksums as in §4.3) overrides the page of the main file, which is what a reader sees
 * once the log is checkpointed. A writer working at the same time can make a read fail
 * (an error, never a wrong row of another shape): callers treat that as a diagnostic and
 * read again on a later capture.
 */
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openRegularSync } from '../../fs/read.js';

/** A problem with the file itself (not a database, damaged): thrown, for callers to turn into a diagnostic. */
export class SqliteError extends Error {}

/** An open database: page size, usable size, text encoding, and a page reader. */
export interface Pager {
  pageSize: number;
  /** Page size minus the reserved bytes at the end of each page. */
  usable: number;
  encoding: 'utf8' | 'utf16le' | 'utf16be';
  /** Page `n` (1-based) as a buffer of `pageSize` bytes. */
  page(n: number): Buffer;
  close(): void;
}

const HEADER = 'SQLite format 3\0';

function readAt(fd: number, length: number, position: number): Buffer {
  const buf = Buffer.alloc(length);
  const got = readSync(fd, buf, 0, length, position);
  if (got < length) buf.fill(0, got);
  return buf;
}

/** The WAL checksum of `data` (§4.3), continuing from `s`, with the byte order the WAL magic says. */
function walChecksum(data: Buffer, s: [number, number], bigEndian: boolean): [number, number] {
  let [s0, s1] = s;
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

/** Page number → file offset of its latest committed frame in the `-wal` file (empty when none or invalid). */
function readWal(path: string, pageSize: number): { fd: number | null; frames: Map<number, number> } {
  const frames = new Map<number, number>();
  let fd: number;
  try {
    fd = openRegularSync(path);
  } catch {
    return { fd: null, frames };
  }
  const size = fstatSync(fd).size;
  const header = readAt(fd, 32, 0);
  const magic = header.readUInt32BE(0);
  if (size < 32 || (magic !== 0x377f0682 && magic !== 0x377f0683) || header.readUInt32BE(8) !== pageSize) return { fd, frames };
  const bigEndian = magic === 0x377f0683;
  let sum = walChecksum(header.subarray(0, 24), [0, 0], bigEndian);
  if (sum[0] !== header.readUInt32BE(24) || sum[1] !== header.readUInt32BE(28)) return { fd, frames };
  const salt = [header.readUInt32BE(16), header.readUInt32BE(20)];
  const pending = new Map<number, number>();
  for (let at = 32; at + 24 + pageSize <= size; at += 24 + pageSize) {
    const frame = readAt(fd, 24 + pageSize, at);
    if (frame.readUInt32BE(8) !== salt[0] || frame.readUInt32BE(12) !== salt[1]) break;
    sum = walChecksum(frame.subarray(0, 8), sum, bigEndian);
    sum = walChecksum(frame.subarray(24), sum, bigEndian);
    if (sum[0] !== frame.readUInt32BE(16) || sum[1] !== frame.readUInt32BE(20)) break;
    pending.set(frame.readUInt32BE(0), at + 24);
    if (frame.readUInt32BE(4) !== 0) {
      for (const [page, offset] of pending) frames.set(page, offset);
      pending.clear();
    }
  }
  return { fd, frames };
}

/**
 * Open `path` read-only, never blocking (a FIFO or other special file is refused with
 * `RefusedFileError`, `../../fs/read.ts`). Throws `SqliteError` when it is not a SQLite 3
 * database, and the file system's error when it cannot be opened.
 */
export function openPager(path: string): Pager {
  const fd = openRegularSync(path);
  let wal: { fd: number | null; frames: Map<number, number> } = { fd: null, frames: new Map() };
  try {
    const header = readAt(fd, 100, 0);
    if (header.toString('latin1', 0, 16) !== HEADER) throw new SqliteError(`${path} is not a SQLite 3 database`);
    const raw = header.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const encoding = ({ 1: 'utf8', 2: 'utf16le', 3: 'utf16be' } as const)[header.readUInt32BE(56) as 1 | 2 | 3] ?? 'utf8';
    if (header[18] === 2) wal = readWal(`${path}-wal`, pageSize);
    const cache = new Map<number, Buffer>();
    return {
      pageSize,
      usable: pageSize - header[20]!,
      encoding,
      page(n: number): Buffer {
        const hit = cache.get(n);
        if (hit) return hit;
        const framed = wal.frames.get(n);
        const buf = framed !== undefined && wal.fd !== null ? readAt(wal.fd, pageSize, framed) : readAt(fd, pageSize, (n - 1) * pageSize);
        if (cache.size > 4096) cache.clear();
        cache.set(n, buf);
        return buf;
      },
      close(): void {
        closeSync(fd);
        if (wal.fd !== null) closeSync(wal.fd);
      },
    };
  } catch (err) {
    closeSync(fd);
    if (wal.fd !== null) closeSync(wal.fd);
    throw err;
  }
}

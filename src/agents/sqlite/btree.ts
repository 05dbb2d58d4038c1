/**
 * B-tree walking and record decoding for the read-only SQLite reader
 * (https://www.sqlite.org/fileformat2.html §1.6 B-tree pages, §1.5 overflow, §2.1 record
 * format): full scans of rowid tables, lookups by rowid, and rowids of an index whose first
 * column starts with a text prefix (BINARY collation). Values: null, number (integers past
 * 2^53 lose precision), string, Buffer.
 */
import { SqliteError, type Pager } from './pages.js';

/** One column value. */
export type SqlValue = null | number | string | Buffer;

function varint(buf: Buffer, at: number): [value: number, length: number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = buf[at + i]!;
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return [value, i + 1];
  }
  return [value * 256 + buf[at + 8]!, 9];
}

/** The payload of a cell, following overflow pages when it does not fit (§1.5). `index`: index-page thresholds. */
function payload(pager: Pager, page: Buffer, at: number, size: number, index: boolean): Buffer {
  const u = pager.usable;
  const x = index ? Math.floor(((u - 12) * 64) / 255) - 23 : u - 35;
  if (size <= x) return page.subarray(at, at + size);
  const m = Math.floor(((u - 12) * 32) / 255) - 23;
  const k = m + ((size - m) % (u - 4));
  const local = k <= x ? k : m;
  const parts = [page.subarray(at, at + local)];
  let left = size - local;
  let next = page.readUInt32BE(at + local);
  for (let hops = 0; left > 0 && next !== 0; hops++) {
    if (hops > 1_000_000) throw new SqliteError('overflow chain loops');
    const over = pager.page(next);
    const take = Math.min(left, u - 4);
    parts.push(over.subarray(4, 4 + take));
    left -= take;
    next = over.readUInt32BE(0);
  }
  return Buffer.concat(parts);
}

/** Decode a record (§2.1) into its column values. */
export function decodeRecord(rec: Buffer, encoding: Pager['encoding']): SqlValue[] {
  const [headerSize, n] = varint(rec, 0);
  const types: number[] = [];
  for (let at = n; at < headerSize; ) {
    const [type, len] = varint(rec, at);
    types.push(type);
    at += len;
  }
  const values: SqlValue[] = [];
  let at = headerSize;
  for (const type of types) {
    if (type === 0 || type === 10 || type === 11) values.push(null);
    else if (type >= 1 && type <= 6) {
      const len = [0, 1, 2, 3, 4, 6, 8][type]!;
      values.push(len === 8 ? Number(rec.readBigInt64BE(at)) : rec.readIntBE(at, len));
      at += len;
    } else if (type === 7) {
      values.push(rec.readDoubleBE(at));
      at += 8;
    } else if (type === 8 || type === 9) values.push(type - 8);
    else {
      const len = Math.floor((type - 12) / 2);
      const bytes = rec.subarray(at, at + len);
      values.push(type % 2 === 0 ? Buffer.from(bytes) : decodeText(bytes, encoding));
      at += len;
    }
  }
  return values;
}

function decodeText(bytes: Buffer, encoding: Pager['encoding']): string {
  if (encoding === 'utf16be') return Buffer.from(bytes).swap16().toString('utf16le');
  return bytes.toString(encoding === 'utf16le' ? 'utf16le' : 'utf8');
}

/** Page header facts: type, cell pointers, right-most child. Page 1 starts after the 100-byte file header. */
function header(page: Buffer, n: number): { type: number; cells: number[]; right: number } {
  const base = n === 1 ? 100 : 0;
  const type = page[base]!;
  if (![2, 5, 10, 13].includes(type)) throw new SqliteError(`page ${n} is not a b-tree page`);
  const count = page.readUInt16BE(base + 3);
  const interior = type === 2 || type === 5;
  const start = base + (interior ? 12 : 8);
  const cells = Array.from({ length: count }, (_, i) => page.readUInt16BE(start + 2 * i));
  return { type, cells, right: interior ? page.readUInt32BE(base + 8) : 0 };
}

/** Every row of the rowid table rooted at `root`, in rowid order: `[rowid, values]`. */
export function* scanTable(pager: Pager, root: number, depth = 0): Generator<[number, SqlValue[]]> {
  if (depth > 64) throw new SqliteError('b-tree too deep');
  const page = pager.page(root);
  const h = header(page, root);
  if (h.type === 5) {
    for (const cell of h.cells) yield* scanTable(pager, page.readUInt32BE(cell), depth + 1);
    yield* scanTable(pager, h.right, depth + 1);
    return;
  }
  if (h.type !== 13) throw new SqliteError(`page ${root} is not a table page`);
  for (const cell of h.cells) yield leafRow(pager, page, cell);
}

function leafRow(pager: Pager, page: Buffer, cell: number): [number, SqlValue[]] {
  const [size, a] = varint(page, cell);
  const [rowid, b] = varint(page, cell + a);
  return [rowid, decodeRecord(payload(pager, page, cell + a + b, size, false), pager.encoding)];
}

/** The row with `rowid` in the table rooted at `root`, or null. */
export function findRow(pager: Pager, root: number, rowid: number): SqlValue[] | null {
  let n = root;
  for (let depth = 0; depth < 64; depth++) {
    const page = pager.page(n);
    const h = header(page, n);
    if (h.type === 13) {
      for (const cell of h.cells) {
        const [id, values] = leafRow(pager, page, cell);
        if (id === rowid) return values;
      }
      return null;
    }
    n = h.right;
    for (const cell of h.cells) {
      const [key] = varint(page, cell + 4);
      if (rowid <= key) {
        n = page.readUInt32BE(cell);
        break;
      }
    }
  }
  throw new SqliteError('b-tree too deep');
}

/**
 * The rowids of the entries of the index rooted at `root` whose first column is a text
 * starting with `prefix` (byte-wise comparison, as the BINARY collation), in index order.
 */
export function* indexPrefix(pager: Pager, root: number, prefix: string, depth = 0): Generator<number> {
  if (depth > 64) throw new SqliteError('b-tree too deep');
  const want = Buffer.from(prefix, 'utf8');
  const page = pager.page(root);
  const h = header(page, root);
  const interior = h.type === 2;
  for (const cell of h.cells) {
    const at = interior ? cell + 4 : cell;
    const [size, len] = varint(page, at);
    const values = decodeRecord(payload(pager, page, at + len, size, true), pager.encoding);
    const key = Buffer.from(typeof values[0] === 'string' ? values[0] : '', 'utf8');
    const cmp = Buffer.compare(key.subarray(0, want.length), want);
    if (interior && cmp >= 0) yield* indexPrefix(pager, page.readUInt32BE(cell), prefix, depth + 1);
    if (cmp === 0 && typeof values[values.length - 1] === 'number') yield values[values.length - 1] as number;
    if (cmp > 0) return;
  }
  if (interior) yield* indexPrefix(pager, h.right, prefix, depth + 1);
}

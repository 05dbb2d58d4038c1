/**
 * The one owner of SQLite access in git drift: a small read-only reader of the SQLite file
 * format written for the Cursor and OpenCode readers. It needs no native module and no
 * prebuilt download (a plain `npm ci` installs nothing for it), opens nothing for writing,
 * takes no lock (so it never stands in the way of the IDE that owns the database, and works
 * on read-only files), creates no `-shm`/`-journal`, and reads only the pages a query needs
 * (databases of gigabytes are never loaded whole). Committed rows still in the `-wal` file
 * are seen. Queries: whole tables, and rows whose column starts with a text prefix (through
 * an index when the schema has one). Why not a library: node-sqlite3-wasm (the WASM build with
 * file access) creates a `<db>.lock` directory beside the database for every read and cannot
 * read a WAL database without exclusive locking; sql.js loads the whole file into memory.
 */
import { findRow, indexPrefix, scanTable, type SqlValue } from './btree.js';
import { openPager, SqliteError, type Pager } from './pages.js';

export { SqliteError } from './pages.js';
export type { SqlValue } from './btree.js';

/** One row, by column name. */
export type Row = Record<string, SqlValue>;

interface TableInfo {
  root: number;
  columns: string[];
  /** Index of the `INTEGER PRIMARY KEY` column (a rowid alias, stored as NULL), or -1. */
  rowidColumn: number;
  /** Columns declared UNIQUE or PRIMARY KEY (not the rowid alias): an autoindex serves them. */
  unique: Set<string>;
}

/** An open database (see `openDatabase`). */
export interface Database {
  /** Names of the tables in the schema. */
  tables(): string[];
  /** Every row of `table` (none when it does not exist). */
  rows(table: string): Generator<Row>;
  /** Rows of `table` whose text `column` starts with `prefix`, through an index when there is one. */
  rowsWithPrefix(table: string, column: string, prefix: string): Generator<Row>;
  close(): void;
}

const unquote = (name: string): string => name.replace(/^["'`[]|["'`\]]$/g, '');

/** Column names and key facts from a `CREATE TABLE` statement (constraints skipped). */
function parseColumns(sql: string): Omit<TableInfo, 'root'> {
  const body = sql.slice(sql.indexOf('(') + 1, sql.lastIndexOf(')'));
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  const columns: string[] = [];
  const unique = new Set<string>();
  let rowidColumn = -1;
  for (const part of parts.map((p) => p.trim())) {
    if (/^(CONSTRAINT|PRIMARY\s+KEY|FOREIGN\s+KEY|UNIQUE|CHECK)\b/i.test(part)) continue;
    const name = unquote(part.split(/\s+/)[0] ?? '');
    if (/^INTEGER\s+PRIMARY\s+KEY/i.test(part.slice(part.indexOf(' ') + 1).trim())) rowidColumn = columns.length;
    else if (/\b(UNIQUE|PRIMARY\s+KEY)\b/i.test(part)) unique.add(name);
    columns.push(name);
  }
  return { columns, rowidColumn, unique };
}

/**
 * Open the database at `path` read-only (see the module comment). Throws `SqliteError` for a
 * file that is not a SQLite database or whose schema cannot be read, and the file system's
 * error when it cannot be opened; callers turn both into diagnostics.
 */
export function openDatabase(path: string): Database {
  const pager = openPager(path);
  try {
    const tables = new Map<string, TableInfo>();
    const indexes: { table: string; root: number; column: string | null; auto: boolean }[] = [];
    for (const [, row] of scanTable(pager, 1)) {
      const [type, name, table, root, sql] = row;
      if (typeof name !== 'string' || typeof root !== 'number' || typeof table !== 'string') continue;
      if (type === 'table' && typeof sql === 'string') tables.set(name, { root, ...parseColumns(sql) });
      if (type === 'index') {
        const first = typeof sql === 'string' ? /\(\s*([^\s,)]+)/.exec(sql.slice(sql.indexOf(' ON ')))?.[1] : undefined;
        indexes.push({ table, root, column: first ? unquote(first) : null, auto: name.startsWith('sqlite_autoindex_') });
      }
    }
    return database(pager, tables, indexes);
  } catch (err) {
    pager.close();
    throw err instanceof SqliteError || err instanceof RangeError ? new SqliteError(`${path}: ${err.message}`) : err;
  }
}

function database(pager: Pager, tables: Map<string, TableInfo>, indexes: { table: string; root: number; column: string | null; auto: boolean }[]): Database {
  const toRow = (info: TableInfo, rowid: number, values: SqlValue[]): Row => {
    const row: Row = {};
    info.columns.forEach((c, i) => (row[c] = i === info.rowidColumn ? rowid : (values[i] ?? null)));
    return row;
  };
  function* rows(table: string): Generator<Row> {
    const info = tables.get(table);
    if (!info) return;
    for (const [rowid, values] of scanTable(pager, info.root)) yield toRow(info, rowid, values);
  }
  function* rowsWithPrefix(table: string, column: string, prefix: string): Generator<Row> {
    const info = tables.get(table);
    if (!info) return;
    const index = indexes.find((i) => i.table === table && (i.column === column || (i.auto && i.column === null && info.unique.has(column))));
    if (!index) {
      for (const row of rows(table)) if (typeof row[column] === 'string' && (row[column] as string).startsWith(prefix)) yield row;
      return;
    }
    for (const rowid of indexPrefix(pager, index.root, prefix)) {
      const values = findRow(pager, info.root, rowid);
      if (values) yield toRow(info, rowid, values);
    }
  }
  return { tables: () => [...tables.keys()], rows, rowsWithPrefix, close: () => pager.close() };
}

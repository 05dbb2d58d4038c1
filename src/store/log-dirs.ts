/**
 * What the scans of agent log directories learnt, so that other projects' logs cost a
 * commit nothing once seen (issue 15, item 2): `<store dir>/log-dirs.json`, kept apart from
 * `store.json` and written only when something changed.
 *
 * Per directory of logs that discovery lists in full (Codex's date folders and
 * `archived_sessions`): its modification time when it was listed, the names of the files
 * still to consider (this repository's, and those whose head named no cwd yet), and 32-bit
 * hashes of the names whose head named another project's cwd. A directory whose mtime has
 * not changed holds the same names (adding, removing or renaming an entry changes a
 * directory's mtime; appending to a file does not), so it is not listed again. Plus the
 * distinct working directories of those other projects: when one of them falls in this
 * repository's scope (a new worktree, a `drift.pathMap` entry), everything is forgotten and
 * listed again.
 *
 * A cache: a missing, unreadable or malformed file starts empty (the logs are probed again).
 */
import { STORE_ENTRIES } from './paths.js';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './files.js';

/** A directory listed less than this long (ms) after its last change is listed again next time (coarse file system clocks). */
export const RACY_MS = 2000;

/** One remembered directory. */
interface DirEntry {
  /** The directory's mtime (ms since the epoch) when listed; -1: list again. */
  mtimeMs: number;
  /** Names of files still to consider (this repository's, or not decided yet). */
  candidates: string[];
  /** Space-separated base-36 FNV-1a hashes of the names of other projects' files. */
  foreign: string;
  /** When the directory's mtime was last compared (ms since the epoch); absent in files written before it. */
  checkedAt?: number;
}

/** The file's shape (`version` 1). */
interface LogDirsFile {
  version: 1;
  /** Distinct recorded working directories of other projects' files, as recorded. */
  cwds: string[];
  dirs: Record<string, DirEntry>;
}

/** The remembered directories, read from and written to `<store dir>/log-dirs.json`. */
export interface LogDirs {
  /**
   * The names to consider in `dir` when its mtime is still `mtimeMs`, or null when the
   * directory is not remembered or changed (then list it and call `listed`).
   */
  unchanged(dir: string, mtimeMs: number, now?: number): string[] | null;
  /**
   * The names to consider in `dir` without looking at it, when it is remembered with a
   * trusted mtime and that mtime was compared less than `maxAgeMs` ago (at `now`); else null.
   * For directories that no longer change (a Codex date folder of days past).
   */
  recentlyChecked(dir: string, maxAgeMs: number, now?: number): string[] | null;
  /**
   * Record a fresh listing of `dir` (mtime `mtimeMs` taken before listing, at `now` ms since
   * the epoch); returns the names to consider: `names` less those known as other projects'.
   */
  listed(dir: string, mtimeMs: number, names: string[], now?: number): string[];
  /** Whether `path` lies in a remembered directory (its verdict belongs here, not in `store.json`). */
  tracks(path: string): boolean;
  /** The file at `path` records `cwd`, outside this repository: never consider it again. */
  settle(path: string, cwd: string): void;
  /** The other projects' working directories remembered. */
  cwds(): readonly string[];
  /** Forget everything (the scope grew to include a remembered cwd). */
  clear(): void;
  /** Write the file when something changed (atomic). Throws the I/O error. */
  write(): Promise<void>;
}

/** 32-bit FNV-1a of a string's UTF-16 code units, base 36. Pure. */
export function nameHash(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** `checkedAt` is rewritten only when older than this (ms), so that an unchanged directory does not make every run write the file. */
const CHECKED_REFRESH_MS = 10 * 60 * 1000;

function isEntry(v: unknown): v is DirEntry {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.mtimeMs === 'number' &&
    Array.isArray(e.candidates) &&
    e.candidates.every((n) => typeof n === 'string') &&
    typeof e.foreign === 'string' &&
    (e.checkedAt === undefined || typeof e.checkedAt === 'number')
  );
}

/** The checked content of the file's text, or an empty memory. Pure. */
export function parseLogDirs(text: string | null): LogDirsFile {
  const empty: LogDirsFile = { version: 1, cwds: [], dirs: {} };
  if (text === null) return empty;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return empty;
  }
  const r = raw as Partial<LogDirsFile> | null;
  if (r?.version !== 1 || !Array.isArray(r.cwds) || !r.cwds.every((c) => typeof c === 'string') || !r.dirs || typeof r.dirs !== 'object') return empty;
  const dirs: Record<string, DirEntry> = {};
  for (const [dir, entry] of Object.entries(r.dirs)) if (isEntry(entry)) dirs[dir] = entry;
  return { version: 1, cwds: r.cwds, dirs };
}

/**
 * Read `<storeDir>/log-dirs.json` (see the module comment). Never throws: a missing or
 * malformed file gives an empty memory.
 */
export async function readLogDirs(storeDir: string): Promise<LogDirs> {
  const path = join(storeDir, STORE_ENTRIES.logDirs);
  const data = parseLogDirs(await readFile(path, 'utf8').catch(() => null));
  const cwds = new Set(data.cwds);
  // Directories touched in this run, as sets (serialised again by `write`).
  const open = new Map<string, { candidates: Set<string>; foreign: Set<string> }>();
  let changed = false;
  const working = (dir: string) => {
    let w = open.get(dir);
    if (!w) {
      const entry = data.dirs[dir];
      w = { candidates: new Set(entry?.candidates ?? []), foreign: new Set(entry && entry.foreign !== '' ? entry.foreign.split(' ') : []) };
      open.set(dir, w);
    }
    return w;
  };
  return {
    unchanged(dir, mtimeMs, now = Date.now()) {
      const entry = data.dirs[dir];
      if (!entry || entry.mtimeMs === -1 || entry.mtimeMs !== mtimeMs) return null;
      if (entry.checkedAt === undefined || now - entry.checkedAt > CHECKED_REFRESH_MS) {
        entry.checkedAt = now;
        changed = true;
      }
      return entry.candidates;
    },
    recentlyChecked(dir, maxAgeMs, now = Date.now()) {
      const entry = data.dirs[dir];
      if (!entry || entry.mtimeMs === -1 || entry.checkedAt === undefined || now - entry.checkedAt > maxAgeMs) return null;
      return open.has(dir) ? [...open.get(dir)!.candidates] : entry.candidates;
    },
    listed(dir, mtimeMs, names, now = Date.now()) {
      const { foreign } = working(dir);
      const hashes = names.map(nameHash);
      const candidates = names.filter((_, i) => !foreign.has(hashes[i] as string));
      const stillThere = new Set(hashes);
      for (const h of foreign) if (!stillThere.has(h)) foreign.delete(h);
      open.set(dir, { candidates: new Set(candidates), foreign });
      data.dirs[dir] = { mtimeMs: now - mtimeMs < RACY_MS ? -1 : mtimeMs, candidates, foreign: '', checkedAt: now };
      changed = true;
      return candidates;
    },
    tracks(path) {
      return data.dirs[dirname(path)] !== undefined;
    },
    settle(path, cwd) {
      const dir = dirname(path);
      if (!data.dirs[dir]) return;
      const w = working(dir);
      w.candidates.delete(basename(path));
      w.foreign.add(nameHash(basename(path)));
      cwds.add(cwd);
      changed = true;
    },
    cwds: () => [...cwds],
    clear() {
      data.dirs = {};
      cwds.clear();
      open.clear();
      changed = true;
    },
    async write() {
      if (!changed) return;
      for (const [dir, w] of open) {
        const entry = data.dirs[dir];
        if (entry) [entry.candidates, entry.foreign] = [[...w.candidates], [...w.foreign].join(' ')];
      }
      await writeFileAtomic(path, JSON.stringify({ version: 1, cwds: [...cwds], dirs: data.dirs }));
      changed = false;
    },
  };
}

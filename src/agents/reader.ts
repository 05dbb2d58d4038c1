/**
 * The one interface every agent reader implements, plus the small pure helpers they share
 * (JSON-lines splitting with byte offsets, deterministic event ids).
 *
 * Reading is driven by `src/capture/read-logs.ts`: it discovers log files, keeps a byte
 * cursor per file in the local store, reads only the bytes appended since the last
 * capture, cuts them at the last complete line and hands that text to `parseChunk`
 * together with the reader's own JSON-serialisable state for the file.
 *
 * Logs that are rewritten in place instead of appended to (whole-file JSON, SQLite
 * databases) are read in snapshot mode: a reader that implements `readSnapshot` is handed
 * the file whenever its size or modification time (or those of its `companions`) changed,
 * reads the current content itself, and returns events with deterministic ids; the driver
 * keeps only the events it has not seen before. A file may hold several sessions (Aider's
 * history, Cursor's and OpenCode's databases): each event names its session, and
 * `ChunkResult.sessions` carries the facts of each.
 */
import { hash } from 'node:crypto';
import type { AgentId, Diagnostic, DriftEvent, SessionInfo } from '../types.js';
import { readRegularHeadSync } from '../fs/read.js';
import type { LogDirs } from '../store/log-dirs.js';

/** One log file that may hold a session of this repository. */
export interface LogFile {
  agent: AgentId;
  /** Absolute path of the log file. */
  path: string;
  /**
   * Native id of the session the file's events belong to. For Claude Code sub-agent
   * transcripts this is the parent session's id, so sub-agent edits count for the parent.
   */
  sessionNativeId: string;
  /** True for sub-agent (sidechain) transcripts. */
  sidechain: boolean;
  /**
   * The working directory discovery already established from outside the file (Aider: the
   * directory that holds the history; Gemini CLI: the project root named by its tmp
   * directory). When set, `probe` is not asked.
   */
  cwd?: string;
  /**
   * Set for stores that hold sessions of many projects (OpenCode's database): the roots
   * whose sessions the reader keeps. The file is then read without a probe, and the reader
   * scopes each session itself.
   */
  roots?: string[];
  /**
   * Snapshot mode only: other files whose size or modification time changing means the
   * content changed (a SQLite `-wal`, a database the file refers to, sibling JSON files).
   * Absolute paths; missing ones count as size 0.
   */
  companions?: string[];
}

/** What discovery needs to know about the machine and the repository. */
export interface DiscoverContext {
  /** The environment to read agent home overrides from (`CLAUDE_CONFIG_DIR`, `CODEX_HOME`, `HOME`). */
  env: NodeJS.ProcessEnv;
  /**
   * Absolute directories whose sessions belong to this repository: the main worktree,
   * linked worktrees, and the recorded-side paths of `drift.pathMap` entries.
   */
  roots: string[];
  /**
   * What earlier scans learnt about directories of logs (`src/store/log-dirs.ts`): a reader
   * that lists whole directories of every project's logs (Codex) skips those unchanged
   * since, and the files in them already known to be other projects'. Absent: list all.
   */
  dirs?: LogDirs;
}

/** What one call of `parseChunk` found. */
export interface ChunkResult {
  /** New events, in log order, with deterministic ids. */
  events: DriftEvent[];
  /** Session facts seen in this chunk; later values win (model, branch, ended…). */
  session: Partial<SessionInfo>;
  /** Problems in the input (bad JSON, unknown shapes that matter): never thrown. */
  diagnostics: Diagnostic[];
  /**
   * For files that hold several sessions: the facts of each session seen (each with its
   * `nativeId`), used instead of `session`. Events name their own session in `session`.
   */
  sessions?: Partial<SessionInfo>[];
}

/**
 * A reader for one agent's local logs.
 * `S` is the reader's per-file state (JSON-serialisable: it is persisted in the store
 * between captures, e.g. tool calls still waiting for their result).
 */
export interface AgentReader<S = unknown> {
  agent: AgentId;
  /** The directory the agent keeps its logs in, honouring its own override variable. */
  home(env: NodeJS.ProcessEnv): string;
  /**
   * Candidate log files for these roots. Must be cheap: directory listings and names
   * only, never reading the content of other projects' logs. Missing or unreadable
   * directories yield an empty list (and no throw).
   */
  discover(ctx: DiscoverContext): Promise<LogFile[]>;
  /**
   * The working directory recorded at the head of a log file, read from its first bytes
   * (at most a few hundred KiB), or null when the head records none. Used once per file to
   * decide whether it belongs to this repository before it is read in full.
   */
  probe(file: LogFile): Promise<string | null>;
  /** The state to start a file with. */
  initialState(file: LogFile): S;
  /**
   * Parse `text`, which holds only complete lines (each ending in `\n`) that start at byte
   * `offset` of the file: a string, or the UTF-8 bytes as read from the file (what
   * `src/capture/read-logs.ts` passes; `chunkText` decodes them). Pure: no I/O. Mutates
   * and returns nothing but `state`'s content.
   */
  parseChunk(text: string | Uint8Array, offset: number, state: S, file: LogFile): ChunkResult;
  /**
   * Snapshot mode, for logs rewritten in place (see the module comment). Reads the current
   * content of `file` (and whatever else it needs, read-only) and returns its events with
   * deterministic ids: all of them, or only those of the parts that `state` (mutated, kept
   * between captures) shows have changed. Problems in the input become diagnostics; never
   * throws for foreign input. When present, `parseChunk` is not used for this reader.
   */
  readSnapshot?(file: LogFile, state: S): Promise<ChunkResult>;
}

/** One line of a JSON-lines chunk: its parsed value, 1-based line number in the chunk, byte offset in the file. */
export interface JsonLine {
  value: unknown;
  /** 1-based line number within the chunk. */
  line: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
}

/** Longest line parsed, in characters; longer lines (base64 images, dumps) are skipped with a diagnostic. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/**
 * Split a chunk of complete lines into parsed JSON values. Blank lines are skipped; lines
 * that are not JSON or are longer than `MAX_LINE_CHARS` become diagnostics.
 * `offset` is the byte offset of the chunk in the file (byte offsets are computed in UTF-8).
 * `text` is the chunk as a string or as its UTF-8 bytes (as read from the file): bytes
 * are decoded line by line, which keeps the many pure-ASCII lines of a log one-byte
 * strings (decoding a whole chunk with one non-ASCII character makes every line a
 * two-byte string, several times slower to decode and parse).
 */
export function parseJsonLines(text: string | Uint8Array, offset: number, file: string): { lines: JsonLine[]; diagnostics: Diagnostic[] } {
  const lines: JsonLine[] = [];
  const diagnostics = forEachJsonLine(text, offset, file, (line) => {
    lines.push(line);
  });
  return { lines, diagnostics };
}

/**
 * `parseJsonLines` one line at a time: `visit` is called with each parsed line, in order,
 * before the next line is decoded, so a reader that keeps only what it needs of a line
 * lets the rest die young (a whole chunk of parsed lines held at once outlives the young
 * generation, and collecting it old was most of a first capture's garbage collection).
 * Returns the diagnostics (same rules as `parseJsonLines`). Pure but for `visit`.
 */
export function forEachJsonLine(text: string | Uint8Array, offset: number, file: string, visit: (line: JsonLine) => void): Diagnostic[] {
  if (typeof text !== 'string') return forEachJsonLineOfBytes(text, offset, file, visit);
  const diagnostics: Diagnostic[] = [];
  let pos = 0;
  let byteOffset = offset;
  let lineNo = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const raw = text.slice(pos, end);
    lineNo += 1;
    const start = byteOffset;
    byteOffset += Buffer.byteLength(raw, 'utf8') + 1;
    pos = end + 1;
    parseJsonLine(raw, { line: lineNo, offset: start }, file, visit, diagnostics);
  }
  return diagnostics;
}

/** `forEachJsonLine` over UTF-8 bytes: each line decoded on its own. */
function forEachJsonLineOfBytes(bytes: Uint8Array, offset: number, file: string, visit: (line: JsonLine) => void): Diagnostic[] {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const diagnostics: Diagnostic[] = [];
  let pos = 0;
  let lineNo = 0;
  while (pos < buf.length) {
    let end = buf.indexOf(0x0a, pos);
    if (end === -1) end = buf.length;
    lineNo += 1;
    // A line longer in bytes than 4 × the limit is longer in characters too: not decoded.
    if (end - pos > 4 * MAX_LINE_CHARS) diagnostics.push({ file, line: lineNo, message: `line of more than ${MAX_LINE_CHARS} characters skipped` });
    else parseJsonLine(buf.toString('utf8', pos, end), { line: lineNo, offset: offset + pos }, file, visit, diagnostics);
    pos = end + 1;
  }
  return diagnostics;
}

/** Parse one line `raw` (no end of line) and hand it to `visit`, or add a diagnostic to `diagnostics`; blank lines are skipped. */
function parseJsonLine(raw: string, at: { line: number; offset: number }, file: string, visit: (line: JsonLine) => void, diagnostics: Diagnostic[]): void {
  if (raw.trim() === '') return;
  if (raw.length > MAX_LINE_CHARS) {
    diagnostics.push({ file, line: at.line, message: `line of ${raw.length} characters skipped (limit ${MAX_LINE_CHARS})` });
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    diagnostics.push({ file, line: at.line, message: 'not valid JSON, skipped' });
    return;
  }
  visit({ value, line: at.line, offset: at.offset });
}

/**
 * A deterministic event id: the first 16 hex digits of SHA-1 over the session id, the
 * native item id (a line uuid, a call id, or a byte offset) and the index of the event
 * within that item. Re-reading a log yields the same ids, so events never duplicate.
 * One-shot `crypto.hash` (Node >= 20.12): a `Hash` object per event was 3 % of a first capture.
 */
export function eventId(session: string, nativeItem: string, index: number): string {
  return hash('sha1', `${session}\0${nativeItem}\0${index}`, 'hex').slice(0, 16);
}

/** A chunk handed to `parseChunk` as a string (UTF-8 bytes decoded). Pure. */
export function chunkText(text: string | Uint8Array): string {
  return typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
}

/** Narrow an unknown JSON value to a plain object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Narrow an unknown JSON value to a string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Read the first `maxBytes` bytes of a file as UTF-8 text (a partial last line included),
 * or null when the file cannot be read or is not a regular file (a FIFO is refused, never
 * waited on: `../fs/read.ts`). The read itself is synchronous (`readRegularHeadSync`): a
 * first capture probes the head of every log file on the machine, thousands of them, and
 * the promise API's overhead per call was most of that cost.
 */
export async function readHead(path: string, maxBytes = 256 * 1024): Promise<string | null> {
  try {
    return readRegularHeadSync(path, maxBytes).toString('utf8');
  } catch {
    return null;
  }
}

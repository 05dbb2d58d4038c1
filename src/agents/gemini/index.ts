/**
 * The Gemini CLI reader: chats under `<home>/tmp/<project>/chats/session-*.json` (whole file,
 * rewritten in place) and `session-*.jsonl` (append-only op-log, 2026), where `<home>` is
 * `$GEMINI_CLI_HOME/.gemini` or `~/.gemini` (gemini-cli `packages/core/src/utils/paths.ts`
 * `homedir()`, `packages/core/src/config/storage.ts`). `<project>` is the SHA-256 of the
 * project root (2025) or a short name whose root is in `<project>/.project_root` or
 * `<home>/projects.json` (2026). Format: session-formats.md §3, corpus `gemini-cli/`.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { SessionInfo } from '../../types.js';
import { readJsonFile, readNewLines } from '../files.js';
import { readRegularText } from '../../fs/read.js';
import type { AgentReader, ChunkResult, DiscoverContext, LogFile } from '../reader.js';
import { asObject, parseJsonLines } from '../reader.js';
import { readMessage, readMetadata, type GeminiRead } from './parse.js';

/** Per chat file: bytes of a JSONL file read so far, and the session facts gathered. */
export interface GeminiState {
  offset: number;
  info: Partial<SessionInfo>;
}

/** Gemini CLI's directory: `$GEMINI_CLI_HOME/.gemini`, else `$HOME/.gemini`. */
export function geminiHome(env: NodeJS.ProcessEnv): string {
  return join(env.GEMINI_CLI_HOME || env.HOME || homedir(), '.gemini');
}

/** `projects.json` as root → short name (accepts `{projects: {...}}` and a flat map). */
async function projectNames(home: string): Promise<Map<string, string>> {
  const { value } = await readJsonFile(join(home, 'projects.json'));
  const obj = asObject(asObject(value)?.projects) ?? asObject(value) ?? {};
  const names = new Map<string, string>();
  for (const [root, name] of Object.entries(obj)) if (typeof name === 'string') names.set(name, root);
  return names;
}

/** The project root a tmp directory stands for, or null when it cannot be told. */
async function projectRoot(dir: string, name: string, hashes: Map<string, string>, names: Map<string, string>): Promise<string | null> {
  if (/^[0-9a-f]{64}$/.test(name)) return hashes.get(name) ?? null;
  const recorded = await readRegularText(join(dir, '.project_root'), { maxBytes: 64 * 1024 }).catch(() => null);
  return recorded?.trim() || names.get(name) || null;
}

/**
 * The chat files of every project directory whose root is known: a SHA-256 name matching
 * one of `ctx.roots` (only an exact root can be recognised that way), or a short name with
 * a `.project_root` file or a `projects.json` entry. The root becomes the file's `cwd`, so
 * scoping needs no probe. Native id: the 8-hex suffix of the file name (the first 8
 * characters of the session id). Never throws.
 */
async function discoverGemini(ctx: DiscoverContext): Promise<LogFile[]> {
  const home = geminiHome(ctx.env);
  const tmp = join(home, 'tmp');
  const hashes = new Map(ctx.roots.map((r) => [createHash('sha256').update(r).digest('hex'), r]));
  const names = await projectNames(home);
  const files: LogFile[] = [];
  for (const name of (await readdir(tmp).catch(() => [] as string[])).sort()) {
    const root = await projectRoot(join(tmp, name), name, hashes, names);
    if (!root) continue;
    const chats = join(tmp, name, 'chats');
    for (const file of (await readdir(chats).catch(() => [] as string[])).sort()) {
      const m = /^session-.*?([0-9a-f]{8})?\.jsonl?$/.exec(file);
      if (m) files.push({ agent: 'gemini', path: join(chats, file), sessionNativeId: m[1] ?? basename(file).replace(/\.jsonl?$/, ''), sidechain: false, cwd: root });
    }
  }
  return files;
}

/** One JSONL op-log line: metadata, `$set`, `$rewindTo` (nothing to undo: events stay), or a message record. */
function readOpLine(value: unknown, session: string, cwd: string, read: GeminiRead): void {
  const line = asObject(value);
  if (!line) return;
  const set = asObject(line.$set);
  if (set) {
    readMetadata(set, read.info);
    for (const m of Array.isArray(set.messages) ? set.messages : []) if (asObject(m)) readMessage(asObject(m)!, session, cwd, read);
  } else if (typeof line.type === 'string') readMessage(line, session, cwd, read);
  else if (typeof line.sessionId === 'string') readMetadata(line, read.info);
}

/** Read a chat file: a `.jsonl` from where the last read stopped, a `.json` whole. */
async function readGeminiSnapshot(file: LogFile, state: GeminiState): Promise<ChunkResult> {
  const session = `gemini:${file.sessionNativeId}`;
  const cwd = file.cwd ?? '/';
  const read: GeminiRead = { events: [], info: state.info };
  const diagnostics: ChunkResult['diagnostics'] = [];
  if (file.path.endsWith('.jsonl')) {
    if ((await stat(file.path)).size < state.offset) state.offset = 0;
    const chunk = await readNewLines(file.path, state.offset);
    const parsed = parseJsonLines(chunk.text, state.offset, file.path);
    diagnostics.push(...parsed.diagnostics);
    for (const line of parsed.lines) readOpLine(line.value, session, cwd, read);
    state.offset = chunk.end;
  } else {
    const { value, error } = await readJsonFile(file.path);
    const record = asObject(value);
    if (error || !record) diagnostics.push({ file: file.path, line: null, message: error ?? 'not a chat record' });
    else {
      readMetadata(record, read.info);
      for (const m of Array.isArray(record.messages) ? record.messages : []) if (asObject(m)) readMessage(asObject(m)!, session, cwd, read);
    }
  }
  const info = { ...state.info, id: session, agent: 'gemini' as const, nativeId: file.sessionNativeId, cwd };
  return { events: read.events, session: info, diagnostics };
}

/**
 * Reader for Gemini CLI (`agent: 'gemini'`, session ids `gemini:<first 8 of the session id>`),
 * snapshot mode: a `.json` chat is re-read whole when it changed, a `.jsonl` from its last
 * offset. Prompts, replies, `replace`/`write_file` edits (with outcome) and shell commands.
 */
export const geminiReader: AgentReader<GeminiState> = {
  agent: 'gemini',
  home: geminiHome,
  discover: discoverGemini,
  probe: async (file) => file.cwd ?? null,
  initialState: () => ({ offset: 0, info: {} }),
  parseChunk: () => ({ events: [], session: {}, diagnostics: [] }),
  readSnapshot: readGeminiSnapshot,
};

/**
 * The Cursor reader. Cursor keeps its chats in SQLite databases under its user data
 * directory (`~/Library/Application Support/Cursor`, `%APPDATA%\Cursor`, or
 * `$XDG_CONFIG_HOME/Cursor` = `~/.config/Cursor`; `CURSOR_USER_DATA_DIR` overrides):
 * `User/workspaceStorage/<id>/state.vscdb` with `workspace.json` (`{"folder": "file:///…"}`)
 * per opened folder, and `User/globalStorage/state.vscdb` for 2025+ conversation bodies.
 * Agent transcripts live in `~/.cursor/projects/<slug>/agent-transcripts/` (`CURSOR_CONFIG_DIR`
 * overrides `~/.cursor`). Databases are read with the read-only reader of `../sqlite`, only
 * when the workspace or global database (or its `-wal`) changed. Format: session-formats.md §5.
 */
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import type { SessionInfo } from '../../types.js';
import { readJsonFile } from '../files.js';
import type { AgentReader, ChunkResult, DiscoverContext, LogFile } from '../reader.js';
import { asObject, asString } from '../reader.js';
import { bubbleEvent, codeBlockEdits, isoTime, toolEvent, uriPath } from './composer.js';
import { readTranscript } from './transcript.js';

/** Per file: bytes of a transcript read so far (databases need no state: ids deduplicate). */
export interface CursorState {
  offset: number;
}

/** Cursor's user data directory for this platform (see the module comment). */
export function cursorUserData(env: NodeJS.ProcessEnv, platform = process.platform): string {
  if (env.CURSOR_USER_DATA_DIR) return env.CURSOR_USER_DATA_DIR;
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Cursor');
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Cursor');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Cursor');
}

/** The project directory name Cursor uses under `~/.cursor/projects`: the path without its leading `/`, other characters than letters and digits as `-`. */
export function cursorProjectSlug(root: string): string {
  return root.replace(/^\/+/, '').replace(/[^A-Za-z0-9]/g, '-');
}

async function list(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

/** Every workspace database (scoped later by `probe` through `workspace.json`), and the agent transcripts of the roots' project slugs. */
async function discoverCursor(ctx: DiscoverContext): Promise<LogFile[]> {
  const user = join(cursorUserData(ctx.env), 'User');
  const global = join(user, 'globalStorage', 'state.vscdb');
  const files: LogFile[] = [];
  for (const id of await list(join(user, 'workspaceStorage'))) {
    const path = join(user, 'workspaceStorage', id, 'state.vscdb');
    if ((await list(dirname(path))).includes('state.vscdb')) {
      files.push({ agent: 'cursor', path, sessionNativeId: '', sidechain: false, companions: [`${path}-wal`, global, `${global}-wal`] });
    }
  }
  const projects = join(ctx.env.CURSOR_CONFIG_DIR || join(ctx.env.HOME || homedir(), '.cursor'), 'projects');
  for (const root of ctx.roots) {
    const dir = join(projects, cursorProjectSlug(root), 'agent-transcripts');
    for (const name of await list(dir)) {
      if (name.endsWith('.jsonl')) files.push({ agent: 'cursor', path: join(dir, name), sessionNativeId: name.slice(0, -6), sidechain: false, cwd: root });
    }
  }
  return files;
}

/** The folder a workspace database belongs to, from the `workspace.json` beside it. */
async function probeCursor(file: LogFile): Promise<string | null> {
  if (file.cwd) return file.cwd;
  const { value } = await readJsonFile(join(dirname(file.path), 'workspace.json'));
  return uriPath(asObject(value)?.folder);
}

/** Resolve relative edit paths against the workspace folder. */
function absolute(events: ChunkResult['events'], folder: string): void {
  for (const e of events) if (e.kind === 'edit' && !e.path.startsWith('/') && !/^[A-Za-z]:\//.test(e.path)) e.path = posix.join(folder, e.path);
}

/**
 * The composers of one workspace database: inline 2024 conversations, or 2025+ headers
 * whose bodies are read from the global database (only when a header has no inline body).
 */
async function readWorkspace(file: LogFile): Promise<ChunkResult> {
  const { openDatabase } = await import('../sqlite/index.js');
  const folder = (await probeCursor(file)) ?? '/';
  const result: ChunkResult = { events: [], session: {}, sessions: [], diagnostics: [] };
  const ws = openDatabase(file.path);
  let data: Record<string, unknown> = {};
  try {
    for (const row of ws.rowsWithPrefix('ItemTable', 'key', 'composer.composerData')) {
      if (row.key === 'composer.composerData') data = asObject(JSON.parse(String(row.value))) ?? {};
    }
  } finally {
    ws.close();
  }
  const composers = (Array.isArray(data.allComposers) ? data.allComposers : []).map(asObject).filter((c): c is Record<string, unknown> => !!c);
  const heads = composers.filter((c) => !Array.isArray(c.conversation));
  for (const c of composers.filter((c) => Array.isArray(c.conversation))) readComposer(c, c.conversation as unknown[], folder, result);
  if (heads.length > 0) await readGlobal(file.companions?.[1], heads, folder, result);
  absolute(result.events, folder);
  return result;
}

function readComposer(composer: Record<string, unknown>, bubbles: unknown[], folder: string, result: ChunkResult): void {
  const nativeId = asString(composer.composerId);
  if (!nativeId) return;
  const session = `cursor:${nativeId}`;
  const at = isoTime(composer.createdAt);
  const info: Partial<SessionInfo> = { id: session, agent: 'cursor', nativeId, cwd: folder, title: asString(composer.name) ?? null };
  if (at) info.started = at;
  const ended = isoTime(composer.lastUpdatedAt) ?? at;
  if (ended) info.ended = ended;
  const model = asString(asObject(composer.modelConfig)?.modelName);
  if (model) info.model = model;
  for (const raw of bubbles) {
    const bubble = asObject(raw);
    if (!bubble) continue;
    const said = bubbleEvent(bubble, session, at);
    if (said) result.events.push(said);
    const tool = toolEvent(bubble, session, at);
    if (tool) result.events.push(tool);
    const bubbleModel = asString(asObject(bubble.modelInfo)?.modelName);
    if (bubbleModel) info.model = bubbleModel;
  }
  result.events.push(...codeBlockEdits(composer.codeBlockData, session, at));
  result.sessions!.push(info);
}

/** 2025+ composers: `composerData:<id>` and its `bubbleId:<id>:*` rows from the global database. */
async function readGlobal(path: string | undefined, heads: Record<string, unknown>[], folder: string, result: ChunkResult): Promise<void> {
  if (!path) return;
  const { openDatabase } = await import('../sqlite/index.js');
  let db;
  try {
    db = openDatabase(path);
  } catch (err) {
    result.diagnostics.push({ file: path, line: null, message: `global database unreadable: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  try {
    for (const head of heads) {
      const id = asString(head.composerId);
      if (!id) continue;
      let composer: Record<string, unknown> = head;
      for (const row of db.rowsWithPrefix('cursorDiskKV', 'key', `composerData:${id}`)) {
        if (row.key === `composerData:${id}`) composer = { ...head, ...(asObject(JSON.parse(String(row.value))) ?? {}) };
      }
      const byId = new Map<string, unknown>();
      for (const row of db.rowsWithPrefix('cursorDiskKV', 'key', `bubbleId:${id}:`)) {
        const bubble = asObject(JSON.parse(String(row.value)));
        if (bubble) byId.set(asString(bubble.bubbleId) ?? String(row.key).split(':')[2]!, bubble);
      }
      const order = (Array.isArray(composer.fullConversationHeadersOnly) ? composer.fullConversationHeadersOnly : []).map((h) => asString(asObject(h)?.bubbleId));
      const bubbles = [...order.filter((b): b is string => !!b && byId.has(b)).map((b) => byId.get(b)), ...[...byId].filter(([b]) => !order.includes(b)).map(([, v]) => v)];
      readComposer(composer, bubbles, folder, result);
    }
  } finally {
    db.close();
  }
}

/** Read a workspace database, or a transcript from its last offset. Damaged databases become diagnostics. */
async function readCursorSnapshot(file: LogFile, state: CursorState): Promise<ChunkResult> {
  if (file.path.endsWith('.jsonl')) return readTranscript(file, state);
  try {
    return await readWorkspace(file);
  } catch (err) {
    return { events: [], session: {}, sessions: [], diagnostics: [{ file: file.path, line: null, message: `unreadable database: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}

/**
 * Reader for Cursor (`agent: 'cursor'`, session ids `cursor:<composerId>` or
 * `cursor:<transcript id>`). Snapshot mode: prompts, replies and edits of composers (2024
 * inline code blocks with their accept/reject status; 2025+ tool calls) and of agent
 * transcripts (no outcome recorded: edits count as applied).
 */
export const cursorReader: AgentReader<CursorState> = {
  agent: 'cursor',
  home: (env) => cursorUserData(env),
  discover: discoverCursor,
  probe: probeCursor,
  initialState: () => ({ offset: 0 }),
  parseChunk: () => ({ events: [], session: {}, diagnostics: [] }),
  readSnapshot: readCursorSnapshot,
};

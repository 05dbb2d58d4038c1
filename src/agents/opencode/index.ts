/**
 * The OpenCode reader (sst/opencode). Data directory: `OPENCODE_DATA_DIR`, else
 * `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode` (opencode uses xdg-basedir).
 * 2026 builds keep everything in SQLite `opencode*.db` (drizzle schema: `session`,
 * `message`, `part` with JSON `data`; corpus `opencode/Saintcyberwarrior__dotfiles/opencode/
 * opencode-stable.db`), read through `../sqlite` when the database or its `-wal` changed;
 * older builds wrote JSON files `project/<id>/storage/session/{info,message,part}/…` (same
 * corpus folder). Session → message → part; format: session-formats.md §7.
 */
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join, posix } from 'node:path';
import type { SessionInfo } from '../../types.js';
import { readJsonFile } from '../files.js';
import type { AgentReader, ChunkResult, DiscoverContext, LogFile } from '../reader.js';
import { asObject, asString } from '../reader.js';
import { messageEvents, type Part } from './parts.js';

/** OpenCode's data directory (see the module comment). */
export function opencodeHome(env: NodeJS.ProcessEnv): string {
  if (env.OPENCODE_DATA_DIR) return env.OPENCODE_DATA_DIR;
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'opencode');
}

const list = async (dir: string): Promise<string[]> => (await readdir(dir).catch(() => [] as string[])).sort();
/** Whether a recorded directory is a root or inside one, `.` and `..` resolved first (`<root>/../other` is not inside). */
const under = (dir: string, roots: string[]): boolean => {
  const d = posix.normalize(dir);
  return roots.some((r) => d === r || d.startsWith(`${r.replace(/\/+$/, '')}/`));
};

/** The databases (scoped by the reader, `roots` set) and the legacy session files (scoped by `probe`). */
async function discoverOpencode(ctx: DiscoverContext): Promise<LogFile[]> {
  const home = opencodeHome(ctx.env);
  const files: LogFile[] = [];
  for (const name of await list(home)) {
    if (/^opencode.*\.db$/.test(name)) files.push({ agent: 'opencode', path: join(home, name), sessionNativeId: '', sidechain: false, roots: ctx.roots, companions: [join(home, `${name}-wal`)] });
  }
  for (const project of await list(join(home, 'project'))) {
    const storage = join(home, 'project', project, 'storage', 'session');
    for (const name of await list(join(storage, 'info'))) {
      if (!name.endsWith('.json')) continue;
      const id = basename(name, '.json');
      files.push({ agent: 'opencode', path: join(storage, 'info', name), sessionNativeId: id, sidechain: false, companions: [join(storage, 'message', id)] });
    }
  }
  return files;
}

/** A legacy session's messages (`message/<session>/*.json`) with their parts (`part/<session>/<message>/*.json`). */
async function legacyMessages(file: LogFile): Promise<{ message: Record<string, unknown>; parts: Part[] }[]> {
  const storage = join(file.path, '..', '..');
  const out: { message: Record<string, unknown>; parts: Part[] }[] = [];
  for (const name of await list(join(storage, 'message', file.sessionNativeId))) {
    const message = asObject((await readJsonFile(join(storage, 'message', file.sessionNativeId, name))).value);
    if (!message) continue;
    const dir = join(storage, 'part', file.sessionNativeId, basename(name, '.json'));
    const parts: Part[] = [];
    for (const p of await list(dir)) parts.push({ id: basename(p, '.json'), data: asObject((await readJsonFile(join(dir, p))).value) ?? {} });
    out.push({ message, parts });
  }
  return out;
}

/** The working directory a legacy session recorded: the `path.cwd` of its first assistant message. */
async function probeOpencode(file: LogFile): Promise<string | null> {
  for (const { message } of await legacyMessages(file)) {
    const cwd = asString(asObject(message.path)?.cwd);
    if (cwd) return cwd;
  }
  return null;
}

function sessionInfo(id: string, row: Record<string, unknown>): Partial<SessionInfo> {
  const info: Partial<SessionInfo> = { id: `opencode:${id}`, agent: 'opencode', nativeId: id, title: asString(row.title) ?? null, version: asString(row.version) ?? null };
  const time = asObject(row.time);
  const created = row.time_created ?? time?.created;
  const updated = row.time_updated ?? time?.updated;
  if (typeof created === 'number') info.started = new Date(created).toISOString();
  if (typeof updated === 'number') info.ended = new Date(updated).toISOString();
  if (typeof row.directory === 'string') info.cwd = row.directory;
  return info;
}

/** The sessions of a database whose directory lies under the file's roots, with their messages and parts. */
async function readDatabase(file: LogFile): Promise<ChunkResult> {
  const { openDatabase } = await import('../sqlite/index.js');
  const result: ChunkResult = { events: [], session: {}, sessions: [], diagnostics: [] };
  const db = openDatabase(file.path);
  try {
    for (const row of db.rows('session')) {
      const id = String(row.id);
      if (typeof row.directory !== 'string' || !under(row.directory, file.roots ?? [])) continue;
      const info = sessionInfo(id, row);
      const parts = new Map<string, Part[]>();
      for (const p of db.rowsWithPrefix('part', 'session_id', id)) {
        const list = parts.get(String(p.message_id)) ?? parts.set(String(p.message_id), []).get(String(p.message_id))!;
        list.push({ id: String(p.id), data: asObject(JSON.parse(String(p.data))) ?? {} });
      }
      for (const m of db.rowsWithPrefix('message', 'session_id', id)) {
        if (m.session_id !== id) continue;
        const message = { ...(asObject(JSON.parse(String(m.data))) ?? {}), id: m.id, time: { created: m.time_created } };
        messageEvents(message, parts.get(String(m.id)) ?? [], `opencode:${id}`, info, result.events);
      }
      result.sessions!.push(info);
    }
  } finally {
    db.close();
  }
  return result;
}

/** Read a database (its sessions of this repository) or a legacy session's JSON files. */
async function readOpencodeSnapshot(file: LogFile): Promise<ChunkResult> {
  try {
    if (file.path.endsWith('.db')) return await readDatabase(file);
    const info = sessionInfo(file.sessionNativeId, asObject((await readJsonFile(file.path)).value) ?? {});
    const result: ChunkResult = { events: [], session: info, diagnostics: [] };
    for (const { message, parts } of await legacyMessages(file)) messageEvents(message, parts, `opencode:${file.sessionNativeId}`, info, result.events);
    return result;
  } catch (err) {
    return { events: [], session: {}, sessions: [], diagnostics: [{ file: file.path, line: null, message: `unreadable: ${err instanceof Error ? err.message : String(err)}` }] };
  }
}

/** Reader for OpenCode (`agent: 'opencode'`, session ids `opencode:<ses_…>`), snapshot mode. */
export const opencodeReader: AgentReader<Record<string, never>> = {
  agent: 'opencode',
  home: opencodeHome,
  discover: discoverOpencode,
  probe: probeOpencode,
  initialState: () => ({}),
  parseChunk: () => ({ events: [], session: {}, diagnostics: [] }),
  readSnapshot: (file) => readOpencodeSnapshot(file),
};

/**
 * Where Codex CLI keeps its rollouts and what their heads say: `$CODEX_HOME` (default
 * `~/.codex`), `sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl` and
 * `archived_sessions/rollout-*.jsonl` (§2.1 of ../shared/research/session-formats.md).
 */
import { readdir, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import type { DiscoverContext, LogFile } from '../reader.js';
import type { LogDirs } from '../../store/log-dirs.js';
import { asObject, asString, readHead } from '../reader.js';
import { contentTexts, environmentCwd } from './text.js';
import { kindOfEntry, noteRefused } from '../../fs/read.js';

const ROLLOUT = /^rollout-.*\.jsonl$/;
const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/** Codex's home: `CODEX_HOME` when set and non-empty, else `<HOME>/.codex`. */
export function codexHome(env: NodeJS.ProcessEnv): string {
  if (env.CODEX_HOME) return env.CODEX_HOME;
  return join(env.HOME ?? env.USERPROFILE ?? homedir(), '.codex');
}

/**
 * The log file for a rollout path. `sessionNativeId` is the uuid at the end of the name
 * (`rollout-2025-09-16T12-47-48-<uuid>.jsonl`), or the name between `rollout-` and `.jsonl`
 * when it has none. Codex has no sub-agent transcripts: `sidechain` is false.
 */
export function codexLogFile(path: string): LogFile {
  const name = basename(path);
  const id = UUID.exec(name)?.[1] ?? name.replace(/^rollout-/, '').replace(/\.jsonl$/, '');
  return { agent: 'codex', path, sessionNativeId: id, sidechain: false };
}

/**
 * Every rollout under the Codex home that may belong to the repository, by directory
 * listing only (Codex does not sort its logs by project, so scoping happens later through
 * `probe`). `roots` is not used here. With `ctx.dirs`, a folder whose mtime did not change
 * since it was last listed is not listed again, and only its files not yet known as other
 * projects' are returned; and the date folders of days past (see `pastDay`) found unchanged
 * within the last hour are not even `stat`ed: a commit looks at the last few days' folders,
 * whatever the number of older ones (issue 15). Missing or
 * unreadable directories are skipped; never throws. Dated paths sorted, then archived ones.
 */
export async function discoverCodex(ctx: DiscoverContext, now = Date.now()): Promise<LogFile[]> {
  const home = codexHome(ctx.env);
  const sessions = join(home, 'sessions');
  const years = await subdirs(sessions, /^\d{4}$/);
  const months = (await Promise.all(years.map((y) => subdirs(y, /^\d{2}$/)))).flat();
  const days = (await Promise.all(months.map((m) => subdirs(m, /^\d{2}$/)))).flat();
  const [dated, archived] = await Promise.all([
    Promise.all(days.map((d) => pastDay(d, ctx.dirs, Math.min(now, dayEnd(days[0]!) ?? now), now) ?? rollouts(d, ctx.dirs))),
    rollouts(join(home, 'archived_sessions'), ctx.dirs),
  ]);
  return [...dated.flat().sort(), ...archived.sort()].map(codexLogFile);
}

/**
 * A date folder is "past" this long (ms) after the UTC end of its day, counted up to now or
 * to the end of the newest date folder's day, whichever is earlier: Codex names a rollout
 * by its session's local start date, so new rollouts land in the newest folders.
 */
export const PAST_DAY_MS = 2 * 24 * 3600 * 1000;
/** How long (ms) a past date folder found unchanged is trusted without a `stat`: new files there are rare (copied, synced). */
export const PAST_DAY_TRUST_MS = 3600 * 1000;

/** The UTC end of the day a `…/YYYY/MM/DD` folder names (ms since the epoch), or null. */
function dayEnd(dir: string): number | null {
  const m = /(\d{4})[/\\](\d{2})[/\\](\d{2})$/.exec(dir);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1) : null;
}

/**
 * The rollouts of a past date folder (`…/YYYY/MM/DD`, its day over `PAST_DAY_MS` before
 * `reference`) whose mtime was compared less than `PAST_DAY_TRUST_MS` before `now`, from memory, without a
 * `stat`; null for any other folder (look at it).
 */
function pastDay(dir: string, dirs: LogDirs | undefined, reference: number, now: number): string[] | null {
  const end = dayEnd(dir);
  if (!dirs || end === null || reference - end < PAST_DAY_MS) return null;
  return dirs.recentlyChecked(dir, PAST_DAY_TRUST_MS, now)?.map((n) => join(dir, n)) ?? null;
}

async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Subdirectories of `dir` whose name matches, newest (greatest name) first. */
async function subdirs(dir: string, name: RegExp): Promise<string[]> {
  const entries = await list(dir);
  return entries
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && name.test(e.name))
    .map((e) => e.name)
    .sort()
    .reverse()
    .map((n) => join(dir, n));
}

/** The rollouts of one folder: the remembered candidates when it did not change, else a fresh listing. */
async function rollouts(dir: string, dirs: LogDirs | undefined): Promise<string[]> {
  let mtimeMs = -1;
  if (dirs) {
    const st = await stat(dir).catch(() => null);
    if (!st) return [];
    mtimeMs = st.mtimeMs;
    const known = dirs.unchanged(dir, mtimeMs);
    if (known) return known.map((n) => join(dir, n));
  }
  const entries = (await list(dir)).filter((e) => ROLLOUT.test(e.name));
  for (const e of entries) if (!e.isFile() && !e.isSymbolicLink() && !e.isDirectory()) noteRefused(join(dir, e.name), kindOfEntry(e));
  const names = entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  return (dirs && mtimeMs !== -1 ? dirs.listed(dir, mtimeMs, names) : names).map((n) => join(dir, n));
}

/** Bytes of a rollout's head read first: `session_meta` names the cwd before its long instructions. */
export const SHORT_HEAD_BYTES = 16 * 1024;

/**
 * The working directory recorded at the head of a rollout (see `probeHead`), or null; never
 * throws. Reads `SHORT_HEAD_BYTES` first, enough when they hold the `session_meta` cwd (the
 * first line of every rollout since Codex 0.2x); the full head (256 KiB) otherwise, so a
 * legacy rollout gets the same answer as from the full head.
 */
export async function probeCodex(file: LogFile): Promise<string | null> {
  const short = await readHead(file.path, SHORT_HEAD_BYTES);
  if (short === null) return null;
  const cwd = short.startsWith('{') && short.slice(0, 200).includes('"session_meta"') ? probeHead(short) : null;
  if (cwd !== null) return cwd;
  const head = await readHead(file.path);
  return head === null ? null : probeHead(head);
}

/**
 * The working directory recorded in the first bytes of a rollout: `session_meta.payload.cwd`
 * (also found in a first line cut off by the head limit); else the `<cwd>` of the first
 * `<environment_context>` user message (the legacy layout, §2.3); else the first
 * `turn_context.cwd`; else null. Pure.
 */
export function probeHead(head: string): string | null {
  let envCwd: string | null = null;
  let turnCwd: string | null = null;
  const lines = head.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const obj = parseObject(lines[i] as string);
    if (obj === undefined) {
      if (i === 0) return metaCwdOfPartialLine(lines[0] as string);
      continue;
    }
    const payload = asObject(obj.payload);
    if (obj.type === 'session_meta' && payload) {
      const cwd = asString(payload.cwd);
      if (cwd !== undefined) return cwd;
    }
    if (obj.type === 'turn_context' && payload) turnCwd ??= asString(payload.cwd) ?? null;
    const item = obj.type === 'response_item' ? payload : obj;
    if (envCwd === null && item?.type === 'message' && item.role === 'user') {
      envCwd =
        contentTexts(item.content, 'input_text')
          .map(environmentCwd)
          .find((c) => c !== null) ?? null;
    }
  }
  return envCwd ?? turnCwd;
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** A `session_meta` line longer than the head (huge `base_instructions`): find its `"cwd"` field. */
function metaCwdOfPartialLine(raw: string): string | null {
  if (!raw.includes('"type":"session_meta"')) return null;
  const m = /"cwd":("(?:[^"\\]|\\.)*")/.exec(raw);
  if (!m) return null;
  try {
    return JSON.parse(m[1] as string) as string;
  } catch {
    return null;
  }
}

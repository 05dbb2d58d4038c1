/**
 * The identifiers that are easy to mix up, as branded strings (`Sha`, `RepoPath`,
 * `SessionId`) with the constructors that check them where they enter from git output,
 * note text, agent logs or the user; and short session ids, shared by records, notes and
 * displays (kept apart from the record codec so that displays need not load the
 * frontmatter library). A branded value is a plain string at run time.
 */
import { posix } from 'node:path';

declare const BRAND: unique symbol;

/** `T` marked with the name `B`, so that two kinds of string cannot be passed for each other. */
export type Brand<T, B extends string> = T & { readonly [BRAND]: B };

/** A full object name as git prints it: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits. */
export type Sha = Brand<string, 'Sha'>;

/**
 * A path relative to the work tree's root, `/`-separated, normalised, never leaving the
 * work tree (no `..` segment, not absolute, not empty).
 */
export type RepoPath = Brand<string, 'RepoPath'>;

/** A session id `<agent>:<native id>` (the agent's name, a colon, the agent's own id). */
export type SessionId = Brand<string, 'SessionId'>;

/** `text` as a `Sha` when it is a full object name (surrounding whitespace ignored), else null. Pure. */
export function parseSha(text: string): Sha | null {
  const t = text.trim();
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(t) ? (t as Sha) : null;
}

/** `text` as a `Sha`; throws `TypeError` naming `what` when it is not a full object name (git output that broke its format). */
export function assertSha(text: string, what = 'object name'): Sha {
  const sha = parseSha(text);
  if (!sha) throw new TypeError(`git printed an unexpected ${what}: ${JSON.stringify(text.slice(0, 80))}`);
  return sha;
}

/**
 * `text` (`/` or, on Windows, `\` separated) as a `RepoPath` when, once normalised, it
 * stays inside the work tree; null for an absolute path, one that climbs out with `..`,
 * the root itself, or one holding a NUL. Pure.
 */
export function parseRepoPath(text: string): RepoPath | null {
  if (text.includes('\0')) return null;
  const p = posix.normalize(text);
  if (p === '.' || p === '' || p.startsWith('/') || p === '..' || p.startsWith('../') || /^[A-Za-z]:/.test(p)) return null;
  return p.replace(/\/$/, '') as RepoPath;
}

/** `text` as a `SessionId` when it is `<agent>:<native id>` (an agent name of lowercase letters and `-`, a non-empty native id without line breaks), else null. Pure. */
export function parseSessionId(text: string): SessionId | null {
  return /^[a-z][a-z-]*:[^\r\n]+$/.test(text) ? (text as SessionId) : null;
}

/** The `SessionId` of an agent's session `nativeId` (it must be non-empty). Pure. */
export function sessionId(agent: string, nativeId: string): SessionId {
  return `${agent}:${nativeId}` as SessionId;
}

/** The first 8 letters and digits of a native session id, used in file names and short displays. */
export function shortId(nativeId: string): string {
  return nativeId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
}

/** The short id of a session id `<agent>:<native id>`: `shortId` of its native part. */
export function sessionShortId(sessionId: string): string {
  return shortId(sessionId.slice(sessionId.indexOf(':') + 1));
}

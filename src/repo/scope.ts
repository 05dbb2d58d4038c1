/**
 * Scoping: which recorded working directories and paths belong to this repository
 * (DESIGN.md §3), with `drift.pathMap` for sessions recorded under another path.
 *
 * Recorded paths are untrusted text: before any "is this inside the repository" decision
 * they are normalised (`.` and `..` resolved, so `<repo>/../sibling/x` is not a file of the
 * repository), Windows separators are turned into `/` only for Windows-looking paths (a
 * `\` in a POSIX file name stays), and a path inside a separate git repository nested in
 * the work tree (an ignored `vendor/lib` with its own `.git`, a submodule) belongs to that
 * repository, not to this one.
 */
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import type { Settings } from '../config.js';
import type { RepoPath } from '../ids.js';

/** The directories a session may have run in to count as this repository's, and how recorded paths map to local ones. */
export interface Scope {
  /** Local absolute work tree roots (main worktree first, then linked worktrees). */
  roots: string[];
  /** `drift.pathMap` entries, recorded-side prefix → local prefix. */
  pathMap: { recorded: string; local: string }[];
  /**
   * Directory → whether it holds a `.git` (a nested repository), filled as paths are
   * checked (one `stat` per directory per run). Created on first use when absent.
   */
  gitDirs?: Map<string, boolean>;
  /**
   * Recorded path → `repoRelative` of it, filled as paths are mapped (a session names the
   * same few files in thousands of events). Created on first use when absent; emptied past
   * `RELATIVE_PATHS_KEPT` entries.
   */
  relatives?: Map<string, RepoPath | null>;
}

/** Most paths `Scope.relatives` keeps. */
const RELATIVE_PATHS_KEPT = 4096;

/** Build the scope from the work tree roots and the settings. */
export function makeScope(roots: string[], settings: Settings): Scope {
  return { roots: roots.map(normalizeRecorded), pathMap: settings.pathMap, gitDirs: new Map() };
}

/** Every directory a recorded cwd may be under: the roots plus the recorded side of each path map entry. */
export function recordedRoots(scope: Scope): string[] {
  return [...scope.roots, ...scope.pathMap.map((m) => m.recorded)];
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/**
 * A recorded path with `/` separators when it is a Windows path (`C:\…`, `\\server\…`);
 * any other path is returned as is (a `\` may be part of a POSIX file name). Pure.
 */
export function windowsToPosix(path: string): string {
  return /^[A-Za-z]:[\\/]|^\\\\/.test(path) ? path.replace(/\\/g, '/') : path;
}

/** A `/`-separated path with `.` and `..` segments resolved and repeated or trailing `/` removed (`posix.normalize`). Pure. */
export function normalizeRecorded(path: string): string {
  if (path === '') return path;
  const n = posix.normalize(path);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/** Map a recorded absolute path to the local one (`drift.pathMap`), or return it unchanged. */
export function mapPath(path: string, scope: Scope): string {
  for (const m of scope.pathMap) {
    if (isUnder(path, m.recorded)) return m.local + path.slice(m.recorded.length);
  }
  return path;
}

/** A recorded path as a local, normalised one: Windows separators, `..`, then `drift.pathMap`. */
function localPath(path: string, scope: Scope): string {
  return normalizeRecorded(mapPath(normalizeRecorded(windowsToPosix(path)), scope));
}

/** The root `local` lies under (longest first, so a worktree nested in the main one wins), or null. */
function rootOf(local: string, scope: Scope): string | null {
  let best: string | null = null;
  for (const root of scope.roots) if (isUnder(local, root) && (best === null || root.length > best.length)) best = root;
  return best;
}

/**
 * True when a directory from `dir` up to (not including) `root` holds a `.git` (a
 * separate repository nested in the work tree) and is not itself one of the roots.
 */
function inNestedRepo(dir: string, root: string, scope: Scope): boolean {
  const cache = (scope.gitDirs ??= new Map());
  for (let d = dir; d.length > root.length && isUnder(d, root); d = posix.dirname(d)) {
    let nested = cache.get(d);
    if (nested === undefined) {
      nested = !scope.roots.includes(d) && existsSync(`${d}/.git`);
      cache.set(d, nested);
    }
    if (nested) return true;
  }
  return false;
}

/**
 * True when a recorded working directory lies inside one of the repository's roots (after
 * normalisation and path mapping), and not inside a separate repository nested in it.
 */
export function inScope(cwd: string | null, scope: Scope): boolean {
  if (!cwd) return false;
  const local = localPath(cwd, scope);
  const root = rootOf(local, scope);
  return root !== null && !inNestedRepo(local, root, scope);
}

/**
 * The repo-relative path (`/`-separated, no leading `./`) of a recorded absolute path, or
 * null when it lies outside every root (plans under ~/.claude, other projects, `..` out of
 * the work tree) or inside a separate repository nested in the work tree.
 * Worktree roots are tried longest first so a worktree nested in the main one wins.
 */
export function repoRelative(path: string, scope: Scope): RepoPath | null {
  const known = (scope.relatives ??= new Map());
  let rel = known.get(path);
  if (rel === undefined) {
    if (known.size >= RELATIVE_PATHS_KEPT) known.clear();
    known.set(path, (rel = mapRepoRelative(path, scope)));
  }
  return rel;
}

/** `repoRelative` worked out (not from `Scope.relatives`). */
function mapRepoRelative(path: string, scope: Scope): RepoPath | null {
  const local = localPath(path, scope);
  const root = rootOf(local, scope);
  if (root === null || local === root) return null;
  if (inNestedRepo(posix.dirname(local), root, scope)) return null;
  return local.slice(root.length + 1) as RepoPath; // below a root, normalised by localPath: never climbs out
}

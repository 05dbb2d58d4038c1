/**
 * Scoping: which recorded working directories and paths belong to this repository
 * (DESIGN.md §3), with `drift.pathMap` for sessions recorded under another path.
 */
import type { Settings } from '../config.js';

/** The directories a session may have run in to count as this repository's, and how recorded paths map to local ones. */
export interface Scope {
  /** Local absolute work tree roots (main worktree first, then linked worktrees). */
  roots: string[];
  /** `drift.pathMap` entries, recorded-side prefix → local prefix. */
  pathMap: { recorded: string; local: string }[];
}

/** Build the scope from the work tree roots and the settings. */
export function makeScope(roots: string[], settings: Settings): Scope {
  return { roots, pathMap: settings.pathMap };
}

/** Every directory a recorded cwd may be under: the roots plus the recorded side of each path map entry. */
export function recordedRoots(scope: Scope): string[] {
  return [...scope.roots, ...scope.pathMap.map((m) => m.recorded)];
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** Map a recorded absolute path to the local one (`drift.pathMap`), or return it unchanged. */
export function mapPath(path: string, scope: Scope): string {
  for (const m of scope.pathMap) {
    if (isUnder(path, m.recorded)) return m.local + path.slice(m.recorded.length);
  }
  return path;
}

/** True when a recorded working directory lies inside one of the repository's roots (after path mapping). */
export function inScope(cwd: string | null, scope: Scope): boolean {
  if (!cwd) return false;
  const local = mapPath(cwd, scope);
  return scope.roots.some((root) => isUnder(local, root));
}

/**
 * The repo-relative path (`/`-separated, no leading `./`) of a recorded absolute path, or
 * null when it lies outside every root (plans under ~/.claude, other projects…).
 * Worktree roots are tried longest first so a worktree nested in the main one wins.
 */
export function repoRelative(path: string, scope: Scope): string | null {
  const local = mapPath(path.replace(/\\/g, '/'), scope);
  const roots = [...scope.roots].sort((a, b) => b.length - a.length);
  for (const root of roots) {
    if (local === root) return null;
    if (isUnder(local, root)) return local.slice(root.length + 1).replace(/^\.\//, '');
  }
  return null;
}

/**
 * Path rewriting: absolute paths inside a repository root become repo-relative and the
 * remaining occurrences of the home directory become `~`, only at path boundaries.
 * POSIX paths only; comparisons are exact (case-sensitive, no normalisation).
 */

/** One directory to rewrite: a repository root or the home directory. */
interface Target {
  dir: string;
  home: boolean;
}

/** Precompiled path rules: targets longest first (roots before home on a tie) and one regex. */
export interface PathRules {
  targets: readonly Target[];
  re: RegExp | null;
}

/** An absolute directory without trailing slashes, or null when it cannot be a target. */
function normalizeDir(dir: unknown): string | null {
  if (typeof dir !== 'string' || !dir.startsWith('/')) return null;
  const trimmed = dir.replace(/\/+$/, '');
  return trimmed.length > 0 && !/[\r\n]/.test(trimmed) ? trimmed : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Not preceded by a path character: `/home/al` inside `/x/home/al` or `file:///` is left alone. */
const BEFORE = String.raw`(?<![A-Za-z0-9_.~/\\-])`;
/** Not followed by more of a file name: `/home/al` inside `/home/alice` or `/home/al.bak`. */
const AFTER = String.raw`(?![A-Za-z0-9_~-]|\.[A-Za-z0-9_~.-])`;
/** A slash that starts a deeper path (not a trailing slash before a blank or quote). */
const DEEPER = String.raw`(\/(?=[^\s/"'${'`'}<>()\[\]{},;|]))?`;

/** Compile the path rules for these roots and home directory. */
export function compilePaths(roots: readonly unknown[], home: unknown): PathRules {
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    const dir = normalizeDir(root);
    if (dir === null || seen.has(dir)) continue;
    seen.add(dir);
    targets.push({ dir, home: false });
  }
  const homeDir = normalizeDir(home);
  if (homeDir !== null && !seen.has(homeDir)) targets.push({ dir: homeDir, home: true });
  targets.sort((a, b) => b.dir.length - a.dir.length || Number(a.home) - Number(b.home));
  if (targets.length === 0) return { targets, re: null };
  const alternatives = targets.map((t) => escapeRegExp(t.dir)).join('|');
  return { targets, re: new RegExp(`${BEFORE}(${alternatives})${AFTER}${DEEPER}`, 'g') };
}

/** Rewrite every root and home path in `text` (see the module comment). */
export function rewritePaths(text: string, rules: PathRules): string {
  if (rules.re === null) return text;
  const byDir = new Map(rules.targets.map((t) => [t.dir, t]));
  return text.replace(rules.re, (_whole, dir: string, slash: string | undefined) => {
    const home = byDir.get(dir)?.home === true;
    if (home) return slash === undefined ? '~' : '~/';
    return slash === undefined ? '.' : '';
  });
}

/** One path made repo-relative or `~/…`, else returned unchanged. */
export function relativize(path: string, rules: PathRules): string {
  if (typeof path !== 'string') return '';
  for (const { dir, home } of rules.targets) {
    if (path !== dir && !path.startsWith(`${dir}/`)) continue;
    const rest = path.slice(dir.length + 1).replace(/^\/+/, '');
    if (home) return rest.length === 0 ? '~' : `~/${rest}`;
    return rest.length === 0 ? '.' : rest;
  }
  return path;
}

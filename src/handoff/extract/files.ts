/**
 * Files in flight: the uncommitted diff hunks first, then untracked files' first lines,
 * then the branch's committed hunks of files the sessions edited; ordered by how recently
 * an agent edited them, capped in files and lines. Pure.
 */
import type { FileHunks, UntrackedFile, WorkTreeChanges } from '../../git/changes.js';
import type { Capped, FileInFlight } from '../../brief/material.js';
import { ownValue } from '../../records.js';

/** Most files listed. */
export const MAX_FILES = 12;
/** Most excerpt lines per file. */
export const FILE_EXCERPT_LINES = 40;
/** Most excerpt lines over all files. */
export const TOTAL_EXCERPT_LINES = 200;

const LANGS: Record<string, string> = {
  ts: 'ts',
  tsx: 'tsx',
  js: 'js',
  jsx: 'jsx',
  mjs: 'js',
  cjs: 'js',
  py: 'python',
  rs: 'rust',
  go: 'go',
  rb: 'ruby',
  java: 'java',
  kt: 'kotlin',
  swift: 'swift',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  cs: 'csharp',
  php: 'php',
  sh: 'sh',
  bash: 'sh',
  md: 'markdown',
  json: 'json',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  html: 'html',
  css: 'css',
  sql: 'sql',
  lua: 'lua',
};

/** A language for a code fence from a path's extension, or null. */
export function languageOf(path: string): string | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext ? (ownValue(LANGS, ext) ?? null) : null;
}

/**
 * Pick and excerpt the files in flight. `recent` lists repo-relative paths of agent edits,
 * most recent first: files edited more recently come first within each group.
 */
export function filesInFlight(changes: WorkTreeChanges, committed: FileHunks[], recent: string[]): Capped<FileInFlight> {
  const rank = (path: string) => {
    const i = recent.indexOf(path);
    return i === -1 ? recent.length : i;
  };
  const byRecency = <T extends { path: string }>(list: T[]) => [...list].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  const uncommitted = new Set(changes.files.map((f) => f.path));
  const candidates: FileInFlight[] = [
    ...byRecency(changes.files).map((f) => fromHunks(f, 'uncommitted')),
    ...byRecency(changes.untracked).map(fromUntracked),
    ...byRecency(committed.filter((f) => !uncommitted.has(f.path))).map((f) => fromHunks(f, 'committed')),
  ];
  const total = candidates.length + Math.max(0, changes.untrackedCount - changes.untracked.length);
  const items = capLines(candidates.slice(0, MAX_FILES));
  return { items, omitted: total - items.length };
}

function fromHunks(f: FileHunks, state: 'uncommitted' | 'committed'): FileInFlight {
  return { path: f.path, state, change: f.binary ? 'binary' : f.change, excerpt: f.hunks.join('\n'), lang: 'diff', omittedLines: 0 };
}

function fromUntracked(f: UntrackedFile): FileInFlight {
  const omitted = Math.max(0, f.lines - f.head.length);
  return { path: f.path, state: 'untracked', change: f.binary ? 'binary' : 'added', excerpt: f.head.join('\n'), lang: languageOf(f.path), omittedLines: omitted };
}

/** Fewest excerpt lines a listed file gets while the total allows it. */
const MIN_FILE_LINES = 8;

/**
 * Cut the excerpts so that all of them together stay within `TOTAL_EXCERPT_LINES` (about,
 * with at least `MIN_FILE_LINES` each) and each within `FILE_EXCERPT_LINES`: every file
 * gets an equal share, and what a short file leaves goes to the next ones.
 */
function capLines(files: FileInFlight[]): FileInFlight[] {
  let left = TOTAL_EXCERPT_LINES;
  return files.map((f, i) => {
    const lines = f.excerpt ? f.excerpt.split('\n') : [];
    const share = Math.max(MIN_FILE_LINES, Math.floor(left / (files.length - i)));
    const keep = Math.max(0, Math.min(lines.length, FILE_EXCERPT_LINES, share));
    left -= keep;
    return { ...f, excerpt: lines.slice(0, keep).join('\n'), omittedLines: f.omittedLines + lines.length - keep };
  });
}

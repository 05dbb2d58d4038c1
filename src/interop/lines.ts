/**
 * Line sets shared by the importers (pure): a commit's added lines per file, intervals
 * checked against them without expanding a foreign range line by line.
 */
import { formatRanges } from '../notes/ranges.js';
import type { NoteFile } from '../notes/index.js';
import { keyedRecord } from '../records.js';

/** A commit's added lines: repo-relative path → 1-based line numbers, ascending. */
export type AddedLines = Map<string, number[]>;

/** How many of the ascending `lines` fall in [start, end] (binary search). */
export function countWithin(lines: number[], start: number, end: number): number {
  return lowerBound(lines, end + 1) - lowerBound(lines, start);
}

function lowerBound(lines: number[], n: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The ascending `lines` that fall in [start, end]. */
export function linesWithin(lines: number[], start: number, end: number): number[] {
  return lines.slice(lowerBound(lines, start), lowerBound(lines, end + 1));
}

/** Whether some line of [start, end] is not among the ascending `lines`. */
export function reachesPast(lines: number[], start: number, end: number): boolean {
  return countWithin(lines, start, end) < end - start + 1;
}

/**
 * The note's `files` for a commit from line owners: every added line of `added` that
 * `owner` gives a session (with its state) goes to that session, the rest is `human`.
 */
export function filesOf(added: AddedLines, owner: (path: string, line: number) => { state: 'ai' | 'ai-modified'; session: string } | null): Record<string, NoteFile> {
  const files = keyedRecord<NoteFile>();
  for (const path of [...added.keys()].sort()) {
    const per = new Map<string, number[]>();
    const human: number[] = [];
    for (const line of added.get(path)!) {
      const o = owner(path, line);
      if (!o) human.push(line);
      else (per.get(`${o.state}\0${o.session}`) ?? per.set(`${o.state}\0${o.session}`, []).get(`${o.state}\0${o.session}`)!).push(line);
    }
    if (human.length === 0 && per.size === 0) continue;
    const file: NoteFile = {};
    for (const state of ['ai', 'ai-modified'] as const) {
      const keys = [...per.keys()].filter((k) => k.startsWith(`${state}\0`)).sort();
      if (keys.length > 0) file[state] = Object.fromEntries(keys.map((k) => [k.slice(state.length + 1), formatRanges(per.get(k)!)]));
    }
    if (human.length > 0) file.human = formatRanges(human);
    files[path] = file;
  }
  return files;
}

/**
 * `git drift import git-ai` and `export git-ai`: reading git-ai's notes (and legacy blobs)
 * into drift notes, and writing drift notes as git-ai notes, each with a few batched git
 * calls whatever the number of notes.
 */
import { listAllNoteBlobs, parseNote, readNoteTexts, type Note } from '../../notes/index.js';
import { listLegacyAuthorship, listRefNoteBlobs, readBoundedTexts, readLineCounts } from '../../notes/foreign.js';
import { writeNotes } from '../../notes/write.js';
import { applyImportedNotes, type ImportResult, type Skipped } from '../apply.js';
import { readAddedLines, readExistingCommits, readRangeCommits } from '../commits.js';
import { GIT_AI_NOTE_MAX_BYTES, parseGitAiLegacy, parseGitAiNote, type GitAiNote } from './parse.js';
import { renderGitAiNote } from './render.js';
import { noteFromGitAi, pathsToMeasure } from './to-note.js';

/** git-ai's notes ref. */
export const GIT_AI_REF = 'refs/notes/ai';

/** What to import or export. */
export interface GitAiOptions {
  /** Revision range; null: every commit with a note on the source ref. */
  range: string | null;
  /** Fully qualified notes ref of git-ai's notes (default `refs/notes/ai`). */
  ref: string;
}

/**
 * Import git-ai notes of `opts.ref` (and, with the default ref, the legacy
 * `refs/ai/authorship/*` blobs; a v3 note wins over a legacy blob of the same commit) into
 * drift notes. Throws `UserError` for a bad range, `GitError` when git fails.
 */
export async function importGitAi(cwd: string, opts: GitAiOptions): Promise<ImportResult> {
  const result: ImportResult = { source: 'git-ai', imported: 0, merged: 0, unchanged: 0, skipped: [] };
  const v3 = await listRefNoteBlobs(cwd, opts.ref);
  const legacy = opts.ref === GIT_AI_REF ? await listLegacyAuthorship(cwd) : new Map<string, string>();
  let commits = [...new Set([...v3.keys(), ...legacy.keys()])];
  if (opts.range !== null) {
    const inRange = new Set(await readRangeCommits(cwd, opts.range));
    commits = commits.filter((c) => inRange.has(c));
  }
  const existing = await readExistingCommits(cwd, commits);
  for (const c of commits) if (!existing.has(c)) result.skipped.push({ commit: c, reason: 'the annotated object is not a commit of this repository' });
  commits = commits.filter((c) => existing.has(c));
  const parsed = await readGitAiNotes(cwd, commits, v3, legacy, result.skipped);
  const added = await readAddedLines(cwd, [...parsed.keys()]);
  const measure = new Map([...parsed].map(([commit, note]) => [commit, pathsToMeasure(note, added.get(commit)!)]));
  const counts = await readLineCounts(
    cwd,
    [...measure].flatMap(([commit, paths]) => paths.map((path) => ({ commit, path }))),
  );
  const notes = new Map<string, Note>();
  for (const [commit, note] of parsed) {
    const lengths = new Map(measure.get(commit)!.map((path) => [path, counts.get(`${commit}:${path}`) ?? null]));
    const drift = noteFromGitAi(note, added.get(commit)!, lengths);
    if ('invalid' in drift) result.skipped.push({ commit, reason: drift.invalid });
    else notes.set(commit, drift);
  }
  await applyImportedNotes(cwd, notes, result);
  result.skipped.sort((a, b) => ((a.commit ?? '') < (b.commit ?? '') ? -1 : 1));
  return result;
}

/** Read and parse the git-ai note of each commit (v3 first, else the legacy blob); failures go to `skipped`. */
async function readGitAiNotes(cwd: string, commits: string[], v3: Map<string, string>, legacy: Map<string, string>, skipped: Skipped[]): Promise<Map<string, GitAiNote>> {
  const blobOf = (c: string) => v3.get(c) ?? legacy.get(c)!;
  const texts = await readBoundedTexts(cwd, commits.map(blobOf), GIT_AI_NOTE_MAX_BYTES);
  const out = new Map<string, GitAiNote>();
  for (const commit of commits) {
    const text = texts.get(blobOf(commit));
    if (text === undefined || typeof text !== 'string') {
      skipped.push({ commit, reason: text && typeof text !== 'string' ? text.invalid : 'the note could not be read' });
      continue;
    }
    const note = v3.has(commit) ? parseGitAiNote(text) : parseGitAiLegacy(text, commit);
    if ('invalid' in note) skipped.push({ commit, reason: note.invalid });
    else out.set(commit, note);
  }
  return out;
}

/** What `git drift export git-ai --json` prints (docs/format.md, "Interop"). */
export interface GitAiExportResult {
  ref: string;
  /** Commits given a git-ai note (new, or replaced with `--force`). */
  exported: number;
  /** Commits whose git-ai note already was exactly the one exported. */
  unchanged: number;
  skipped: Skipped[];
}

/**
 * Write a git-ai v3 note on `opts.ref` for each commit of the range with a valid drift
 * note (default: every annotated commit). A commit that already has a different note on
 * that ref is skipped unless `force`. All notes are written as one commit of that ref. Throws `UserError` for a bad range, `GitError` when git fails.
 */
export async function exportGitAi(cwd: string, opts: GitAiOptions & { force: boolean }): Promise<GitAiExportResult> {
  const result: GitAiExportResult = { ref: opts.ref, exported: 0, unchanged: 0, skipped: [] };
  const writes = new Map<string, string>();
  const commits = opts.range === null ? [...(await listAllNoteBlobs(cwd)).keys()] : await readRangeCommits(cwd, opts.range);
  const texts = await readNoteTexts(cwd, commits);
  const theirs = await listRefNoteBlobs(cwd, opts.ref);
  const current = await readBoundedTexts(
    cwd,
    [...texts.keys()].flatMap((c) => (theirs.has(c) ? [theirs.get(c)!] : [])),
    GIT_AI_NOTE_MAX_BYTES,
  );
  for (const commit of [...texts.keys()].sort()) {
    const note = parseNote(texts.get(commit)!);
    if ('invalid' in note) {
      result.skipped.push({ commit, reason: `its drift note is not valid drift-note/1 (${note.invalid})` });
      continue;
    }
    const text = renderGitAiNote(note, commit);
    const blob = theirs.get(commit);
    if (blob !== undefined && current.get(blob) === text) {
      result.unchanged++;
      continue;
    }
    if (blob !== undefined && !opts.force) {
      result.skipped.push({ commit, reason: `it already has a note on ${opts.ref} (--force replaces it)` });
      continue;
    }
    writes.set(commit, text);
    result.exported++;
  }
  await writeNotes(cwd, writes, { ref: opts.ref, message: 'Notes exported by git drift (authorship/3.0.0)' });
  return result;
}

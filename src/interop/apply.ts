/**
 * Giving imported notes to their commits: each is merged with the commit's drift note
 * (`mergeNotes`, so nothing captured is lost), never put in its place, and only notes that
 * change are written, all in one notes commit. Shared by the git-ai and Agent Trace importers.
 */
import { parseNote, readNoteTexts, renderNote, type Note } from '../notes/index.js';
import { writeNotes } from '../notes/write.js';
import { mergeNotes } from '../notes/merge.js';

/** A commit (or record) an import left alone, and why. `commit` is null when the input named none. */
export interface Skipped {
  commit: string | null;
  reason: string;
}

/** What `git drift import … --json` prints (docs/format.md, "Interop"). */
export interface ImportResult {
  /** `git-ai` or `agent-trace`. */
  source: string;
  /** Commits that had no drift note and got one. */
  imported: number;
  /** Commits whose drift note was merged with the imported one and changed. */
  merged: number;
  /** Commits whose drift note already said everything imported (a second import changes nothing). */
  unchanged: number;
  skipped: Skipped[];
}

/**
 * Merge each imported note into its commit's drift note and write those that change.
 * A commit whose drift note is not valid `drift-note/1` is skipped (left as it is).
 * Notes are read in one batch and written as one notes commit (`writeNotes`). Throws `GitError` when git fails.
 */
export async function applyImportedNotes(cwd: string, notes: Map<string, Note>, result: ImportResult): Promise<ImportResult> {
  const existing = await readNoteTexts(cwd, [...notes.keys()]);
  const writes = new Map<string, string>();
  for (const [commit, note] of notes) {
    const text = existing.get(commit);
    const rendered = renderNote(note);
    if (text === undefined) {
      writes.set(commit, rendered);
      result.imported++;
      continue;
    }
    if (text === rendered) {
      // What an earlier import wrote: merging it with itself changes nothing.
      result.unchanged++;
      continue;
    }
    const parsed = parseNote(text);
    if ('invalid' in parsed) {
      result.skipped.push({ commit, reason: `its drift note is not valid drift-note/1 (${parsed.invalid}); left as it is` });
      continue;
    }
    const merged = renderNote(mergeNotes(parsed, note));
    if (merged === text) {
      result.unchanged++;
    } else {
      writes.set(commit, merged);
      result.merged++;
    }
  }
  await writeNotes(cwd, writes, { message: `Notes imported by git drift from ${result.source}` });
  return result;
}

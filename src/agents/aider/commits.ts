/**
 * Aider's own commits: aider commits its edits itself, often before git drift sees them
 * (drift installed later, or a capture run on an old commit). They are recognised by the
 * author name aider gives them (`Name (aider)`, `--attribute-author`), by the trailer
 * `Co-authored-by: aider (<model>) <noreply@aider.chat>` (`--attribute-co-authored-by`,
 * aider ≥ 0.80), or by the `> Commit <sha>` line the history shows right after `Applied edit
 * to` (corpus `aider/AbdulAlkawasmeh__metadata-aider`). Source: https://aider.chat/docs/git.html.
 * Pure.
 */
import type { AiderState } from './history.js';

/** True when the author name or the message marks a commit as aider's own (see the module comment). */
export function isAiderCommit(authorName: string, message: string): boolean {
  return /\(aider\)\s*$/.test(authorName) || /^Co-authored-by:\s*aider\b/im.test(message);
}

/**
 * The native id of the aider session whose history names `sha` (a full commit id) in a
 * `> Commit <abbreviated sha>` line, among the states of the aider history files; null
 * when none does.
 */
export function sessionOfCommit(sha: string, states: unknown[]): string | null {
  for (const state of states) {
    const commits = (state as Partial<AiderState> | null)?.commits;
    if (!commits || typeof commits !== 'object') continue;
    for (const [short, nativeId] of Object.entries(commits)) {
      if (short.length >= 7 && sha.startsWith(short)) return nativeId;
    }
  }
  return null;
}

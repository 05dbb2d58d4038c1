/**
 * The verdicts of `git drift check` and the one given without reading a note (a commit
 * that has none), kept apart from the judge (`judge.ts`) so that a check whose verdicts
 * are all cached never loads the note parser or the secret rules.
 */

/** The verdict on one commit: `ok`, `missing` (no note) or `invalid` (unreadable, schema broken, or a secret in it). */
export type CheckStatus = 'ok' | 'missing' | 'invalid';

/** A verdict and why (null for a plain `ok`). */
export interface Verdict {
  status: CheckStatus;
  reason: string | null;
}

/**
 * How the reason of a passing commit whose note is `partial` starts (docs/format.md,
 * `partial`). Here, not in the judge, so that the printing (`render/check.ts`) never loads
 * the note parser.
 */
export const PARTIAL = 'partial capture';

/** The reason given to a clean merge commit that has no note. */
export const CLEAN_MERGE = 'clean merge commit: it adds no lines of its own, so it needs no note';

/** The verdict on a commit without a note: `ok` for a clean merge commit (it needs none), else `missing`. Pure. */
export function verdictWithoutNote(cleanMerge: boolean): Verdict {
  return cleanMerge ? { status: 'ok', reason: CLEAN_MERGE } : { status: 'missing', reason: 'no drift note' };
}

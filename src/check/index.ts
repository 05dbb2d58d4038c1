/**
 * `git drift check` without the printing: list the commits of a range, read their notes in
 * one batch, find which merge commits are clean, and judge every commit (src/check/judge.ts).
 */
import { UserError } from '../errors.js';
import { GitError, runGit } from '../git/run.js';
import { listAllNoteBlobs, readBlobTexts } from '../notes/read.js';
import { openNoteChecks, type NoteVerdict } from '../store/note-checks.js';
import { verdictWithoutNote, type CheckStatus, type Verdict } from './verdict.js';
import { resolveRange } from './range.js';
import { readPolicy, type Policy, type PolicyLimits } from './policy.js';

export type { CheckStatus } from './verdict.js';
export type { Policy, PolicyCheck, PolicyLimits } from './policy.js';

/** One commit as `git drift check --json` prints it (public contract, docs/format.md). */
export interface CheckedCommit {
  /** Full sha. */
  commit: string;
  /** First line of the commit message. */
  subject: string;
  status: CheckStatus;
  /** Why the status is not a plain `ok`; null for a commit with a valid, clean note. */
  reason: string | null;
}

/** The whole result (`git drift check --json`). */
export interface CheckReport {
  /**
   * True when every commit is `ok` (or `missing`, when `--max-unknown-percent` is given:
   * then the share of unknown lines decides) and every policy holds.
   */
  ok: boolean;
  /** The range checked, as shown to the user (`origin/main..HEAD`). */
  range: string;
  /** Why the default range is what it is, when that needs saying; else null. */
  notice: string | null;
  /** In `git log` order (newest first). */
  commits: CheckedCommit[];
  /** The share policies (`--max-ai-percent`, `--max-unknown-percent`) and their figures; null when none was given. */
  policy: Policy | null;
}

interface LoggedCommit {
  commit: string;
  parents: number;
  subject: string;
}

async function readCommits(cwd: string, revs: string[], shown: string): Promise<LoggedCommit[]> {
  let out: string;
  try {
    out = (await runGit(['log', '--format=%H%x1f%P%x1f%s', ...revs, '--'], { cwd })).stdout;
  } catch (err) {
    if (err instanceof GitError) throw new UserError(`cannot read the revision range "${shown}": ${err.stderr.split('\n')[0]}`);
    throw err;
  }
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit = '', parents = '', subject = ''] = line.split('\x1f');
      return { commit, parents: parents.split(' ').filter(Boolean).length, subject };
    });
}

/**
 * The merge commits among `merges` that add nothing of their own: their combined diff
 * against all parents (`git diff-tree --cc`, one call for all) has no hunk. A merge that
 * resolved conflicts or changed lines by hand has one.
 */
async function readCleanMerges(cwd: string, merges: string[]): Promise<Set<string>> {
  const clean = new Set(merges);
  if (merges.length === 0) return clean;
  const { stdout } = await runGit(['diff-tree', '--stdin', '--cc', '--no-color'], { cwd, input: `${merges.join('\n')}\n` });
  let current: string | null = null;
  for (const line of stdout.split('\n')) {
    if (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(line)) current = line;
    else if (current && line.startsWith('@@@')) clean.delete(current);
  }
  return clean;
}

/**
 * Bumped whenever judging a note changes in a way the tool's version does not show (the
 * schema, the secret rules): verdicts cached by another judge are not reused.
 */
const JUDGE_VERSION = 2; // 2: a partial note passes with its reason

/** Where `readCheck` keeps its verdicts between runs, and the rules they hold for. */
export interface CheckCacheOptions {
  /** The repository's git common dir (the verdict cache lives in its store, `note-checks.json`). */
  commonDir: string;
  /** The version of git drift judging (`readPackageVersion`): a new version judges again. */
  version: string;
}

/**
 * The verdicts on the notes `blobs` (blob shas): from `cache` when it has them, the others
 * read in one batch and judged (the judge, with the note parser and the secret rules, is
 * loaded only then) and added to it. A blob git no longer has is absent.
 */
async function readVerdicts(
  cwd: string,
  blobs: string[],
  patterns: string[],
  cache: { get(blob: string): NoteVerdict | undefined; set(blob: string, v: NoteVerdict): void },
): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  const missing: string[] = [];
  for (const blob of new Set(blobs)) {
    const known = cache.get(blob);
    if (known) out.set(blob, known);
    else missing.push(blob);
  }
  if (missing.length === 0) return out;
  const { judgeNotes } = await import('./judge.js');
  for (const [blob, verdict] of judgeNotes(await readBlobTexts(cwd, missing), patterns)) {
    out.set(blob, verdict);
    if (verdict.status !== 'missing') cache.set(blob, { status: verdict.status, reason: verdict.reason });
  }
  return out;
}

/**
 * Check the commits of `range` (null: the default range, see `resolveRange`) in the
 * repository at `cwd`. `patterns`: the user's `drift.redact.pattern`s; `limits`: the share
 * policies, if any (see `readPolicy`); with a limit on unknown lines, commits without a
 * note fail only through that share. Reads the notes with two git calls and merge commits
 * with one more, whatever the number of commits. With `cache`, a note judged before under
 * the same version and patterns is not read or judged again (note blobs never change).
 * `patterns` and `cache` may be promises, so that a caller still reading the repository
 * and its config need not hold back the git processes; `cwd` may be any directory of the
 * work tree. Throws `UserError` for a range git cannot read or a default branch it cannot
 * find.
 */
export async function readCheck(
  cwd: string,
  range: string | null,
  patterns: string[] | Promise<string[]>,
  limits: PolicyLimits = {},
  cache?: CheckCacheOptions | Promise<CheckCacheOptions>,
): Promise<CheckReport> {
  const listed = listAllNoteBlobs(cwd); // beside the range and the git log
  const stored = Promise.all([patterns, cache]).then(([p, c]) => (c ? openNoteChecks(c.commonDir, JSON.stringify([JUDGE_VERSION, c.version, p])) : null));
  for (const p of [listed, stored]) p.catch(() => undefined); // awaited once the range is read
  const { revs, shown, notice } = await resolveRange(cwd, range);
  const commits = revs ? await readCommits(cwd, revs, shown) : [];
  const all = await listed;
  const blobs = new Map(commits.flatMap((c) => (all.has(c.commit) ? [[c.commit, all.get(c.commit)!] as const] : [])));
  const verdicts = await readVerdicts(cwd, [...blobs.values()], await patterns, (await stored) ?? new Map<string, NoteVerdict>());
  await (await stored)?.write();
  const noted = (commit: string) => verdicts.has(blobs.get(commit) ?? '');
  const merges = commits.filter((c) => c.parents > 1 && !noted(c.commit)).map((c) => c.commit);
  const clean = await readCleanMerges(cwd, merges);
  const checked = commits.map((c): CheckedCommit => {
    const verdict = verdicts.get(blobs.get(c.commit) ?? '') ?? verdictWithoutNote(clean.has(c.commit));
    return { commit: c.commit, subject: c.subject, status: verdict.status, reason: verdict.reason };
  });
  const policy = await readPolicy(cwd, revs, limits);
  // With a limit on unknown lines, a commit without a note fails only through that share.
  const tolerated = (c: CheckedCommit) => c.status === 'ok' || (c.status === 'missing' && policy?.maxUnknownPercent != null);
  const ok = checked.every(tolerated) && (policy?.ok ?? true);
  return { ok, range: shown, notice, commits: checked, policy };
}

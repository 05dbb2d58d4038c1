/**
 * The commits an import or export works on, read with batched git calls: a revision
 * range, which named objects are commits here, and the added lines of many commits as
 * `AddedLines`.
 */
import { UserError } from '../errors.js';
import { readAdditionsOfCommits } from '../git/additions.js';
import { GitError, runGit } from '../git/run.js';
import { readObjectInfo } from '../notes/foreign.js';
import type { AddedLines } from './lines.js';

/** The commits of `range` (`git rev-list <range>`), newest first. Throws `UserError` when git cannot read it. */
export async function readRangeCommits(cwd: string, range: string): Promise<string[]> {
  if (range.startsWith('-') || /[\0\n]/.test(range)) throw new UserError(`"${range}" is not a revision range`);
  try {
    const { stdout } = await runGit(['rev-list', range, '--'], { cwd });
    return stdout.split('\n').filter(Boolean);
  } catch (err) {
    if (err instanceof GitError) throw new UserError(`cannot read the revision range "${range}": ${err.stderr.split('\n')[0]}`);
    throw err;
  }
}

/** Which of `shas` are commits in this repository (one `git cat-file --batch-check`). */
export async function readExistingCommits(cwd: string, shas: string[]): Promise<Set<string>> {
  const info = await readObjectInfo(
    cwd,
    shas.filter((s) => /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(s)),
  );
  return new Set([...info].filter(([, i]) => i.type === 'commit').map(([sha]) => sha));
}

/** The added lines of each commit (text files only), in one git process. */
export async function readAddedLines(cwd: string, commits: string[]): Promise<Map<string, AddedLines>> {
  const out = new Map<string, AddedLines>();
  for (const [commit, files] of await readAdditionsOfCommits(cwd, commits)) {
    const added: AddedLines = new Map();
    for (const f of files) {
      if (f.binary || f.lines.length === 0) continue;
      added.set(
        f.path,
        [...new Set(f.lines.map((l) => l.line))].sort((a, b) => a - b),
      );
    }
    out.set(commit, added);
  }
  return out;
}

/**
 * The lines many commits add, with one git process for all of them
 * (`git diff-tree --stdin --cc -p -U0 -M --root -r`): what an import needs to tell the
 * lines a commit adds from the rest of its files, for thousands of commits at once.
 */
import { parseCombined, parseUnifiedZero, type FileAdditions } from './diff.js';
import { runGit } from './run.js';

/**
 * The added lines of each of `commits` (full shas of commits that exist): for an ordinary
 * commit, against its first parent (the empty tree for a root commit); for a merge, only
 * the lines it adds against every parent (conflict resolutions), as `readCommitAdditions`
 * gives them. One git process. Throws `GitError` when git fails.
 */
export async function readAdditionsOfCommits(cwd: string, commits: string[]): Promise<Map<string, FileAdditions[]>> {
  const out = new Map<string, FileAdditions[]>();
  const unique = [...new Set(commits)];
  if (unique.length === 0) return out;
  const args = ['-c', 'core.quotePath=false', 'diff-tree', '--stdin', '--cc', '-p', '-U0', '-M', '--no-color', '--no-ext-diff', '--root', '-r'];
  const { stdout } = await runGit(args, { cwd, input: `${unique.join('\n')}\n` });
  for (const [commit, patch] of splitByCommit(stdout)) {
    const combined = patch.startsWith('diff --cc ') || patch.includes('\ndiff --cc ');
    out.set(commit, combined ? parseCombined(patch) : parseUnifiedZero(patch));
  }
  for (const commit of unique) if (!out.has(commit)) out.set(commit, []);
  return out;
}

/**
 * Cut `git diff-tree --stdin` output at its commit lines: a line that is a bare sha (every
 * line of a patch starts with a marker or a header word, never with a sha alone). Pure.
 */
export function splitByCommit(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const heads = [...text.matchAll(/^([0-9a-f]{40}(?:[0-9a-f]{24})?)(?: [0-9a-f ]*)?$/gm)];
  heads.forEach((m, i) => {
    const start = m.index + m[0].length + 1;
    const end = heads[i + 1]?.index ?? text.length;
    out.set(m[1]!, text.slice(Math.min(start, end), end));
  });
  return out;
}

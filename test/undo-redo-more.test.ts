/**
 * Undo and redo keep the truth (issue 14), the other moves: a commit split with
 * `git add -p`, a stash applied in another linked worktree, a squash merge of a branch no
 * reflog remembers, `git cherry-pick -n`, `git checkout <commit> -- <path>` and
 * `git restore --source`. Same check as test/undo-redo.test.ts (test/helpers/undo.ts).
 */
import { join } from 'node:path';
import { git } from './helpers/env.js';
import { commitAll, testMoves } from './helpers/undo.js';

testMoves([
  [
    'the commit split with git add -p',
    false,
    ({ sb, repo }) => {
      git(sb, repo, ['reset', '-q', 'HEAD~1']);
      git(sb, repo, ['add', '-N', '.']);
      git(sb, repo, ['add', '-p'], 'y\nn\n'.repeat(200));
      git(sb, repo, ['commit', '-q', '-m', 'some hunks']);
      commitAll(sb, repo, 'the other hunks');
    },
  ],
  [
    'git stash apply in another worktree',
    false,
    ({ sb, repo }) => {
      git(sb, repo, ['reset', '-q', 'HEAD~1']);
      git(sb, repo, ['stash', 'push', '-q', '-u']);
      const other = join(sb.root, 'other');
      git(sb, repo, ['worktree', 'add', '-q', '-b', 'other', other, 'HEAD']);
      git(sb, other, ['stash', 'apply', '-q']);
      commitAll(sb, other, 'agent work, applied here');
      return other;
    },
  ],
  [
    'git merge --squash of a branch no reflog remembers',
    true,
    ({ sb, repo }) => {
      git(sb, repo, ['reflog', 'expire', '--expire=all', '--all']);
      git(sb, repo, ['merge', '-q', '--squash', 'feature']);
      git(sb, repo, ['commit', '-q', '-m', 'squashed feature']);
    },
  ],
  [
    'git cherry-pick -n',
    true,
    ({ sb, repo }) => {
      git(sb, repo, ['cherry-pick', '-n', 'feature']);
      git(sb, repo, ['commit', '-q', '-m', 'picked by hand']);
    },
  ],
  [
    'git checkout <commit> -- <path>',
    true,
    ({ sb, repo, paths }) => {
      git(sb, repo, ['checkout', 'feature', '--', ...paths]);
      git(sb, repo, ['commit', '-q', '-m', 'files from feature']);
    },
  ],
  [
    'git restore --source',
    true,
    ({ sb, repo, paths }) => {
      git(sb, repo, ['restore', '--source', 'feature', '--staged', '--worktree', '--', ...paths]);
      git(sb, repo, ['commit', '-q', '-m', 'files restored from feature']);
    },
  ],
]);

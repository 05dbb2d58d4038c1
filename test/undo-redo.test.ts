/**
 * Undo and redo keep the truth (issue 14), the rows of its table: real Claude Code sessions
 * from the corpus are replayed, retouched and committed through the installed hooks, then
 * amended, rebased, reset and committed again (soft and mixed), split in two, stashed
 * across a branch switch, or squash-merged from a local branch. `git drift blame --json`
 * gives the same state, agent and session for the same line content before and after
 * (test/helpers/undo.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './helpers/env.js';
import { commitAll, testMoves } from './helpers/undo.js';

testMoves([
  ['git commit --amend', false, ({ sb, repo }) => void git(sb, repo, ['commit', '-q', '--amend', '-m', 'agent work, reworded'])],
  [
    'git rebase onto a new base',
    false,
    ({ sb, repo }) => {
      git(sb, repo, ['checkout', '-q', '-b', 'base', 'HEAD~1']);
      writeFileSync(join(repo, 'CHANGELOG.txt'), 'Written by hand on the new base.\n');
      commitAll(sb, repo, 'new base');
      git(sb, repo, ['checkout', '-q', 'main']);
      git(sb, repo, ['rebase', '-q', 'base']);
    },
  ],
  [
    'git reset --soft HEAD~1 and commit again',
    false,
    ({ sb, repo }) => {
      git(sb, repo, ['reset', '-q', '--soft', 'HEAD~1']);
      git(sb, repo, ['commit', '-q', '-m', 'agent work, again']);
    },
  ],
  [
    'git reset HEAD~1, add -A and commit',
    false,
    ({ sb, repo }) => {
      git(sb, repo, ['reset', '-q', 'HEAD~1']);
      commitAll(sb, repo, 'agent work, again');
    },
  ],
  [
    'the commit split in two, second file first',
    false,
    ({ sb, repo, paths }) => {
      git(sb, repo, ['reset', '-q', 'HEAD~1']);
      git(sb, repo, ['add', '--', paths.at(-1)!]);
      git(sb, repo, ['commit', '-q', '-m', 'second half']);
      commitAll(sb, repo, 'first half');
    },
  ],
  [
    'git reset HEAD~1, stash, switch branch and back, stash pop, commit',
    false,
    ({ sb, repo }) => {
      git(sb, repo, ['reset', '-q', 'HEAD~1']);
      git(sb, repo, ['stash', 'push', '-q', '-u']);
      git(sb, repo, ['checkout', '-q', '-b', 'elsewhere']);
      git(sb, repo, ['checkout', '-q', 'main']);
      git(sb, repo, ['stash', 'pop', '-q']);
      commitAll(sb, repo, 'agent work, popped');
    },
  ],
  [
    'git merge --squash of a local branch',
    true,
    ({ sb, repo }) => {
      git(sb, repo, ['merge', '-q', '--squash', 'feature']);
      git(sb, repo, ['commit', '-q', '-m', 'squashed feature']);
    },
  ],
]);

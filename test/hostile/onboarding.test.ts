/**
 * Issue 12, item 12: install used to create an untracked `.prompts/.gitignore` and say
 * "commit it"; once one teammate did, every other clone's `git pull` aborted (the untracked
 * file would be overwritten). The ignore rules now live in `.git/info/exclude`.
 */
import t from 'tap';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { addBareRemote, git, makeRepo, makeSandbox } from '../helpers/env.js';
import { drift } from '../helpers/replay.js';

t.test('item 12: after install in two clones, a teammate commits .prompts/.gitignore and the other clone still pulls', async (t) => {
  const sb = makeSandbox('drift-onboard-');
  t.teardown(sb.cleanup);
  const alice = makeRepo(sb, 'alice');
  const bare = addBareRemote(sb, alice);
  git(sb, sb.root, ['clone', '-q', bare, 'bob']);
  const bob = join(sb.root, 'bob');
  drift(sb, alice, ['install']);
  drift(sb, bob, ['install']);
  t.notOk(existsSync(join(bob, '.prompts', '.gitignore')), 'install leaves no untracked file in the work tree');
  mkdirSync(join(alice, '.prompts'), { recursive: true });
  writeFileSync(join(alice, '.prompts', '.gitignore'), '*\n!.gitignore\n');
  git(sb, alice, ['add', '.prompts/.gitignore']);
  git(sb, alice, ['commit', '-q', '-m', 'share the records rule']);
  git(sb, alice, ['push', '-q', 'origin', 'main']);
  const pull = spawnSync('git', ['pull', '-q', '--no-rebase', 'origin', 'main'], { cwd: bob, env: sb.env, encoding: 'utf8' });
  t.equal(pull.status, 0, `git pull succeeds${pull.stderr ? `: ${pull.stderr}` : ''}`);
  t.equal(readFileSync(join(bob, '.prompts', '.gitignore'), 'utf8'), '*\n!.gitignore\n', "the teammate's file arrived");
});

t.test('item 12: install takes back the untracked .prompts/.gitignore an earlier install wrote, and uninstall its exclude block', async (t) => {
  const sb = makeSandbox('drift-onboard-');
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  mkdirSync(join(repo, '.prompts'), { recursive: true });
  const legacy = '# git drift: session records stay out of commits (drift.records=notes).\n# Set `git config drift.records tree` to commit them.\n*\n!.gitignore\n';
  writeFileSync(join(repo, '.prompts', '.gitignore'), legacy);
  writeFileSync(join(repo, '.git', 'info', 'exclude'), '# mine\n*.log\n');
  const out = drift(sb, repo, ['install']);
  t.match(out, 'removed the untracked .prompts/.gitignore');
  t.notOk(existsSync(join(repo, '.prompts', '.gitignore')));
  t.match(readFileSync(join(repo, '.git', 'info', 'exclude'), 'utf8'), /^# mine\n\*\.log\n# >>> git drift.*\n\/\.prompts\/\*\n!\/\.prompts\/\.gitignore\n# <<< git drift\n$/);
  drift(sb, repo, ['uninstall']);
  t.equal(readFileSync(join(repo, '.git', 'info', 'exclude'), 'utf8'), '# mine\n*.log\n', "the user's lines, byte for byte");
});

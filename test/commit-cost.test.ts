/**
 * What a plain commit costs with git drift on (issue 15, post-commit added time): the git
 * processes the post-commit hook starts (counted with GIT_TRACE), and the file reads that
 * replace some of them (src/git/head.ts: HEAD and its reflog), which must agree with git.
 */
import t from 'tap';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { installDrift } from './helpers/replay.js';
import { committedChain, parseReflog, readHeadCommit, readReflogTail } from '../src/git/head.js';

/** The git commands post-commit ran for one `git commit` (GIT_TRACE), without the children git starts itself. */
function postCommitGits(sb: Sandbox, repo: string, file: string, text: string): string[] {
  const trace = join(sb.root, 'trace');
  rmSync(trace, { force: true });
  writeFileSync(join(repo, file), text);
  git(sb, repo, ['add', file]);
  execFileSync('git', ['commit', '-q', '-m', `edit ${file}`], { cwd: repo, env: { ...sb.env, GIT_TRACE: trace }, stdio: 'ignore' });
  const lines = readFileSync(trace, 'utf8').split('\n');
  const from = lines.findIndex((l) => /run_command: .*hooks\/post-commit/.test(l));
  return lines
    .slice(from + 1)
    .filter((l) => / trace: built-in: git /.test(l))
    .map((l) => l.replace(/^.* trace: built-in: git /, ''))
    .filter((c) => !c.startsWith('unpack-objects')); // fast-import's own child
}

t.test('a commit without agent logs costs post-commit six git processes: HEAD and the reflog are read from files', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  postCommitGits(sb, repo, 'a.txt', 'one\n');
  const gits = postCommitGits(sb, repo, 'a.txt', 'one\ntwo\n');
  t.same(
    gits.map((c) => (c.split(' ')[0] === '-c' ? c.split(' ')[2] : c.split(' ')[0])),
    ['rev-parse', 'for-each-ref', 'config', 'diff-tree', 'var', 'fast-import'],
    'the repository, fetched notes, settings, the diff and the note write; no rev-parse HEAD, reflog walk or rev-list',
  );
  t.match(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']), /human/, 'the commit is noted');
});

t.test('after a reset the commits that left the history are still looked for', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  postCommitGits(sb, repo, 'a.txt', 'one\n');
  git(sb, repo, ['reset', '-q', '--soft', 'HEAD~1']);
  const gits = postCommitGits(sb, repo, 'a.txt', 'one\ntwo\n');
  t.ok(
    gits.some((c) => c.startsWith('rev-list')),
    'the reset broke the chain of plain commits in the reflog: git lists the commits outside the history',
  );
});

t.test('HEAD read from files agrees with git on a loose branch, a packed one, a detached HEAD and a linked worktree', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const dirs = (cwd: string) => {
    const [root, gitDir, commonDir] = git(sb, cwd, ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir']).split('\n');
    return { root: root!, gitDir: gitDir!, commonDir: commonDir! };
  };
  const head = (cwd: string) => git(sb, cwd, ['rev-parse', 'HEAD']);
  t.equal(await readHeadCommit(dirs(repo)), head(repo), 'loose branch ref');
  git(sb, repo, ['pack-refs', '--all']);
  t.equal(await readHeadCommit(dirs(repo)), head(repo), 'packed branch ref (git answers)');
  writeFileSync(join(repo, 'b.txt'), 'b\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'b']);
  git(sb, repo, ['checkout', '-q', '--detach', 'HEAD~1']);
  t.equal(await readHeadCommit(dirs(repo)), head(repo), 'detached HEAD');
  git(sb, repo, ['worktree', 'add', '-q', '-b', 'side', join(sb.root, 'side'), 'main']);
  t.equal(await readHeadCommit(dirs(join(sb.root, 'side'))), head(join(sb.root, 'side')), 'linked worktree');
  const entries = await readReflogTail(join(dirs(repo).gitDir, 'logs', 'HEAD'), 100);
  t.same(
    entries.map((e) => e.new),
    git(sb, repo, ['log', '-g', '--format=%H', 'HEAD', '--']).split('\n'),
    'the reflog file read newest first gives the commits git log -g gives',
  );
});

t.test('only plain commits chained from HEAD count as its history in the reflog', async (t) => {
  const [a, b, c, d] = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), 'd'.repeat(40)] as const;
  const z = '0'.repeat(40);
  const log = [
    `${z} ${a} U <u@e> 1 +0000\tcommit (initial): one`,
    `${a} ${b} U <u@e> 2 +0000\tcommit: two`,
    `${b} ${a} U <u@e> 3 +0000\treset: moving to HEAD~1`,
    `${a} ${c} U <u@e> 4 +0000\tcommit: three`,
    `${c} ${d} U <u@e> 5 +0000\tcommit (merge): four`,
    'garbage line',
  ].join('\n');
  const entries = parseReflog(log).reverse();
  t.equal(entries.length, 5, 'a malformed line is skipped');
  t.same([...committedChain(entries, d)], [d, c], 'the chain stops at the reset (b, and a before it, are left to git)');
  t.same([...committedChain(entries, b)], [], 'nothing when the newest entry is not the commit asked about');
});

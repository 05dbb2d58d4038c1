/**
 * Finding the repository from its files (src/git/repo-discover.ts): where it answers, the
 * answer is git's own (`git rev-parse`), from the top of the work tree and from below it;
 * every layout where git could answer otherwise (a linked worktree, a submodule's `.git`
 * file, a bare repository, `core.worktree`, `core.bare`, an include, a git variable in the
 * environment, an incomplete `.git` that git walks past) is left to git.
 */
import t from 'tap';
import { chownSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { git, isolateProcessGit, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { discoverRepoFromFiles, isPlainConfig, readRepoNear } from '../src/git/repo-discover.js';

/** What git says of `cwd`: top level, git dir and common dir. */
function gitAnswer(sb: Sandbox, cwd: string) {
  const [root, gitDir, commonDir] = git(sb, cwd, ['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir']).split('\n');
  return { root, gitDir, commonDir };
}

const found = async (sb: Sandbox, cwd: string) => {
  const repo = await discoverRepoFromFiles(cwd, sb.env);
  return repo && { root: repo.root, gitDir: repo.gitDir, commonDir: repo.commonDir };
};

t.test('finds the repository git finds, from the top of the work tree and from a directory deep below it', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const deep = join(repo, 'src', 'a', 'b');
  mkdirSync(deep, { recursive: true });
  t.same(await found(sb, repo), gitAnswer(sb, repo));
  t.same(await found(sb, deep), gitAnswer(sb, deep));
  t.equal((await found(sb, deep))?.root, repo);
  const inner = makeRepo(sb, 'repo/src/nested'); // a repository inside another one's work tree: the nearest wins
  t.same(await found(sb, inner), gitAnswer(sb, inner));
  t.equal((await found(sb, inner))?.root, inner);
});

t.test('resolves symlinks in the directory it starts from, as git rev-parse --show-toplevel does', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  mkdirSync(join(repo, 'src'));
  const link = join(sb.root, 'link');
  symlinkSync(join(repo, 'src'), link);
  t.same(await found(sb, link), gitAnswer(sb, link));
});

t.test('reads hooksDir from git when asked, honouring core.hooksPath', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  git(sb, repo, ['config', 'core.hooksPath', 'my-hooks']);
  isolateProcessGit(t);
  const got = await discoverRepoFromFiles(repo, sb.env);
  t.equal(got?.hooksDir, join(repo, 'my-hooks'));
});

t.test('leaves to git a linked worktree, a .git file, a bare repository and the inside of a .git directory', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const linked = join(sb.root, 'linked');
  git(sb, repo, ['worktree', 'add', '-q', linked]);
  t.equal(await found(sb, linked), null, 'a linked worktree (.git is a file)');
  const bare = join(sb.root, 'bare.git');
  git(sb, sb.root, ['clone', '-q', '--bare', repo, bare]);
  t.equal(await found(sb, bare), null, 'a bare repository');
  t.equal(await found(sb, join(repo, '.git', 'refs')), null, 'inside .git');
  t.equal(await found(sb, join(sb.root, 'home')), null, 'outside any repository');
});

t.test('leaves to git a repository whose config moves or hides its work tree, or includes other files', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const cases: [string, string[]][] = [
    ['core.worktree', ['config', 'core.worktree', '..']],
    ['core.bare', ['config', 'core.bare', 'true']],
    ['extensions.worktreeConfig', ['config', 'extensions.worktreeConfig', 'true']],
    ['include.path', ['config', 'include.path', 'extra']],
  ];
  for (const [name, args] of cases) {
    const repo = makeRepo(sb, name);
    t.not(await found(sb, repo), null, `${name}: found before`);
    git(sb, repo, args);
    t.equal(await found(sb, repo), null, name);
  }
  t.ok(isPlainConfig('[core]\n\trepositoryformatversion = 0\n\tbare = false\n'), "git init's config");
  t.notOk(isPlainConfig('[core]\n\tbare\n'), 'a valueless bare is true');
  t.notOk(isPlainConfig('[core] bare = true\n'), 'a key on the section line');
  t.notOk(isPlainConfig('[includeIf "gitdir:~/"]\n\tpath = x\n'));
});

t.test('leaves to git a .git directory git would walk past, another user’s repository, and any variable that moves the repository', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const sub = join(repo, 'sub');
  mkdirSync(join(sub, '.git'), { recursive: true }); // no HEAD, objects or refs: git goes on to the parent
  t.same(gitAnswer(sb, sub).root, repo, 'git walks past it');
  t.equal(await found(sb, sub), null);
  writeFileSync(join(sub, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  t.equal(await found(sb, sub), null, 'HEAD alone is not a repository either');
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_CONFIG_PARAMETERS', 'GIT_OBJECT_DIRECTORY']) {
    t.equal(await discoverRepoFromFiles(repo, { ...sb.env, [name]: join(repo, '.git') }), null, name);
  }
  if (process.geteuid?.() === 0) {
    const other = makeRepo(sb, 'other');
    chownSync(join(other, '.git'), 12345, 12345);
    t.equal(await found(sb, other), null, 'a .git owned by another user (safe.directory is git’s to apply)');
  }
});

t.test('readRepoNear gives git’s answer where the files leave doubt, and git’s error outside a repository', async (t) => {
  isolateProcessGit(t);
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const linked = join(sb.root, 'linked');
  git(sb, repo, ['worktree', 'add', '-q', linked]);
  const near = await readRepoNear(linked, sb.env);
  t.same({ root: near.root, gitDir: near.gitDir, commonDir: near.commonDir }, gitAnswer(sb, linked));
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'drift-outside-')));
  t.teardown(() => rmSync(outside, { recursive: true, force: true }));
  await t.rejects(readRepoNear(outside, sb.env), { name: 'NotARepoError' });
});

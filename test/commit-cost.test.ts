/**
 * What a plain commit costs with git drift on (issue 15, post-commit added time): the git
 * processes the post-commit hook starts (counted with GIT_TRACE), and the file reads and
 * rules that replace some of them (src/git/head.ts: HEAD and its reflog; src/git/ref-files.ts:
 * fetched notes refs; src/git/ident.ts: the notes commit's committer), which must agree
 * with git.
 */
import t from 'tap';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { installDrift } from './helpers/replay.js';
import { sandboxTemplate } from './helpers/template.js';
import { committedChain, parseReflog, readHeadCommit, readReflogTail } from '../src/git/head.js';
import { readMayHaveRefs } from '../src/git/ref-files.js';
import { readRepoFromFiles } from '../src/git/repo-files.js';
import { readRepo } from '../src/git/repo.js';
import { makeTwoClones } from './helpers/clones.js';

/** A repository with one commit and git drift installed: built once, restored fresh for each test. */
const installed = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  return { repo };
});

/** The git commands post-commit ran for one `git commit` (GIT_TRACE), without the children git starts itself. */
function postCommitGits(sb: Sandbox, repo: string, file: string, text: string, env: NodeJS.ProcessEnv = sb.env): string[] {
  const trace = join(sb.root, 'trace');
  rmSync(trace, { force: true });
  writeFileSync(join(repo, file), text);
  git(sb, repo, ['add', file]);
  execFileSync('git', ['commit', '-q', '-m', `edit ${file}`], { cwd: repo, env: { ...env, GIT_TRACE: trace }, stdio: 'ignore' });
  const lines = readFileSync(trace, 'utf8').split('\n');
  const from = lines.findIndex((l) => /run_command: .*hooks\/post-commit/.test(l));
  return lines
    .slice(from + 1)
    .filter((l) => / trace: built-in: git /.test(l))
    .map((l) => l.replace(/^.* trace: built-in: git /, ''))
    .filter((c) => !c.startsWith('unpack-objects')); // fast-import's own child
}

/** The command names (`-c key=value` options skipped); the settings and the diff, which git starts at once, in a fixed order. */
function commandNames(gits: string[]): string[] {
  const names = gits.map((c) => (c.split(' ')[0] === '-c' ? c.split(' ')[2]! : c.split(' ')[0]!));
  const i = names.indexOf('diff-tree');
  if (i !== -1 && names[i + 1] === 'config') [names[i], names[i + 1]] = ['config', 'diff-tree'];
  return names;
}

/** The notes commit's committer as `git var GIT_COMMITTER_IDENT` prints it. */
function notesCommitter(sb: Sandbox, repo: string): string {
  return git(sb, repo, ['log', '-1', '--format=%cn <%ce> %ct %cd', '--date=format:%z', 'refs/notes/drift']);
}

t.test('a commit without agent logs costs post-commit three git processes: the settings with the diff, the note', async (t) => {
  const { sb, repo } = installed(t);
  postCommitGits(sb, repo, 'a.txt', 'one\n');
  const gits = postCommitGits(sb, repo, 'a.txt', 'one\ntwo\n');
  t.same(
    commandNames(gits),
    ['config', 'diff-tree', 'fast-import'],
    'no rev-parse for the repository (its .git directory says), no for-each-ref without fetched notes refs, no git var for the committer; no rev-parse HEAD, reflog walk or rev-list',
  );
  t.match(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']), /human/, 'the commit is noted');
  t.equal(notesCommitter(sb, repo), git(sb, repo, ['var', 'GIT_COMMITTER_IDENT']), 'the notes commit has the committer and date git var gives');
});

/**
 * `git commit` with `NODE_EXTRA_CA_CERTS` at `caCerts` (absent: unset): its stderr, and each
 * git process post-commit started (diff-tree, config, fast-import) with what it saw of
 * `NODE_EXTRA_CA_CERTS` and `GIT_DRIFT_NODE_EXTRA_CA_CERTS` (git's trace2 `def_param`
 * events, GIT_TRACE2_ENV_VARS; a variable not set is absent).
 */
function commitSeeingCaCerts(sb: Sandbox, repo: string, file: string, caCerts?: string): { stderr: string; seen: Record<string, string>[] } {
  const events = join(sb.root, 'trace2.json');
  rmSync(events, { force: true });
  writeFileSync(join(repo, file), 'one\n');
  git(sb, repo, ['add', file]);
  const env = { ...sb.env, GIT_TRACE2_EVENT: events, GIT_TRACE2_ENV_VARS: 'NODE_EXTRA_CA_CERTS,GIT_DRIFT_NODE_EXTRA_CA_CERTS', ...(caCerts === undefined ? {} : { NODE_EXTRA_CA_CERTS: caCerts }) };
  const { stderr, status } = spawnSync('git', ['commit', '-q', '-m', `add ${file}`], { cwd: repo, env, encoding: 'utf8' });
  if (status !== 0) throw new Error(`git commit failed: ${stderr}`);
  const byProcess = new Map<string, { argv: string[]; vars: Record<string, string> }>();
  for (const line of readFileSync(events, 'utf8').split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as { event: string; sid: string; argv?: string[]; param?: string; value?: string };
    const p = byProcess.get(e.sid) ?? { argv: [], vars: {} };
    byProcess.set(e.sid, p);
    if (e.event === 'start') p.argv = e.argv ?? [];
    if (e.event === 'def_param' && e.param) p.vars[e.param] = e.value ?? '';
  }
  const fromHook = [...byProcess.values()].filter((p) => p.argv.some((a) => a === 'diff-tree' || a === 'fast-import' || a === '--get-regexp'));
  return { stderr: String(stderr), seen: fromHook.map((p) => p.vars) };
}

t.test("post-commit's Node starts without NODE_EXTRA_CA_CERTS and gives it back to the processes it starts", async (t) => {
  const { sb, repo } = installed(t);
  const missing = join(sb.root, 'no-such-ca.pem'); // Node warns when it loads a missing file
  const set = commitSeeingCaCerts(sb, repo, 'a.txt', missing);
  t.notMatch(set.stderr, /extra certs/i, 'the hook loaded no extra certificates: Node would warn about the missing file');
  t.ok(set.seen.length >= 3, "the hook's git processes are traced (the diff, the settings, the note)");
  t.same(
    set.seen,
    set.seen.map(() => ({ NODE_EXTRA_CA_CERTS: missing })),
    'each got the variable as the user set it, and nothing of the hand-over',
  );
  const unset = commitSeeingCaCerts(sb, repo, 'b.txt');
  t.ok(unset.seen.length >= 3, 'traced again');
  t.same(
    unset.seen,
    unset.seen.map(() => ({})),
    'without it, the processes get neither variable',
  );
  t.match(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']), /human/, 'the commit is noted');
});

t.test('prepare-commit-msg starts one git process and no other program on a plain commit', async (t) => {
  const { sb, repo } = installed(t);
  // Programs the hook script could start are found first in a folder that logs each run and
  // then runs the real program.
  const shims = join(sb.root, 'shims');
  const ran = join(sb.root, 'ran');
  mkdirSync(shims);
  for (const name of ['rm', 'head', 'sed', 'cat', 'mktemp']) {
    const real = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    writeFileSync(join(shims, name), `#!/bin/sh\necho ${name} >> '${ran}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  }
  const env = { ...sb.env, PATH: `${shims}:${sb.env.PATH}` };
  const trace = join(sb.root, 'trace');
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  git(sb, repo, ['add', 'a.txt']);
  execFileSync('git', ['commit', '-q', '-m', 'one'], { cwd: repo, env: { ...env, GIT_TRACE: trace }, stdio: 'ignore' });
  const lines = readFileSync(trace, 'utf8').split('\n');
  const from = lines.findIndex((l) => /run_command: .*hooks\/prepare-commit-msg/.test(l));
  const to = lines.findIndex((l) => /run_command: .*hooks\/post-commit/.test(l));
  t.ok(from !== -1 && to > from, 'both hooks ran');
  const gits = lines
    .slice(from + 1, to)
    .filter((l) => / trace: built-in: git /.test(l))
    .map((l) => l.replace(/^.* trace: built-in: git /, '').split(' ')[0])
    .filter((name) => name !== 'maintenance'); // git's own `maintenance run --auto`, after the commit
  t.same(gits, ['config'], 'drift.trailer only: the git directory is the .git directory at the top');
  t.notOk(existsSync(ran), 'no rm, head or sed when there is nothing to remember or remove');
  // A note left by an earlier cherry-pick is still removed.
  writeFileSync(join(repo, '.git', 'drift-picked'), 'stale\n');
  writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
  git(sb, repo, ['add', 'a.txt']);
  execFileSync('git', ['commit', '-q', '-m', 'two'], { cwd: repo, env, stdio: 'ignore' });
  t.notOk(existsSync(join(repo, '.git', 'drift-picked')), 'a stale drift-picked is removed');
  t.equal(readFileSync(ran, 'utf8'), 'rm\n', 'by one rm');
});

/** Run the installed prepare-commit-msg script in `cwd` (as git would, at a work tree's top) and return the git commands it started. */
function runPrepareScript(sb: Sandbox, hooks: string, cwd: string, env: NodeJS.ProcessEnv): string[] {
  const trace = join(sb.root, 'trace-prepare');
  rmSync(trace, { force: true });
  writeFileSync(join(sb.root, 'MSG'), 'message\n');
  execFileSync(join(hooks, 'prepare-commit-msg'), [join(sb.root, 'MSG'), 'message'], { cwd, env: { ...env, GIT_TRACE: trace }, stdio: 'ignore' });
  if (!existsSync(trace)) return [];
  return readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => / trace: built-in: git /.test(l))
    .map((l) => l.replace(/^.* trace: built-in: git /, '').split(' ')[0]!);
}

t.test('prepare-commit-msg remembers a cherry-pick in the git dir of each layout: .git directory, GIT_DIR, linked worktree', async (t) => {
  const { sb, repo } = installed(t);
  const hooks = join(repo, '.git', 'hooks');
  const pick = 'c'.repeat(40);
  const remembered = (gitDir: string) => (existsSync(join(gitDir, 'drift-picked')) ? readFileSync(join(gitDir, 'drift-picked'), 'utf8').trim() : null);

  writeFileSync(join(repo, '.git', 'CHERRY_PICK_HEAD'), `${pick}\n`);
  t.same(runPrepareScript(sb, hooks, repo, sb.env), ['config'], '.git directory: no git process for it');
  t.equal(remembered(join(repo, '.git')), pick, 'remembered in .git');
  rmSync(join(repo, '.git', 'CHERRY_PICK_HEAD'));
  runPrepareScript(sb, hooks, repo, sb.env);
  t.equal(remembered(join(repo, '.git')), null, 'removed by the next commit');

  // A repository whose work tree is elsewhere (core.worktree): git exports GIT_DIR to hooks.
  const outside = join(sb.root, 'outside');
  mkdirSync(outside);
  writeFileSync(join(repo, '.git', 'CHERRY_PICK_HEAD'), `${pick}\n`);
  t.same(runPrepareScript(sb, hooks, outside, { ...sb.env, GIT_DIR: join(repo, '.git') }), ['config'], 'GIT_DIR: no git process for it');
  t.equal(remembered(join(repo, '.git')), pick, 'remembered in GIT_DIR');
  rmSync(join(repo, '.git', 'CHERRY_PICK_HEAD'));
  rmSync(join(repo, '.git', 'drift-picked'));

  // A linked worktree: .git is a file, git resolves it.
  const side = join(sb.root, 'side');
  git(sb, repo, ['worktree', 'add', '-q', '-b', 'side', side, 'main']);
  const sideGitDir = git(sb, side, ['rev-parse', '--path-format=absolute', '--git-dir']);
  writeFileSync(join(sideGitDir, 'CHERRY_PICK_HEAD'), `${pick}\n`);
  t.same(runPrepareScript(sb, hooks, side, sb.env), ['rev-parse', 'config'], 'linked worktree: git gives the git dir');
  t.equal(remembered(sideGitDir), pick, "remembered in the worktree's own git dir");
  t.equal(remembered(join(repo, '.git')), null, 'not in the main git dir');
});

t.test("the repository read from a work tree's .git directory is the one git gives; any other layout is left to git", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const fromGit = await readRepo(repo);
  const fromFiles = await readRepoFromFiles(repo, sb.env);
  t.same(fromFiles && { root: fromFiles.root, gitDir: fromFiles.gitDir, commonDir: fromFiles.commonDir, hooksDir: fromFiles.hooksDir }, fromGit, 'root, git dir, common dir and hooks dir');
  git(sb, repo, ['config', 'core.hooksPath', 'my-hooks']);
  t.equal((await readRepoFromFiles(repo, sb.env))?.hooksDir, (await readRepo(repo)).hooksDir, 'core.hooksPath is honoured');
  t.equal(await readRepoFromFiles(join(repo, 'sub'), sb.env), null, 'not the top of a work tree');
  t.equal(await readRepoFromFiles(repo, { ...sb.env, GIT_DIR: join(repo, '.git') }), null, 'GIT_DIR set: left to git');
  t.equal(await readRepoFromFiles(repo, { ...sb.env, GIT_WORK_TREE: repo }), null, 'GIT_WORK_TREE set: left to git');
  const side = join(sb.root, 'side');
  git(sb, repo, ['worktree', 'add', '-q', '-b', 'side', side, 'main']);
  t.equal(await readRepoFromFiles(side, sb.env), null, 'a linked worktree (.git is a file): left to git');
});

t.test('a committer date git alone can read is left to git var, and honoured', async (t) => {
  const { sb, repo } = installed(t);
  const env = { ...sb.env, GIT_COMMITTER_DATE: 'Fri, 13 Nov 2026 08:30:00 -0700' };
  const gits = postCommitGits(sb, repo, 'a.txt', 'one\n', env);
  t.ok(
    gits.some((c) => c.startsWith('var GIT_COMMITTER_IDENT')),
    'git var is asked',
  );
  t.equal(git(sb, repo, ['log', '-1', '--format=%ct %cd', '--date=format:%z', 'refs/notes/drift']), '1794583800 -0700', 'the notes commit has that date');
});

t.test('without user.email, EMAIL gives the committer: the note is written without git var', async (t) => {
  const { sb, repo } = installed(t);
  writeFileSync(sb.env.GIT_CONFIG_GLOBAL!, '[user]\n\tname = Test User\n[init]\n\tdefaultBranch = main\n');
  const env: NodeJS.ProcessEnv = { ...sb.env, EMAIL: 'mail@example.org' };
  for (const key of ['GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_NAME']) delete env[key];
  const gits = postCommitGits(sb, repo, 'a.txt', 'one\n', env);
  t.notOk(
    gits.some((c) => c.startsWith('var')),
    'no git var',
  );
  t.match(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']), /human/, 'the commit is noted');
  t.equal(notesCommitter(sb, repo), 'Test User <mail@example.org> 1795176000 +0000');
});

t.test('fetched notes refs, loose or packed, are still merged by the next commit', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const { a, b } = await makeTwoClones(sb);
  postCommitGits(sb, a, 'a.txt', 'one\n');
  const ca = git(sb, a, ['rev-parse', 'HEAD']);
  git(sb, a, ['push', '-q', 'origin', 'main']); // pre-push pushes the notes
  git(sb, b, ['fetch', '-q', 'origin']);
  const gits = postCommitGits(sb, b, 'b.txt', 'b\n');
  t.ok(
    gits.some((c) => c.startsWith('for-each-ref')),
    'a loose refs/notes/drift-remote/ ref: git lists them',
  );
  t.match(git(sb, b, ['notes', '--ref=drift', 'show', ca]), /human/, 'the fetched note is merged');
  postCommitGits(sb, a, 'a.txt', 'one\ntwo\n');
  const ca2 = git(sb, a, ['rev-parse', 'HEAD']);
  git(sb, a, ['push', '-q', 'origin', 'main']); // pre-push pushes the notes
  git(sb, b, ['fetch', '-q', 'origin']);
  git(sb, b, ['pack-refs', '--all']);
  t.notOk(existsSync(join(b, '.git', 'refs', 'notes', 'drift-remote')), 'the fetched notes ref is only in packed-refs');
  t.equal(await readMayHaveRefs(join(b, '.git'), 'refs/notes/drift-remote/'), true, 'packed-refs names it');
  postCommitGits(sb, b, 'c.txt', 'c\n');
  t.match(git(sb, b, ['notes', '--ref=drift', 'show', ca2]), /human/, 'the packed fetched note is merged');
});

t.test('refs under a prefix are ruled out from the files only when neither loose, packed nor in reftable', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const common = join(repo, '.git');
  const prefix = 'refs/notes/drift-remote/';
  t.equal(await readMayHaveRefs(common, prefix), false, 'a new repository');
  git(sb, repo, ['pack-refs', '--all']);
  t.equal(await readMayHaveRefs(common, prefix), false, 'packed-refs without such a ref');
  git(sb, repo, ['update-ref', 'refs/notes/drift-remote/origin', 'HEAD']);
  t.equal(await readMayHaveRefs(common, prefix), true, 'a loose ref');
  git(sb, repo, ['pack-refs', '--all']);
  t.equal(await readMayHaveRefs(common, prefix), true, 'a packed ref');
  git(sb, repo, ['update-ref', '-d', 'refs/notes/drift-remote/origin']);
  t.equal(await readMayHaveRefs(common, prefix), false, 'deleted again');
  mkdirSync(join(common, 'reftable'));
  t.equal(await readMayHaveRefs(common, prefix), true, 'a reftable directory: only git can say');
});

t.test('after a reset the commits that left the history are still looked for', async (t) => {
  const { sb, repo } = installed(t);
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

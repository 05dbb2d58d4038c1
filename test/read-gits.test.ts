/**
 * What the read commands cost in git processes (issue 15: `check` and `log` start-up): the
 * git commands `git drift check` runs, counted with GIT_TRACE on the real command line,
 * and the default range those fewer processes find, which must be the one git's own
 * answers give (the current branch's upstream remote first, a detached HEAD, a branch
 * name that is also a tag).
 */
import t from 'tap';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { git, makeRepo, makeSandbox, PROJECT, type Sandbox } from './helpers/env.js';

/** The git commands (`git <args>`, as GIT_TRACE shows them) that `git drift <args>` ran, and its output (a failed check exits 1 and prints its report too). */
function driftGits(sb: Sandbox, repo: string, args: string[]): { gits: string[]; out: string } {
  const trace = join(sb.root, 'trace');
  rmSync(trace, { force: true });
  const run = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd: repo, env: { ...sb.env, GIT_TRACE: trace }, encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`git drift ${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
  const out = run.stdout;
  const gits = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => / trace: built-in: git /.test(l))
    .map((l) => l.replace(/^.* trace: built-in: git /, ''));
  return { gits, out };
}

/** Command names, sorted: the processes a command starts together finish in any order. */
const names = (gits: string[]) => gits.map((c) => c.split(' ')[0]!).sort();

/** A repository on `feature`, one commit ahead of `main`, with a clone's remote `origin` (its HEAD: main). */
function branchWithOrigin(sb: Sandbox): string {
  const first = makeRepo(sb, 'first');
  const bare = join(sb.root, 'origin.git');
  git(sb, sb.root, ['clone', '-q', '--bare', first, bare]);
  const repo = join(sb.root, 'clone');
  git(sb, sb.root, ['clone', '-q', bare, repo]);
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  writeFileSync(join(repo, 'f.txt'), 'f\n');
  git(sb, repo, ['add', 'f.txt']);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '-m', 'add f.txt']);
  return repo;
}

t.test('check finds its default range with two git processes: the refs and the settings, together', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = branchWithOrigin(sb);
  const { gits, out } = driftGits(sb, repo, ['check', '--json']);
  t.equal(JSON.parse(out).range, 'origin/main..HEAD');
  t.same(
    names(gits),
    ['config', 'config', 'for-each-ref', 'log', 'notes'],
    'the drift settings, the notes, the refs, the remotes and branch settings, the commits: no rev-parse (the repository is read from its files), symbolic-ref, git remote or one config call per key',
  );
});

t.test('log, check and blame read the repository from its files: no git rev-parse, from the top of the work tree or below it', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = branchWithOrigin(sb);
  mkdirSync(join(repo, 'sub'));
  for (const cwd of [repo, join(repo, 'sub')]) {
    t.same(names(driftGits(sb, cwd, ['log', '-n', '5', '--json']).gits), ['log', 'notes'], 'log: the commits and the notes');
    t.same(names(driftGits(sb, cwd, ['check', 'HEAD~1..HEAD', '--json']).gits), ['config', 'log', 'notes'], 'check of a range: the settings, the commits and the notes');
    const blame = names(driftGits(sb, cwd, ['blame', join(repo, 'f.txt'), '--json']).gits).filter((n) => n !== 'rev-list'); // with idle cores, blame lists the file's history too
    t.same(blame, ['blame', 'notes'], 'blame: the blame and the notes');
  }
  const linked = join(sb.root, 'linked');
  git(sb, repo, ['worktree', 'add', '-q', linked]);
  t.same(names(driftGits(sb, linked, ['log', '-n', '5', '--json']).gits), ['log', 'notes', 'rev-parse'], 'a linked worktree is left to git rev-parse');
});

t.test("check's default range: the current branch's upstream remote names the default branch before origin", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = branchWithOrigin(sb);
  const bare = join(sb.root, 'upstream.git');
  git(sb, sb.root, ['clone', '-q', '--bare', join(sb.root, 'first'), bare]);
  git(sb, bare, ['branch', '-q', '-m', 'main', 'trunk']);
  git(sb, repo, ['remote', 'add', 'upstream', bare]);
  git(sb, repo, ['fetch', '-q', 'upstream']);
  git(sb, repo, ['remote', 'set-head', 'upstream', 'trunk']);
  t.equal(JSON.parse(driftGits(sb, repo, ['check', '--json']).out).range, 'origin/main..HEAD', 'origin first when the branch has no upstream');
  git(sb, repo, ['config', 'branch.feature.remote', 'upstream']);
  t.equal(JSON.parse(driftGits(sb, repo, ['check', '--json']).out).range, 'upstream/trunk..HEAD', "the branch's upstream remote");
});

t.test("check's default range on a detached HEAD, and on a branch that shares its name with a tag", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = branchWithOrigin(sb);
  git(sb, repo, ['checkout', '-q', '--detach']);
  let report = JSON.parse(driftGits(sb, repo, ['check', '--json']).out);
  t.equal(report.range, 'origin/main..HEAD');
  t.same(
    report.commits.map((c: { subject: string }) => c.subject),
    ['add f.txt'],
  );
  git(sb, repo, ['checkout', '-q', 'main']);
  git(sb, repo, ['tag', 'main', 'HEAD']);
  report = JSON.parse(driftGits(sb, repo, ['check', '--json']).out);
  t.match(report.notice, 'on the default branch main: checking the commits not yet on origin/main', 'main is the branch checked out, though `main` alone is ambiguous');
  t.same(report.commits, []);
});

t.test('status reads its settings, notes.rewriteRef and every remote with one git config call, and finds the remotes git remote lists', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = branchWithOrigin(sb);
  const wire = (remote: string) => `+refs/notes/drift*:refs/notes/drift-remote/${remote}*`;
  git(sb, repo, ['config', '--add', 'remote.origin.fetch', wire('origin')]);
  git(sb, repo, ['remote', 'add', 'Up.Stream', join(sb.root, 'origin.git')]); // a dotted name, with its case
  git(sb, repo, ['config', '--add', 'remote.Up.Stream.fetch', '+refs/notes/drift:refs/notes/drift-remote/Up.Stream']); // an older install's exact refspec
  git(sb, repo, ['config', 'remote.pushurl-only.pushurl', join(sb.root, 'origin.git')]); // a remote with no fetch refspec
  git(sb, repo, ['config', 'remote.pushDefault', 'origin']); // names no remote
  git(sb, repo, ['config', '--add', 'notes.rewriteRef', 'refs/notes/other']);
  git(sb, repo, ['config', '--add', 'notes.rewriteRef', 'refs/notes/drift']);
  const { gits, out } = driftGits(sb, repo, ['status', '--json']);
  const report = JSON.parse(out);
  t.same(
    report.fetch,
    [
      { remote: 'Up.Stream', state: 'legacy' },
      { remote: 'origin', state: 'ok' },
      { remote: 'pushurl-only', state: 'missing' },
    ],
    "every remote, in git remote's order (bytewise), with its state",
  );
  t.same(
    report.fetch.map((f: { remote: string }) => f.remote),
    git(sb, repo, ['remote']).split('\n'),
    'the remotes git remote lists',
  );
  t.equal(report.rewriteRef, true, 'the second notes.rewriteRef value covers refs/notes/drift');
  t.same(names(gits), ['config', 'notes', 'rev-parse', 'version'], 'git version, the repository, the settings with the notes wiring, the notes: no git remote, no call per remote or per key');
});

/**
 * Blame over a cut history (src/git/blame/cut.ts): blaming revision ranges of the history at
 * once and following boundary lines down the cuts gives exactly what one plain `git blame
 * --porcelain` gives, over a real repository with a merged branch, a rename, a root
 * commit, uncommitted lines, `-L`, a revision, a subdirectory, and cuts that are
 * awkward on purpose (before the rename, on an unmerged branch, where the file did not
 * exist yet).
 */
import t, { type Test } from 'tap';
import { mkdirSync, renameSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, isolateProcessGit, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { blameCutHistory, planCuts, readBlame, type BlameRequest } from '../src/git/blame.js';
import { GitError } from '../src/git/run.js';

isolateProcessGit(t);

/** A deterministic pseudo-random sequence (LCG), so the history is the same on every run. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

interface History {
  sb: Sandbox;
  repo: string;
  /** Commits of main touching the file, newest first. */
  main: string[];
  /** The commit just before the rename (the file was `old.txt` there). */
  beforeRename: string;
  /** A commit on a branch never merged. */
  unmerged: string;
  /** The first commit (the file does not exist there). */
  first: string;
}

/**
 * main: 24 commits edit old.txt (insert, replace, delete a few lines each); a branch forks
 * at the 8th and edits other lines 4 times; main renames old.txt to src/file.txt and edits
 * on; the branch is merged (no fast-forward) and main edits 12 more times. Another branch
 * edits the file and is never merged.
 */
function buildHistory(t: Test): History {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const first = git(sb, repo, ['rev-parse', 'HEAD']);
  const rnd = random(7);
  let path = join(repo, 'old.txt');
  let lines = Array.from({ length: 80 }, (_, i) => `line ${i} of the original text`);
  const save = () => writeFileSync(path, `${lines.join('\n')}\n`);
  const edit = (round: number, from = 0, to = lines.length) => {
    const at = from + Math.floor(rnd() * (to - from - 4));
    const kind = Math.floor(rnd() * 3);
    if (kind === 0) lines.splice(at, 0, `inserted in round ${round}`, `and a second line of round ${round}`);
    else if (kind === 1) lines[at] = `replaced in round ${round}`;
    else lines.splice(at, 1);
    save();
  };
  const commit = (m: string) => {
    git(sb, repo, ['add', '-A']);
    git(sb, repo, ['commit', '-q', '-m', m]);
  };
  save();
  commit('add old.txt');
  for (let i = 1; i <= 24; i++) {
    edit(i, 40);
    commit(`edit ${i}`);
    if (i === 8) git(sb, repo, ['branch', 'side']);
  }
  git(sb, repo, ['checkout', '-q', 'side']);
  lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  for (let i = 1; i <= 4; i++) {
    lines[2 + i * 3] = `side branch change ${i}`;
    save();
    commit(`side ${i}`);
  }
  git(sb, repo, ['checkout', '-q', 'main']);
  lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const beforeRename = git(sb, repo, ['rev-parse', 'HEAD']);
  mkdirSync(join(repo, 'src'));
  renameSync(path, join(repo, 'src', 'file.txt'));
  path = join(repo, 'src', 'file.txt');
  lines[60] = 'changed along with the rename';
  save();
  commit('move old.txt to src/file.txt');
  git(sb, repo, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side']);
  lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  for (let i = 25; i <= 36; i++) {
    edit(i, 30);
    commit(`edit ${i}`);
  }
  git(sb, repo, ['checkout', '-q', '-b', 'unmerged']);
  lines[50] = 'a change main never sees';
  save();
  commit('unmerged change');
  const unmerged = git(sb, repo, ['rev-parse', 'HEAD']);
  git(sb, repo, ['checkout', '-q', 'main']);
  const main = git(sb, repo, ['rev-list', 'HEAD', '--', 'src/file.txt']).split('\n');
  return { sb, repo, main, beforeRename, unmerged, first };
}

t.test('cut histories blame exactly as plain git blame', async (t) => {
  const h = buildHistory(t);
  t.ok(h.main.length >= 12, `the file's listed history (${h.main.length} commits) is long enough to cut`);
  const sideCommits = git(h.sb, h.repo, ['rev-list', 'main..side']).split('\n');
  const top = h.repo;
  const cutSets: [string, string[]][] = [
    ['evenly spaced', [h.main[Math.floor(h.main.length / 3)]!, h.main[Math.floor((2 * h.main.length) / 3)]!]],
    ['a cut on the merged branch', [sideCommits[1]!]],
    ['a cut before the rename', [h.beforeRename]],
    ['a cut on a branch never merged', [h.unmerged]],
    ['a cut where the file did not exist', [h.first]],
    ['many cuts', h.main.slice(1, -1)],
  ];
  const requests: [string, string, BlameRequest][] = [
    ['the work tree', h.repo, { file: 'src/file.txt' }],
    ['a revision', h.repo, { file: 'src/file.txt', revision: 'HEAD~3' }],
    ['-L', h.repo, { file: 'src/file.txt', range: { start: 30, end: 75 } }],
    ['a subdirectory', join(h.repo, 'src'), { file: 'file.txt' }],
  ];
  // Uncommitted lines in the work tree.
  const wt = join(h.repo, 'src', 'file.txt');
  const text = readFileSync(wt, 'utf8').split('\n');
  text[3] = 'an uncommitted change';
  writeFileSync(wt, text.join('\n'));
  let boundaryLines = 0;
  for (const [what, cwd, req] of requests) {
    const plain = await readBlame(cwd, req, { jobs: 1 });
    t.ok(plain.length > 20, `${what}: plain blame has lines`);
    if (what === 'the work tree')
      t.ok(
        plain.some((e) => e.commit === '0'.repeat(40)),
        'the work tree has an uncommitted line',
      );
    const commits = new Set(plain.map((e) => e.commit));
    t.ok(commits.size > 5, `${what}: lines come from ${commits.size} commits`);
    for (const [how, cuts] of cutSets) {
      const split = await blameCutHistory(cwd, req, cuts, () => ({ path: 'src/file.txt', top }));
      t.same(split, plain, `${what}, ${how}: the same entries as plain git blame`);
    }
    boundaryLines += plain.filter((e) => h.main.indexOf(e.commit) > Math.floor(h.main.length / 3)).length;
  }
  t.ok(boundaryLines > 0, 'some lines come from below the first cut, so boundaries were followed');
});

t.test('readBlame cuts a long linear history and gives plain git blame', async (t) => {
  const h = buildHistory(t);
  const req = { file: 'src/file.txt' };
  const linear = { file: 'old.txt', revision: h.beforeRename };
  const before = git(h.sb, h.repo, ['rev-list', h.beforeRename, '--', 'old.txt']).split('\n');
  const cuts = await planCuts(h.repo, linear, 3, { minCommits: 10, listDeadlineMs: 10_000 });
  t.ok(cuts, 'a 25-commit linear history is cut when 10 commits are enough');
  t.equal(cuts?.length, 2, 'three revision ranges, two cuts');
  t.same(cuts, [before[Math.floor(before.length / 3)], before[Math.floor((2 * before.length) / 3)]], 'evenly spaced commits of the file');
  t.same(await readBlame(h.repo, linear, { jobs: 3, minCommits: 10, listDeadlineMs: 10_000 }), await readBlame(h.repo, linear, { jobs: 1 }), 'the cut linear history blames as plain git blame');
  // A branch that edits src/file.txt under its own name, merged: the file's history has a merge.
  git(h.sb, h.repo, ['checkout', '-q', '-b', 'late', 'HEAD~5']);
  const file = join(h.repo, 'src', 'file.txt');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^.*$/m, 'first line, changed on a branch'));
  git(h.sb, h.repo, ['commit', '-q', '-a', '-m', 'late branch']);
  git(h.sb, h.repo, ['checkout', '-q', 'main']);
  git(h.sb, h.repo, ['merge', '-q', '--no-ff', '-m', 'merge late', 'late']);
  t.equal(await planCuts(h.repo, req, 3, { minCommits: 10, listDeadlineMs: 10_000 }), null, 'a history with a merged branch is blamed plainly: fork points would need a blame each');
  t.equal(await planCuts(h.repo, linear, 3, { minCommits: 1000, listDeadlineMs: 10_000 }), null, 'a short history is blamed plainly');
  t.equal(await planCuts(h.repo, { file: 'nowhere.txt' }, 3, { minCommits: 1, listDeadlineMs: 10_000 }), null, 'a file without history is blamed plainly');
  t.equal(await planCuts(h.repo, linear, 3, { minCommits: 1, listDeadlineMs: 0 }), null, 'a listing past its deadline is given up');
  git(h.sb, h.repo, ['checkout', '-q', h.beforeRename]);
  t.ok(await planCuts(h.repo, { file: 'old.txt' }, 2, { minCommits: 1, listDeadlineMs: 10_000 }), 'the work tree at a linear history is cut');
  git(h.sb, h.repo, ['checkout', '-q', 'main']);
  // From a subdirectory, without the top level given (readBlame answers plain git blame's
  // entries either way; the cut-by-cut equality is held above, by blameCutHistory).
  t.same(await readBlame(join(h.repo, 'src'), { file: 'file.txt' }, { jobs: 3, minCommits: 10, listDeadlineMs: 10_000 }), await readBlame(h.repo, req, { jobs: 1 }));

  const plain = await readBlame(h.repo, req, { jobs: 1 });
  t.same(await readBlame(h.repo, req, { jobs: 3, minCommits: 10, listDeadlineMs: 10_000 }), plain);
  t.same(
    await readBlame(h.repo, { ...req, revision: 'HEAD~2..HEAD' }, { jobs: 3, minCommits: 1 }),
    await readBlame(h.repo, { ...req, revision: 'HEAD~2..HEAD' }, { jobs: 1 }),
    'a revision range is blamed plainly',
  );
  const err = await readBlame(h.repo, { file: 'src/file.txt', range: { start: 5000, end: 5001 } }, { jobs: 3, minCommits: 1, listDeadlineMs: 10_000 }).catch((e: unknown) => e);
  t.ok(err instanceof GitError, "a range past the end is git's error");
  t.match((err as GitError).stderr, /has only \d+ lines/);
});

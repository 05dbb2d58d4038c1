/**
 * writeNotes: many notes as one commit of a notes ref, read back by git itself
 * (`git notes list/show`, `git log --notes`, `git notes merge`), in flat and fanout trees,
 * and without losing a note to a concurrent writer.
 */
import t from 'tap';

// Thousands of notes and racing writers: slow on a loaded machine.
t.setTimeout(300_000);
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { writeNotes } from '../src/notes/write.js';

/** `n` commits on a new branch made by one `git fast-import`; returns their shas, oldest first. */
function makeCommits(sb: Sandbox, repo: string, n: number, branch = 'many'): string[] {
  let stream = '';
  for (let i = 1; i <= n; i++) {
    stream += `commit refs/heads/${branch}\nmark :${i}\ncommitter T <t@example.com> ${1700000000 + i} +0000\ndata ${String(i).length}\n${i}\n`;
    if (i === 1) stream += 'deleteall\n';
  }
  git(sb, repo, ['fast-import', '--quiet'], stream);
  return git(sb, repo, ['rev-list', '--reverse', branch]).split('\n');
}

function listed(sb: Sandbox, repo: string, ref = 'refs/notes/drift'): Map<string, string> {
  const out = git(sb, repo, ['notes', `--ref=${ref}`, 'list']);
  const map = new Map<string, string>();
  const lines = out.split('\n').filter(Boolean);
  for (const line of lines) {
    const [blob, commit] = line.split(' ');
    map.set(commit!, blob!);
  }
  t.equal(map.size, lines.length, 'one note per commit');
  return map;
}

function paths(sb: Sandbox, repo: string, ref = 'refs/notes/drift'): string[] {
  return git(sb, repo, ['ls-tree', '-r', '--name-only', ref]).split('\n').filter(Boolean);
}

t.test('thousands of notes are written as one notes commit that git notes reads', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const commits = makeCommits(sb, repo, 2000);
  const notes = new Map(commits.map((c, i) => [c, `note ${i}\n\n  trailing spaces kept  \n\n\n`]));
  const result = await writeNotes(repo, notes, { env: sb.env });
  t.equal(result.written, 2000);
  t.equal(result.attempts, 1);
  t.equal(git(sb, repo, ['rev-list', '--count', 'refs/notes/drift']), '1', 'one notes commit');
  const list = listed(sb, repo);
  t.equal(list.size, 2000);
  for (const i of [0, 1, 1234, 1999]) {
    t.equal(git(sb, repo, ['cat-file', 'blob', list.get(commits[i]!)!]) + '\n', notes.get(commits[i]!), 'stored byte for byte');
    t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', commits[i]!]) + '\n', notes.get(commits[i]!), 'git notes show');
  }
  t.ok(
    paths(sb, repo).every((p) => /^[0-9a-f]{2}\/[0-9a-f]{38}$/.test(p)),
    '2000 notes get one level of fanout, as git gives them',
  );
  const log = git(sb, repo, ['log', '--notes=drift', '-1', '--format=%N', 'many']);
  t.match(log, /^note 1999/, 'git log --notes shows it');
});

t.test('the tree is the one git writes: git rewriting it after one more note changes no other path', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  for (const n of [10, 600]) {
    const commits = makeCommits(sb, repo, n + 1, `b${n}`);
    const ref = `refs/notes/n${n}`;
    await writeNotes(repo, new Map(commits.slice(0, n).map((c) => [c, `n ${c}\n`])), { ref, env: sb.env });
    const ours = paths(sb, repo, ref);
    git(sb, repo, ['notes', `--ref=${ref}`, 'add', '-m', 'by git', commits[n]!]);
    const theirs = paths(sb, repo, ref);
    t.same(
      theirs.filter((p) => !p.replace(/\//g, '').startsWith(commits[n]!)),
      ours,
      `${n} notes: git keeps every path`,
    );
    t.equal(listed(sb, repo, ref).size, n + 1);
  }
});

t.test('a note that exists is replaced at its path in a fanout tree written by git', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const commits = makeCommits(sb, repo, 700);
  // git's own layout: one note added by git notes, copied to 599 more commits by git.
  git(sb, repo, ['notes', '--ref=drift', 'add', '-m', 'from git', commits[0]!]);
  git(
    sb,
    repo,
    ['notes', '--ref=drift', 'copy', '--stdin'],
    commits
      .slice(1, 600)
      .map((c) => `${commits[0]} ${c}`)
      .join('\n') + '\n',
  );
  const before = paths(sb, repo);
  t.ok(
    before.every((p) => p.includes('/')),
    'git wrote a fanout tree',
  );
  const notes = new Map<string, string>([
    [commits[5]!, 'replaced five\n'],
    [commits[650]!, 'new 650\n'],
  ]);
  await writeNotes(repo, notes, { env: sb.env });
  const after = paths(sb, repo);
  t.equal(after.length, 601);
  t.ok(after.includes(before.find((p) => p.replace(/\//g, '') === commits[5])!), 'replaced at the same path');
  t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', commits[5]!]), 'replaced five', 'no concatenation with an old copy');
  t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', commits[650]!]), 'new 650');
  t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', commits[6]!]), 'from git');
  t.equal(listed(sb, repo).size, 601);
});

t.test('a flat tree that grows past git fanout threshold moves its notes into fanout directories', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const commits = makeCommits(sb, repo, 400);
  for (const c of commits.slice(0, 3)) git(sb, repo, ['notes', '--ref=drift', 'add', '-m', `git ${c}`, c]);
  t.ok(
    paths(sb, repo).every((p) => !p.includes('/')),
    'flat before',
  );
  await writeNotes(repo, new Map(commits.slice(3).map((c) => [c, `ours ${c}\n`])), { env: sb.env });
  const after = paths(sb, repo);
  t.equal(after.length, 400);
  t.ok(
    after.every((p) => /^[0-9a-f]{2}\/[0-9a-f]{38}$/.test(p)),
    'all under one level of fanout',
  );
  t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', commits[1]!]), `git ${commits[1]}`, 'a moved note still reads');
});

t.test('concurrent writers lose no note: each rebuilds on the tip the other moved', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const commits = makeCommits(sb, repo, 8);
  const results = await Promise.all(commits.map((c) => writeNotes(repo, new Map([[c, `mine ${c}\n`]]), { env: sb.env })));
  t.equal(listed(sb, repo).size, 8, 'every note is there');
  t.equal(git(sb, repo, ['rev-list', '--count', 'refs/notes/drift']), '8', 'one commit per writer, none forced over another');
  t.ok(
    results.some((r) => r.attempts > 1),
    'some writer lost a race and tried again',
  );
  for (const c of commits) t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', c]), `mine ${c}`);
});

t.test('git notes merge reads a notes ref writeNotes wrote', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const commits = makeCommits(sb, repo, 300);
  await writeNotes(repo, new Map(commits.slice(0, 200).map((c) => [c, `ours ${c}\n`])), { env: sb.env });
  await writeNotes(repo, new Map(commits.slice(100).map((c) => [c, `theirs ${c}\n`])), { ref: 'refs/notes/other', env: sb.env });
  git(sb, repo, ['notes', '--ref=drift', 'merge', '-s', 'ours', 'refs/notes/other']);
  const list = listed(sb, repo);
  t.equal(list.size, 300);
  t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', commits[150]!]), `ours ${commits[150]}`);
  t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', commits[250]!]), `theirs ${commits[250]}`);
});

t.test('a key that is not a full object name is refused before anything is written', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  writeFileSync(join(repo, 'x'), 'x');
  await t.rejects(writeNotes(repo, new Map([['HEAD', 'x']])), /not a full lowercase object name/);
  await t.rejects(writeNotes(repo, new Map([['../../etc/passwd', 'x']])), /not a full lowercase object name/);
  t.equal(git(sb, repo, ['for-each-ref', 'refs/notes/']), '');
});

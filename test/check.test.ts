/**
 * `git drift check`: passes a branch whose commits all carry valid notes (agent and human,
 * written by the real hooks), fails naming each commit without a note, with an invalid
 * note or with a secret in its note; finds the default branch the way git records it.
 */
import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { addBareRemote, CORPUS, git, isolateProcessGit, makeRepo, makeSandbox, PROJECT, type Sandbox, NEEDS_CORPUS } from './helpers/env.js';
import { installInProcess, replaySession } from './helpers/replay.js';
import { run } from '../src/commands/check.js';
import { CLEAN_MERGE } from '../src/check/judge.js';
import type { CheckReport } from '../src/check/index.js';
import { commandIO } from './helpers/io.js';
import { openNoteChecks } from '../src/store/note-checks.js';
import { mkdirSync } from 'node:fs';

isolateProcessGit(t, 'drift-check-guard-');

const EXAMPLE = join(CORPUS, 'claude-code', 'git-ai-project__git-ai', 'example-claude-code.jsonl');

interface World {
  sb: Sandbox;
  repo: string;
}

function world(t: Test): World {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  return { sb, repo: makeRepo(sb) };
}

/** Commit a file; `hooks: false` commits with GIT_DRIFT=0. Returns the sha. */
function commit(w: World, name: string, hooks = true, text = `${name}\n`): string {
  writeFileSync(join(w.repo, name), text);
  git(w.sb, w.repo, ['add', name]);
  git({ ...w.sb, env: hooks ? w.sb.env : { ...w.sb.env, GIT_DRIFT: '0' } }, w.repo, ['commit', '-q', '-m', `add ${name}`]);
  return git(w.sb, w.repo, ['rev-parse', 'HEAD']);
}

function setNote(w: World, commit: string, text: string): void {
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-f', '-F', '-', commit], text);
}

/** Run the check in-process; returns exit code and output. */
async function check(w: World, range?: string, extra: Record<string, unknown> = {}): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run({ _: [], cwd: w.repo, range, ...extra }, commandIO(w.repo, process.env, { write: (s: string) => (out += s) }));
  return { code, out };
}

async function checkJson(w: World, range?: string): Promise<CheckReport> {
  return JSON.parse((await check(w, range, { json: true })).out) as CheckReport;
}

const VALID = `---
drift: 1
sessions:
  - id: 'claude-code:aaaabbbb-0000-4000-8000-000000000001'
    agent: claude-code
    model: m
    branch: main
    prompts: 1
    edits:
      applied: 1
      rejected: 0
    record: .prompts/sessions/x.md
files:
  x.txt:
    ai:
      'claude-code:aaaabbbb-0000-4000-8000-000000000001': 1-3
    human: '4'
---

## claude-code · aaaabbbb · m

BODY
`;

t.test('a branch whose commits all carry notes passes: agent and human notes from the real hooks', { skip: NEEDS_CORPUS }, async (t) => {
  const w = world(t);
  await installInProcess(w.sb, w.repo);
  replaySession(w.sb, w.repo, EXAMPLE, 'claude-code');
  git(w.sb, w.repo, ['checkout', '-q', '-b', 'feature']);
  git(w.sb, w.repo, ['add', '-A']);
  git(w.sb, w.repo, ['commit', '-q', '-m', 'agent work']);
  commit(w, 'human.txt');
  t.match(git(w.sb, w.repo, ['notes', '--ref=drift', 'show', 'HEAD~1']), /sessions:\n {2}- id: 'claude-code:/, 'the agent commit has a session');
  const { code, out } = await check(w);
  t.equal(code, 0, out);
  t.equal(out, 'ok: 2 commits checked in main..HEAD: 2 ok, 0 missing, 0 invalid\n');
});

t.test('a commit made with GIT_DRIFT=0 fails the check, named', async (t) => {
  const w = world(t);
  await installInProcess(w.sb, w.repo);
  git(w.sb, w.repo, ['checkout', '-q', '-b', 'feature']);
  const good = commit(w, 'a.txt');
  const bad = commit(w, 'b.txt', false);
  const cli = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'check'], { cwd: w.repo, env: w.sb.env, encoding: 'utf8' });
  t.equal(cli.status, 1, 'exit 1');
  t.equal(
    cli.stdout,
    `missing ${bad.slice(0, 8)} add b.txt: no drift note (made with hooks off, or its note was not pushed): run git drift capture ${bad.slice(0, 8)} where its agent logs are, then git drift sync\n` +
      'FAILED: 2 commits checked in main..HEAD: 1 ok, 1 missing, 0 invalid\n',
  );
  t.same(await checkJson(w), {
    ok: false,
    range: 'main..HEAD',
    notice: null,
    commits: [
      { commit: bad, subject: 'add b.txt', status: 'missing', reason: 'no drift note' },
      { commit: good, subject: 'add a.txt', status: 'ok', reason: null },
    ],
    policy: null,
  });
  const github = (await check(w, undefined, { format: 'github' })).out;
  t.equal(
    github.split('\n')[0],
    `::error title=git drift%3A missing note on ${bad.slice(0, 8)}::${bad.slice(0, 8)} add b.txt: no drift note (made with hooks off, or its note was not pushed): run git drift capture ${bad.slice(0, 8)} where its agent logs are, then git drift sync`,
  );
  spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'capture', bad], { cwd: w.repo, env: w.sb.env });
  t.equal((await check(w)).code, 0, 'git drift capture fixes it');
});

t.test('an in-process check reads its sandbox whatever GIT_*, HOME, agent homes and LLM key the tests were started with', async (t) => {
  const w = world(t);
  // As in a git hook or under `git rebase --exec 'npm test'`: git's variables name another repository.
  const started = {
    GIT_DIR: join(w.sb.root, 'elsewhere.git'),
    GIT_WORK_TREE: w.sb.root,
    GIT_INDEX_FILE: join(w.sb.root, 'index'),
    HOME: process.env.HOME,
    CLAUDE_CONFIG_DIR: w.sb.root,
    ANTHROPIC_API_KEY: 'sk-ant-api03-not-a-key',
  };
  Object.assign(process.env, started);
  isolateProcessGit(t, 'drift-check-started-');
  t.same(
    Object.keys(started).filter((k) => k !== 'HOME' && k in process.env),
    [],
    'none is left',
  );
  t.not(process.env.HOME, started.HOME, 'HOME is an empty directory of the test');
  const report = await checkJson(w, 'HEAD');
  t.same(
    report.commits.map((c) => [c.subject, c.status]),
    [['initial', 'missing']],
    "the sandbox's commit, not another repository's",
  );
});

t.test('a bad --format is a usage error: exit 2, nothing checked', async (t) => {
  const w = world(t);
  const cli = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'check', '--format', 'xml'], { cwd: w.repo, env: w.sb.env, encoding: 'utf8' });
  t.equal(cli.status, 2);
  t.equal(cli.stdout, '');
  t.match(cli.stderr, 'git-drift: Invalid values:');
});

t.test('corrupted and invalid notes fail with the reason', async (t) => {
  const w = world(t);
  const c = commit(w, 'x.txt', false);
  const cases: [string, string][] = [
    ['---\ndrift: 1\nsessions: [\n---\n', 'frontmatter is not valid YAML'],
    ['just some text\n', 'not a drift-note/1 (drift: undefined)'],
    [VALID.replace("human: '4'", 'human: 4'), 'file x.txt: bad human ranges'],
    [VALID.replace("human: '4'", "human: '3-4'"), 'file x.txt: line 3 is both ai claude-code:aaaabbbb-0000-4000-8000-000000000001 and human'],
    [VALID.replace(': 1-3\n', ": '3,1-2'\n"), 'ranges "3,1-2" are not ascending without overlap'],
    [VALID.replace("human: '4'", "ai-modified:\n      'codex:ffff': '4'"), 'file x.txt: session codex:ffff has lines but is not in `sessions`'],
    [VALID.replace('agent: claude-code', 'agent: codex'), 'agent codex does not match the id'],
    [VALID.replace("human: '4'", "human: '0'"), 'bad ranges "0"'],
  ];
  for (const [text, reason] of cases) {
    setNote(w, c, text);
    const report = await checkJson(w, 'HEAD~1..HEAD');
    t.equal(report.ok, false, reason);
    t.equal(report.commits[0]!.status, 'invalid');
    t.match(report.commits[0]!.reason, reason);
  }
  setNote(w, c, VALID);
  t.same((await checkJson(w, 'HEAD~1..HEAD')).commits[0], { commit: c, subject: 'add x.txt', status: 'ok', reason: null }, 'the valid one passes');
});

t.test('a note that is not UTF-8 is invalid, and the notes read after it stay whole', async (t) => {
  const w = world(t);
  const commits = ['a.txt', 'b.txt', 'c.txt'].map((name) => commit(w, name, false));
  for (const c of commits) setNote(w, c, VALID);
  // The note git lists (and drift reads) first gets bytes that are not UTF-8.
  const first = git(w.sb, w.repo, ['notes', '--ref=drift', 'list']).split('\n')[0]!.split(' ')[1]!;
  const latin1 = join(w.sb.root, 'latin1.txt');
  writeFileSync(latin1, Buffer.from('caf\xe9 cr\xe8me br\xfbl\xe9e\n', 'latin1'));
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-f', '-F', latin1, first]);
  const report = await checkJson(w, 'HEAD~3..HEAD');
  for (const c of report.commits) t.equal(c.status, c.commit === first ? 'invalid' : 'ok', c.commit);
});

t.test('a note that still carries a secret fails, without printing the secret', async (t) => {
  const w = world(t);
  const c = commit(w, 'x.txt', false);
  const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
  setNote(w, c, VALID.replace('BODY', `the token is ${token}`).replace('model: m', 'model: ACME-123456'));
  let { code, out } = await check(w, 'HEAD~1..HEAD');
  t.equal(code, 1);
  t.match(out, 'invalid drift note: carries a secret the redaction rules catch: github in body');
  t.notMatch(out, token);
  t.notMatch(out, 'sessions[0].model', 'the model is no secret yet');
  git(w.sb, w.repo, ['config', '--add', 'drift.redact.pattern', 'ACME-[0-9]{6}']);
  ({ out } = await check(w, 'HEAD~1..HEAD'));
  t.match(out, 'pattern in sessions[0].model; github in body', "the user's drift.redact.pattern counts too");
  setNote(w, c, VALID.replace('BODY', 'the token is [REDACTED:github]'));
  t.equal((await check(w, 'HEAD~1..HEAD')).code, 0, 'a redaction marker is fine');
});

t.test('a note judged once is not judged again: its verdict comes from the cache, under the same rules only', async (t) => {
  const w = world(t);
  const c = commit(w, 'x.txt', false);
  setNote(w, c, VALID.replace('model: m', 'model: ACME-123456'));
  t.equal((await checkJson(w, 'HEAD~1..HEAD')).commits[0]?.status, 'ok');
  const path = join(w.repo, '.git', 'drift', 'note-checks.json');
  const blob = git(w.sb, w.repo, ['notes', '--ref=drift', 'list', c]);
  const cache = JSON.parse(readFileSync(path, 'utf8')) as { verdicts: Record<string, unknown> };
  t.same(cache.verdicts[blob], { status: 'ok', reason: null }, 'the verdict is kept by note blob');
  // A verdict the cache holds is used as is: the note is not read again.
  cache.verdicts[blob] = { status: 'invalid', reason: 'judged before' };
  writeFileSync(path, JSON.stringify(cache));
  t.equal((await checkJson(w, 'HEAD~1..HEAD')).commits[0]?.reason, 'judged before');
  // An entry that is not a verdict is judged again.
  cache.verdicts[blob] = { status: 'ok', reason: 7 };
  writeFileSync(path, JSON.stringify(cache));
  t.equal((await checkJson(w, 'HEAD~1..HEAD')).commits[0]?.status, 'ok');
  // Other redaction patterns are other rules: every note is judged again.
  cache.verdicts[blob] = { status: 'ok', reason: null };
  writeFileSync(path, JSON.stringify(cache));
  git(w.sb, w.repo, ['config', '--add', 'drift.redact.pattern', 'ACME-[0-9]{6}']);
  t.match((await checkJson(w, 'HEAD~1..HEAD')).commits[0]?.reason, 'pattern in sessions[0].model');
});

t.test('the verdict cache keeps every verdict a note can get: ok, invalid, and ok with a reason (a partial note)', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  mkdirSync(join(sb.root, 'drift'), { recursive: true });
  const verdicts = {
    ['a'.repeat(40)]: { status: 'ok' as const, reason: null },
    ['b'.repeat(40)]: { status: 'invalid' as const, reason: 'not a drift-note/1 (drift: 2)' },
    ['c'.repeat(40)]: { status: 'ok' as const, reason: 'partial capture: 3 agent log files were not read within the hook budget' },
  };
  const cache = await openNoteChecks(sb.root, 'rules');
  for (const [blob, v] of Object.entries(verdicts)) cache.set(blob, v);
  await cache.write();
  const again = await openNoteChecks(sb.root, 'rules');
  for (const [blob, v] of Object.entries(verdicts)) t.same(again.get(blob), v, `${v.status} ${v.reason ?? ''} reads back`);
});

t.test('merge commits: a clean one needs no note, one that resolved a conflict does', async (t) => {
  const w = world(t);
  commit(w, 'base.txt', false, 'one\n');
  git(w.sb, w.repo, ['checkout', '-q', '-b', 'side']);
  commit(w, 'side.txt', false);
  commit(w, 'base.txt', false, 'side\n');
  git(w.sb, w.repo, ['checkout', '-q', 'main']);
  commit(w, 'main.txt', false);
  git(w.sb, w.repo, ['merge', '-q', '--no-edit', 'side~1']);
  const clean = git(w.sb, w.repo, ['rev-parse', 'HEAD']);
  commit(w, 'base.txt', false, 'main\n');
  const conflicted = spawnSync('git', ['merge', '-q', '--no-edit', 'side'], { cwd: w.repo, env: w.sb.env });
  t.not(conflicted.status, 0, 'a conflict');
  writeFileSync(join(w.repo, 'base.txt'), 'resolved by hand\n');
  git(w.sb, w.repo, ['add', 'base.txt']);
  git({ ...w.sb, env: { ...w.sb.env, GIT_DRIFT: '0' } }, w.repo, ['commit', '-q', '--no-edit']);
  const resolved = git(w.sb, w.repo, ['rev-parse', 'HEAD']);
  const commits = (await checkJson(w, 'HEAD')).commits;
  t.same(commits.find((c) => c.commit === clean)?.status, 'ok');
  t.same(commits.find((c) => c.commit === clean)?.reason, CLEAN_MERGE);
  t.equal(commits.find((c) => c.commit === resolved)?.status, 'missing');
});

t.test('the default range: the commits of this branch not on the default branch', async (t) => {
  t.test('refs/remotes/origin/HEAD names it', async (t) => {
    const w = world(t);
    const bare = join(w.sb.root, 'remote.git');
    git(w.sb, w.repo, ['branch', '-m', 'trunk']);
    git(w.sb, w.sb.root, ['clone', '-q', '--bare', w.repo, bare]);
    const clone = join(w.sb.root, 'clone');
    git(w.sb, w.sb.root, ['clone', '-q', bare, clone]);
    const cw = { sb: w.sb, repo: clone };
    git(w.sb, clone, ['checkout', '-q', '-b', 'feature']);
    commit(cw, 'a.txt', false);
    const report = await checkJson(cw);
    t.equal(report.range, 'origin/trunk..HEAD');
    t.equal(report.commits.length, 1);
  });
  t.test('init.defaultBranch, then main or master', async (t) => {
    const w = world(t);
    git(w.sb, w.repo, ['branch', '-m', 'master']);
    git(w.sb, w.repo, ['checkout', '-q', '-b', 'develop']);
    commit(w, 'd.txt', false);
    git(w.sb, w.repo, ['checkout', '-q', '-b', 'feature']);
    commit(w, 'f.txt', false);
    t.equal((await checkJson(w)).range, 'master..HEAD', 'master exists');
    git(w.sb, w.repo, ['config', 'init.defaultBranch', 'develop']);
    t.same(
      (await checkJson(w)).commits.map((c) => c.subject),
      ['add f.txt'],
      'init.defaultBranch=develop',
    );
  });
  t.test('none found: say how to name the range', async (t) => {
    const w = world(t);
    git(w.sb, w.repo, ['branch', '-m', 'work']);
    await t.rejects(check(w), { name: 'UserError', message: /cannot tell the default branch .*name the range, e\.g\. git drift check origin\/main\.\.HEAD/ });
  });
  t.test('on the default branch: the commits not yet pushed, said so', async (t) => {
    const w = world(t);
    let report = await checkJson(w);
    t.same(report.commits, []);
    t.match(report.notice, 'on the default branch main, which has no remote-tracking branch to compare with: nothing checked');
    addBareRemote(w.sb, w.repo);
    const local = commit(w, 'unpushed.txt', false);
    report = await checkJson(w);
    t.equal(report.range, 'origin/main..HEAD');
    t.same(
      report.commits.map((c) => c.commit),
      [local],
    );
    t.match(report.notice, 'on the default branch main: checking the commits not yet on origin/main');
    t.match((await check(w, undefined, { format: 'github' })).out, /^::notice title=git drift check::on the default branch main/);
  });
  t.test('a range git cannot read is a user error', async (t) => {
    const w = world(t);
    await t.rejects(check(w, 'nope..HEAD'), { name: 'UserError', message: /cannot read the revision range "nope\.\.HEAD"/ });
  });
});

t.test('1000 commits are checked with a handful of git calls', async (t) => {
  const w = world(t);
  const parts: string[] = [];
  const n = 1000;
  const parent = git(w.sb, w.repo, ['rev-parse', 'HEAD']);
  for (let i = 0; i < n; i++) {
    const msg = `c${i}`;
    parts.push(`commit refs/heads/main\nmark :${i + 1}\ncommitter T <t@example.com> ${1700000000 + i} +0000\ndata ${msg.length}\n${msg}\n${i === 0 ? `from ${parent}\n` : ''}`);
  }
  parts.push('commit refs/notes/drift\ncommitter T <t@example.com> 1700000000 +0000\ndata 5\nnotes\n');
  for (let i = 0; i < n; i++) parts.push(`N inline :${i + 1}\ndata ${Buffer.byteLength(VALID)}\n${VALID}\n`);
  const done = spawnSync('git', ['fast-import', '--quiet'], { cwd: w.repo, env: w.sb.env, input: parts.join('') });
  t.equal(done.status, 0, String(done.stderr));
  const started = Date.now();
  const report = await checkJson(w, `${parent}..main`);
  const ms = Date.now() - started;
  t.comment(`git drift check on ${n} commits: ${ms} ms`);
  t.equal(report.commits.length, n);
  t.ok(report.ok);
  t.ok(ms < 20_000, `${ms} ms`);
});

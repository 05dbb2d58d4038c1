/**
 * Notes travel between clones and never get lost: a local bare remote, two clones with the
 * real installed hooks (the built bin/git-drift-hook), `git drift sync`, plain
 * `git fetch`/`git pull`, and the notes-ref merge on its own (fanout trees, updates).
 */
import t, { type Test } from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { git, isolateProcessGit, makeRepo, PROJECT, type Sandbox } from './helpers/env.js';
import { makeTwoClones } from './helpers/clones.js';
import { sandboxTemplateAsync } from './helpers/template.js';
import { run as syncRun } from '../src/commands/sync.js';
import { parseNote, renderNote, type Note } from '../src/notes/index.js';
import { mergeNotesRef } from '../src/notes/refs.js';
import { commandIO } from './helpers/io.js';

isolateProcessGit(t, 'drift-sync-guard-');

interface World {
  sb: Sandbox;
  bare: string;
  /** Two clones of `bare`, git drift installed in both (so both fetch notes into refs/notes/drift-remote/origin). */
  a: string;
  b: string;
}

/** Each test's own copy of one set-up (built once per file: helpers/template.ts). */
const world: (t: Test) => Promise<World> = sandboxTemplateAsync(makeTwoClones);

/** Commit a new file with the hooks on (post-commit writes the note); returns the commit sha. */
function commit(w: World, repo: string, name: string, env: NodeJS.ProcessEnv = w.sb.env): string {
  writeFileSync(join(repo, name), `${name}\n`);
  git(w.sb, repo, ['add', name]);
  const done = spawnSync('git', ['commit', '-q', '-m', `add ${name}`], { cwd: repo, env, encoding: 'utf8' });
  if (done.status !== 0) throw new Error(done.stderr);
  return git(w.sb, repo, ['rev-parse', 'HEAD']);
}

/** Annotated commit → note text under `ref`, read with one `git cat-file --batch`. */
function notes(w: World, repo: string, ref = 'refs/notes/drift'): Map<string, string> {
  const list = run(w, repo, ['notes', `--ref=${ref}`, 'list'])
    .stdout.split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ') as [string, string]);
  const batch = Buffer.from(spawnSync('git', ['cat-file', '--batch'], { cwd: repo, env: w.sb.env, input: list.map(([blob]) => `${blob}\n`).join('') }).stdout);
  const out = new Map<string, string>();
  let pos = 0;
  for (const [, commit] of list) {
    const nl = batch.indexOf(0x0a, pos);
    const size = Number(batch.subarray(pos, nl).toString().split(' ')[2]);
    out.set(
      commit,
      batch
        .subarray(nl + 1, nl + 1 + size)
        .toString('utf8')
        .replace(/\n$/, ''),
    );
    pos = nl + 1 + size + 1;
  }
  return out;
}

/** `git drift sync` in `repo`, in this process; returns what it printed. */
async function sync(w: World, repo: string): Promise<string> {
  let out = '';
  await syncRun({ _: [], cwd: repo }, commandIO(repo, w.sb.env, { write: (s: string) => (out += s) }));
  return out;
}

function run(w: World, cwd: string, args: string[], extra: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, env: { ...w.sb.env, ...extra }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const S1 = 'claude-code:11111111-aaaa-4000-8000-000000000001';
const S2 = 'codex:22222222-bbbb-4000-8000-000000000002';

function agentNote(id: string, files: Note['files']): string {
  const agent = id.slice(0, id.indexOf(':'));
  const session = { id, agent, model: 'm', branch: 'main', prompts: 1, edits: { applied: 1, rejected: 0 }, record: `.prompts/sessions/${agent}.md` };
  return renderNote({ drift: 1, sessions: [session], files, body: `## ${agent} · ${id.slice(id.indexOf(':') + 1, id.indexOf(':') + 9)} · m\n\nwork of ${agent}\n` });
}

/**
 * A commit whose note is set-up, not what the test is about: commit a new file with the
 * hooks off and add a note like the one post-commit writes (one `git notes add` instead of
 * the hook's node start); returns the commit sha.
 */
function commitNoted(w: World, repo: string, name: string): string {
  const sha = commit(w, repo, name, { ...w.sb.env, GIT_DRIFT: '0' });
  git(w.sb, repo, ['notes', '--ref=drift', 'add', '-m', agentNote(S1, { [name]: { ai: { [S1]: '1' } } }).trimEnd(), sha]);
  return sha;
}

t.test('both clones commit and push with hooks off; after git drift sync both hold every note', async (t) => {
  const w = await world(t);
  const off = { ...w.sb.env, GIT_DRIFT: '0' };
  const ca = commitNoted(w, w.a, 'a.txt');
  const cb = commitNoted(w, w.b, 'b.txt');
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main'], off).status, 0);
  t.equal(run(w, w.b, ['push', '-q', 'origin', 'HEAD:refs/heads/feature-b'], off).status, 0);
  t.equal(git(w.sb, w.bare, ['for-each-ref', 'refs/notes/']), '', 'no notes pushed yet');

  t.match(await sync(w, w.a), /origin has no refs\/notes\/drift yet\npushed refs\/notes\/drift to origin\n/);
  const out = await sync(w, w.b);
  t.match(out, "fetched origin's refs/notes/drift into refs/notes/drift-remote/origin");
  t.match(out, /merged origin's notes into refs\/notes\/drift: 1 note added, 0 updated, 0 merged from both sides \(commit [0-9a-f]{8}\)/);
  t.match(out, 'pushed refs/notes/drift to origin');
  t.match(await sync(w, w.a), "refs/notes/drift fast-forwarded to origin's notes");
  for (const repo of [w.a, w.b, w.bare]) t.same([...notes(w, repo).keys()].sort(), [ca, cb].sort(), `${repo} holds every note`);
  t.equal(git(w.sb, w.a, ['rev-parse', 'refs/notes/drift']), git(w.sb, w.b, ['rev-parse', 'refs/notes/drift']), 'one history');
  t.match(await sync(w, w.a), 'refs/notes/drift already holds every note of origin\npushed refs/notes/drift to origin\n', 'again: nothing to do');
});

t.test('with the hooks: a plain git pull merges the notes, and pre-push merges a remote that moved', async (t) => {
  const w = await world(t);
  const ca = commit(w, w.a, 'a.txt');
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main']).status, 0);
  const cb = commit(w, w.b, 'b.txt');
  const pulled = run(w, w.b, ['pull', '-q', '--no-rebase', '--no-edit']);
  t.equal(pulled.status, 0, pulled.stderr);
  t.ok(notes(w, w.b).has(ca), "git pull fetched a's note and post-merge merged it");
  t.ok(notes(w, w.b).has(cb));
  const pushed = run(w, w.b, ['push', '-q']);
  t.equal(pushed.status, 0, pushed.stderr);
  t.same([...notes(w, w.bare).keys()].sort(), [ca, cb].sort());

  const ca2 = commit(w, w.a, 'a2.txt');
  const moved = run(w, w.a, ['push', '-q', 'origin', 'HEAD:refs/heads/feature-a2']);
  t.equal(moved.status, 0, moved.stderr);
  t.same(
    moved.stderr.split('\n').filter((l) => l.startsWith('git-drift:')),
    [],
    'quiet',
  );
  t.same([...notes(w, w.bare).keys()].sort(), [ca, cb, ca2].sort(), 'pre-push fetched, merged and pushed once more');
  t.same([...notes(w, w.a).keys()].sort(), [ca, cb, ca2].sort());
});

t.test('a plain git fetch, then the next commit merges the notes', async (t) => {
  const w = await world(t);
  const ca = commitNoted(w, w.a, 'a.txt');
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main', 'refs/notes/drift'], { GIT_DRIFT: '0' }).status, 0);
  t.equal(run(w, w.b, ['fetch', '-q']).status, 0);
  t.notOk(notes(w, w.b).has(ca), 'a fetch alone runs no hook');
  t.ok(notes(w, w.b, 'refs/notes/drift-remote/origin').has(ca), 'the notes arrived in refs/notes/drift-remote/origin');
  const cb = commit(w, w.b, 'b.txt');
  t.same([...notes(w, w.b).keys()].sort(), [ca, cb].sort(), 'the post-commit run merged them');
  const log = readFileSync(join(w.b, '.git', 'drift', 'drift.log'), 'utf8');
  t.equal(log.match(/merged refs\/notes\/drift-remote\/origin/g)?.length, 1);
  commit(w, w.b, 'c.txt');
  const again = readFileSync(join(w.b, '.git', 'drift', 'drift.log'), 'utf8');
  t.equal(again.match(/merged refs\/notes\/drift-remote\/origin/g)?.length, 1, 'the next hook run skips the unchanged remote-tracking ref');
});

t.test('a commit annotated differently in the two clones ends with the union in both', async (t) => {
  const w = await world(t);
  const c = commit(w, w.a, 'shared.txt', { ...w.sb.env, GIT_DRIFT: '0' });
  git(w.sb, w.a, ['notes', '--ref=drift', 'add', '-f', '-m', agentNote(S1, { 'shared.txt': { ai: { [S1]: '1' } } }).trimEnd()]);
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main']).status, 0);
  git(w.sb, w.b, ['fetch', '-q', 'origin', 'main']);
  git(w.sb, w.b, ['notes', '--ref=drift', 'add', '-f', '-m', agentNote(S2, { 'shared.txt': { 'ai-modified': { [S2]: '1' } } }).trimEnd(), c]);
  await sync(w, w.b);
  await sync(w, w.a);
  for (const repo of [w.a, w.b]) {
    const note = parseNote(notes(w, repo).get(c)!) as Note;
    t.same(
      note.sessions.map((s) => s.id),
      [S1, S2],
      'both sessions',
    );
    t.same(note.files['shared.txt'], { ai: { [S1]: '1' } }, 'one owner per line: ai over ai-modified');
    t.match(note.body, 'work of claude-code');
    t.match(note.body, 'work of codex');
  }
  t.equal(notes(w, w.a).get(c), notes(w, w.b).get(c));
});

t.test('a forced fetch never destroys an unpushed local note', async (t) => {
  const w = await world(t);
  const ca = commitNoted(w, w.a, 'a.txt');
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main', 'refs/notes/drift'], { GIT_DRIFT: '0' }).status, 0);
  const cb = commitNoted(w, w.b, 'b.txt');
  const mine = notes(w, w.b).get(cb);
  t.ok(mine, 'b has a local note, not pushed');
  for (const args of [
    ['fetch', '-q', '--force'],
    ['fetch', '-q', '--force', 'origin', '+refs/notes/drift:refs/notes/drift-remote/origin'],
  ]) {
    t.equal(run(w, w.b, args).status, 0);
    t.equal(notes(w, w.b).get(cb), mine, `${args.join(' ')} left refs/notes/drift alone`);
  }
  t.equal(run(w, w.b, ['pull', '-q', '--rebase', 'origin', 'main']).status, 0);
  const after = notes(w, w.b);
  t.ok(after.has(ca), "the remote's note merged");
  const rebased = git(w.sb, w.b, ['rev-parse', 'HEAD']);
  t.ok(after.has(cb) || after.has(rebased), 'the local note survives (on the rebased commit, through notes.rewriteRef)');
});

t.test('a note only the remote changed since the last merge is taken as is, not unioned with its old version', async (t) => {
  const w = await world(t);
  const off = { ...w.sb.env, GIT_DRIFT: '0' };
  const c = commit(w, w.a, 'a.txt', off);
  git(w.sb, w.a, ['notes', '--ref=drift', 'add', '-f', '-m', agentNote(S1, { 'a.txt': { ai: { [S1]: '1' } } }).trimEnd()]);
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main']).status, 0);
  await sync(w, w.b);
  const fixed = agentNote(S1, { 'a.txt': { human: '1' } }).trimEnd();
  git(w.sb, w.a, ['notes', '--ref=drift', 'add', '-f', '-m', fixed, c]);
  await sync(w, w.a);
  commitNoted(w, w.b, 'b.txt');
  const out = await sync(w, w.b);
  t.match(out, '0 notes added, 1 updated, 0 merged');
  t.equal(notes(w, w.b).get(c), fixed);
});

t.test('a note that is not UTF-8, changed on both sides, keeps every byte of both', async (t) => {
  const w = await world(t);
  const off = { ...w.sb.env, GIT_DRIFT: '0' };
  const c = commit(w, w.a, 'a.txt', off);
  const latin1 = join(w.sb.root, 'latin1.txt');
  writeFileSync(latin1, Buffer.from('caf\xe9\n', 'latin1'));
  git(w.sb, w.a, ['notes', '--ref=drift', 'add', '-F', latin1, c]);
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main', 'refs/notes/drift'], off).status, 0);
  git(w.sb, w.b, ['fetch', '-q', 'origin', 'main']);
  git(w.sb, w.b, ['notes', '--ref=drift', 'add', '-m', 'b side', c]);
  t.match(await sync(w, w.b), '0 notes added, 0 updated, 1 merged');
  const blob = git(w.sb, w.b, ['notes', '--ref=drift', 'list', c]);
  const bytes = spawnSync('git', ['cat-file', 'blob', blob], { cwd: w.b, env: w.sb.env }).stdout;
  t.same(bytes, Buffer.from('b side\n\ncaf\xe9\n', 'latin1'));
});

t.test('sync: drift.push=false merges without pushing; no remote is a user error', async (t) => {
  const w = await world(t);
  commitNoted(w, w.a, 'a.txt');
  git(w.sb, w.a, ['config', 'drift.push', 'false']);
  t.match(await sync(w, w.a), 'not pushed: drift.push is false');
  t.equal(git(w.sb, w.bare, ['for-each-ref', 'refs/notes/']), '');
  const lonely = makeRepo(w.sb, 'lonely');
  const r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'sync'], { cwd: lonely, env: w.sb.env, encoding: 'utf8' });
  t.equal(r.status, 1);
  t.match(r.stderr, 'git-drift: no remote to sync with: add one (git remote add origin <url>) or name it: git drift sync <remote>');
  const bad = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'sync', 'nowhere'], { cwd: w.a, env: w.sb.env, encoding: 'utf8' });
  t.equal(bad.status, 1);
  t.match(bad.stderr, /git-drift: cannot sync notes with nowhere: .* \(check the remote with: git remote -v\)/);
});

t.test('sync without a committer identity says how to set one', async (t) => {
  const w = await world(t);
  const off = { ...w.sb.env, GIT_DRIFT: '0' };
  commit(w, w.a, 'a.txt', off);
  git(w.sb, w.a, ['notes', '--ref=drift', 'add', '-m', 'a']);
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main', 'refs/notes/drift'], off).status, 0);
  git(w.sb, w.b, ['notes', '--ref=drift', 'add', '-m', 'b']);
  const anonymous: NodeJS.ProcessEnv = { ...w.sb.env, GIT_CONFIG_GLOBAL: '/dev/null', EMAIL: '' };
  for (const key of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']) delete anonymous[key];
  git(w.sb, w.b, ['config', 'user.useConfigOnly', 'true']);
  const done = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'sync'], { cwd: w.b, env: anonymous, encoding: 'utf8' });
  t.equal(done.status, 1);
  t.match(done.stderr, 'git-drift: merging the notes makes a commit, and git does not know who you are: set user.name and user.email');
  t.equal(git(w.sb, w.b, ['notes', '--ref=drift', 'show', 'HEAD']), 'b', 'our note is untouched');
});

/** Write `count` commits and a note on each in one `git fast-import` (which fans the notes tree out). */
function importNotes(w: World, repo: string, branch: string, count: number, text: (i: number) => string, from?: string): void {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = i === 0 && from ? `from ${from}\n` : '';
    const message = `${branch} ${i}`;
    parts.push(`commit refs/heads/${branch}\nmark :${i + 1}\ncommitter T <t@example.com> ${1700000000 + i} +0000\ndata ${message.length}\n${message}\n${start}`);
  }
  const parent = run(w, repo, ['rev-parse', '--verify', '--quiet', 'refs/notes/drift']).stdout.trim();
  parts.push(`commit refs/notes/drift\ncommitter T <t@example.com> 1700000000 +0000\ndata 6\nnotes\n${parent ? `from ${parent}\n` : ''}`);
  for (let i = 0; i < count; i++) {
    const body = text(i);
    parts.push(`N inline :${i + 1}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
  }
  const done = spawnSync('git', ['fast-import', '--quiet'], { cwd: repo, env: w.sb.env, input: parts.join('') });
  if (done.status !== 0) throw new Error(String(done.stderr));
}

t.test('merging fanned-out notes trees keeps every note of both sides', async (t) => {
  const w = await world(t);
  const base = git(w.sb, w.a, ['rev-parse', 'HEAD']);
  importNotes(w, w.a, 'many-a', 300, (i) => `a ${i}`, base);
  git(w.sb, w.a, ['notes', '--ref=drift', 'add', '-m', 'a on the initial commit', base]);
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'many-a', 'refs/notes/drift'], { GIT_DRIFT: '0' }).status, 0);
  importNotes(w, w.b, 'many-b', 300, (i) => `b ${i}`, base);
  git(w.sb, w.b, ['notes', '--ref=drift', 'add', '-m', 'b on the initial commit', base]);
  t.ok(
    git(w.sb, w.b, ['ls-tree', 'refs/notes/drift'])
      .split('\n')
      .some((l) => /\t[0-9a-f]{2}$/.test(l)),
    'the tree fans out',
  );
  git(w.sb, w.b, ['fetch', '-q', 'origin', '+refs/notes/drift:refs/notes/drift-remote/origin', 'many-a']);
  const ours = git(w.sb, w.b, ['rev-parse', 'refs/notes/drift']);
  const started = Date.now();
  const result = await mergeNotesRef(w.b, 'refs/notes/drift-remote/origin', { env: w.sb.env });
  t.comment(`merged 2 × 301 notes in ${Date.now() - started} ms`);
  t.same({ ...result, head: null }, { outcome: 'merged', added: 300, updated: 0, merged: 1, head: null });
  const merged = notes(w, w.b);
  t.equal(merged.size, 601);
  t.equal(merged.get(base), 'a on the initial commit\n\nb on the initial commit', 'two non-drift texts on one commit: both kept');
  t.equal(merged.get(git(w.sb, w.b, ['rev-parse', 'origin/many-a'])), 'a 299');
  t.equal(merged.get(git(w.sb, w.b, ['rev-parse', 'many-b'])), 'b 299');
  t.same(git(w.sb, w.b, ['rev-list', '--parents', '-n', '1', 'refs/notes/drift']).split(' ').slice(1), [ours, git(w.sb, w.b, ['rev-parse', 'refs/notes/drift-remote/origin'])]);
  t.ok(
    git(w.sb, w.b, ['ls-tree', 'refs/notes/drift'])
      .split('\n')
      .every((l) => /\t[0-9a-f]{2}$/.test(l)),
    'still fanned out, no flat entries',
  );
  t.same(await mergeNotesRef(w.b, 'refs/notes/drift-remote/origin', { env: w.sb.env }), { outcome: 'up-to-date', added: 0, updated: 0, merged: 0, head: result.head });
});

t.test('a hook never fails because fetched notes cannot be merged: one line, and the commit stands', async (t) => {
  const w = await world(t);
  commitNoted(w, w.a, 'a.txt');
  t.equal(run(w, w.a, ['push', '-q', 'origin', 'main', 'refs/notes/drift'], { GIT_DRIFT: '0' }).status, 0);
  t.equal(run(w, w.b, ['fetch', '-q']).status, 0);
  // The state file cannot be written: a directory sits where it goes.
  mkdirSync(join(w.b, '.git', 'drift', 'merged-remote-notes'), { recursive: true });
  writeFileSync(join(w.b, 'b.txt'), 'b\n');
  git(w.sb, w.b, ['add', 'b.txt']);
  const done = run(w, w.b, ['commit', '-q', '-m', 'b']);
  t.equal(done.status, 0, 'the commit went through');
  const lines = done.stderr.split('\n').filter((l) => l.startsWith('git-drift:'));
  t.equal(lines.length, 1);
  t.match(lines[0], /^git-drift: fetched notes not merged: .* \(run: git drift sync\)$/);
  t.ok(notes(w, w.b).has(git(w.sb, w.b, ['rev-parse', 'HEAD'])), 'the capture still wrote its note');
});

import t, { type Test } from 'tap';
import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build, type Plugin } from 'esbuild';
import { addBareRemote, makeSandbox, makeRepo, git, isolateProcessGit, PROJECT, type Sandbox } from './helpers/env.js';
import { run, renderRejected } from '../src/hooks/pre-push.js';
import { run as installRun } from '../src/commands/install.js';
import { commandIO } from './helpers/io.js';

isolateProcessGit(t, 'drift-prepush-guard-');

interface World {
  sb: Sandbox;
  repo: string;
  /** A bare repository the work repo knows as `origin`, with `main` pushed. */
  bare: string;
}

function world(t: Test): World {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  return { sb, repo, bare: addBareRemote(sb, repo) };
}

function remoteNotes(w: World): string {
  return git(w.sb, w.bare, ['for-each-ref', '--format=%(objectname)', 'refs/notes/drift']);
}

function localNotes(w: World, cwd = w.repo): string {
  return git(w.sb, cwd, ['rev-parse', 'refs/notes/drift']);
}

/** A second clone of the remote that annotates HEAD and pushes its notes first. */
function theirNotesMoveOn(w: World): void {
  const theirs = join(w.sb.root, 'theirs');
  git(w.sb, w.sb.root, ['clone', '-q', w.bare, theirs]);
  git(w.sb, theirs, ['fetch', '-q', 'origin', 'refs/notes/*:refs/notes/*']);
  writeFileSync(join(theirs, 'theirs.txt'), 'theirs\n');
  git(w.sb, theirs, ['add', '-A']);
  git(w.sb, theirs, ['commit', '-q', '-m', 'theirs']);
  git(w.sb, theirs, ['notes', '--ref=drift', 'add', '-m', 'their note']);
  git(w.sb, theirs, ['push', '-q', 'origin', 'main', 'refs/notes/drift']);
  git(w.sb, w.repo, ['pull', '-q', '--no-rebase', 'origin', 'main']);
}

t.test('pushes refs/notes/drift to the remote being pushed to', async (t) => {
  const w = world(t);
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'x']);
  const report = await run(['origin', w.bare], '', { cwd: w.repo, env: w.sb.env });
  t.same(report, { line: null, detail: 'added the notes fetch refspec to remote origin' }, 'quiet on success; the log tells of the refspec');
  t.equal(remoteNotes(w), localNotes(w));
  t.same(git(w.sb, w.repo, ['config', '--get-all', 'remote.origin.fetch']).split('\n'), ['+refs/heads/*:refs/remotes/origin/*', '+refs/notes/drift*:refs/notes/drift-remote/origin*']);
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'drift.installed.fetch']), 'origin', 'recorded for uninstall');
  t.same(await run(['origin', w.bare], '', { cwd: w.repo, env: w.sb.env }), { line: null, detail: null }, 'quiet when up to date');
});

t.test('pushes to the URL when the push is not to a named remote', async (t) => {
  const w = world(t);
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'x']);
  const url = `file://${w.bare}`;
  t.same(await run([url, url], '', { cwd: w.repo, env: w.sb.env }), { line: null, detail: null });
  t.notMatch(git(w.sb, w.repo, ['config', '--get-all', 'remote.origin.fetch']), /notes/, 'a push to a URL teaches no remote');
  t.equal(remoteNotes(w), localNotes(w));
});

t.test('does nothing without local notes, or with drift.push=false', async (t) => {
  const w = world(t);
  t.same(
    await run(['origin', w.bare], '', { cwd: w.repo, env: w.sb.env }),
    { line: null, detail: 'added the notes fetch refspec to remote origin' },
    'pushes nothing; the fetch refspec is set up all the same',
  );
  t.equal(remoteNotes(w), '', 'no notes ref appeared on the remote');
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'x']);
  git(w.sb, w.repo, ['config', 'drift.push', 'false']);
  t.same(await run(['origin', w.bare], '', { cwd: w.repo, env: w.sb.env }), { line: null, detail: null });
  t.equal(remoteNotes(w), '', 'drift.push=false keeps notes local');
});

t.test('a remote whose notes moved on: its notes are fetched, merged, and ours pushed once more', async (t) => {
  const w = world(t);
  theirNotesMoveOn(w);
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'our note', 'HEAD~1']);
  const theirs = remoteNotes(w);
  const ours = localNotes(w);
  const report = await run(['origin', w.bare], '', { cwd: w.repo, env: w.sb.env });
  t.equal(report.line, null, 'quiet: it worked');
  t.match(report.detail, /notes push rejected; fetched refs\/notes\/drift-remote\/origin: merged \(1 added, 0 updated, 0 merged\); push pushed/);
  t.equal(remoteNotes(w), localNotes(w), 'the remote has our merged notes');
  // The push moved the remote-tracking notes ref along (the fetch refspec pre-push set up maps it).
  t.equal(git(w.sb, w.repo, ['rev-parse', 'refs/notes/drift-remote/origin']), remoteNotes(w), 'the remote-tracking notes ref follows the remote');
  t.same(git(w.sb, w.repo, ['rev-list', '--parents', '-n', '1', 'refs/notes/drift']).split(' ').slice(1), [ours, theirs], 'a merge of both sides: a fast-forward for the remote');
  t.equal(git(w.sb, w.bare, ['notes', '--ref=drift', 'show', 'main~1']), 'our note');
  t.equal(git(w.sb, w.bare, ['notes', '--ref=drift', 'show', 'main']), 'their note');
});

t.test('when the remote keeps moving, one line; nothing is forced', async (t) => {
  const w = world(t);
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'our note']);
  // Pushes go to a second remote whose notes history is not the one fetched from `url`,
  // so the push after the merge is rejected again, as when a teammate pushes meanwhile.
  const other = join(w.sb.root, 'other.git');
  git(w.sb, w.sb.root, ['clone', '-q', '--bare', w.bare, other]);
  const scratch = join(w.sb.root, 'scratch');
  git(w.sb, w.sb.root, ['clone', '-q', other, scratch]);
  git(w.sb, scratch, ['notes', '--ref=drift', 'add', '-m', 'elsewhere']);
  git(w.sb, scratch, ['push', '-q', 'origin', 'refs/notes/drift']);
  git(w.sb, w.repo, ['config', 'remote.origin.pushurl', other]);
  const before = git(w.sb, other, ['rev-parse', 'refs/notes/drift']);
  const report = await run(['origin', other], '', { cwd: w.repo, env: w.sb.env });
  t.equal(report.line, renderRejected('origin'));
  t.equal(report.line, 'notes not pushed: the remote refs/notes/drift kept moving while git drift merged it; run `git drift sync origin` (your push itself is unaffected)');
  t.equal(git(w.sb, other, ['rev-parse', 'refs/notes/drift']), before, 'nothing forced over the remote notes');
});

t.test('the advice for a URL remote quotes it for the shell', async (t) => {
  t.match(renderRejected('https://example.com/a b.git'), "`git drift sync 'https://example.com/a b.git'`");
});

t.test('any other push failure is one line, never an exception', async (t) => {
  const w = world(t);
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'x']);
  const gone = join(w.sb.root, 'gone.git');
  const report = await run([gone, gone], '', { cwd: w.repo, env: w.sb.env });
  t.match(report.line, `notes not pushed to ${gone}: `);
  t.ok(report.detail);
});

/** The hook entry of bundleHook, built once per process. */
let bundled: Promise<string> | undefined;

/**
 * The real hook dispatch (src/hook.ts) bundled with only the pre-push handler (other
 * handlers become no-ops), and an executable that runs it: built on the first call into a
 * temporary directory removed when the process exits; later calls return the same path.
 */
function bundleHook(): Promise<string> {
  bundled ??= buildHook(realpathSync(mkdtempSync(join(tmpdir(), 'drift-prepush-hook-'))));
  return bundled;
}

/** Bundle the hook into `dir` (see bundleHook); returns the executable's path. */
async function buildHook(dir: string): Promise<string> {
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const stubOthers: Plugin = {
    name: 'stub-other-hooks',
    setup(b) {
      b.onResolve({ filter: /^\.\/hooks\// }, (args) => (args.path === './hooks/pre-push.js' ? undefined : { path: args.path, namespace: 'stub' }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export async function run() { return { line: null, detail: null }; }' }));
    },
  };
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `import { runHook } from ${JSON.stringify(join(PROJECT, 'src', 'hook.ts'))};\nawait runHook(process.argv.slice(2));\n`);
  const outfile = join(dir, 'hook.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    plugins: [stubOthers],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const bin = join(dir, 'git-drift-hook');
  writeFileSync(bin, `#!/bin/sh\nexec node '${outfile}' "$@"\n`);
  chmodSync(bin, 0o755);
  return bin;
}

t.test('a remote added after install fetches notes once pushed to, and uninstall takes it back', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const hookEntry = await bundleHook();
  const out = { text: '', write: (s: string) => (out.text += s) };
  t.equal(await installRun({ _: [], cwd: repo, hookEntry }, commandIO(repo, sb.env, out)), 0, 'installed with no remote');
  const bare = addBareRemote(sb, repo, 'later.git'); // pushes main with hooks off
  git(sb, repo, ['notes', '--ref=drift', 'add', '-m', 'mine']);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '--allow-empty', '-m', 'two']);
  const done = spawnSync('git', ['push', 'origin', 'main'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  t.equal(done.status, 0, String(done.stderr));
  t.notMatch(String(done.stderr), 'git-drift:', 'quiet');
  t.match(git(sb, repo, ['config', '--get-all', 'remote.origin.fetch']), '+refs/notes/drift*:refs/notes/drift-remote/origin*');
  // A teammate's note reaches us through a plain fetch now.
  const theirs = join(sb.root, 'theirs');
  git(sb, sb.root, ['clone', '-q', bare, theirs]);
  git(sb, theirs, ['fetch', '-q', 'origin', 'refs/notes/drift:refs/notes/drift']);
  git(sb, theirs, ['notes', '--ref=drift', 'add', '-f', '-m', 'theirs', 'HEAD']);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, theirs, ['push', '-q', 'origin', 'refs/notes/drift']);
  git(sb, repo, ['fetch', '-q', 'origin']);
  t.equal(git(sb, repo, ['notes', '--ref=drift-remote/origin', 'show', 'HEAD']), 'theirs', 'fetched into the remote-tracking notes ref');
  const { run: uninstallRun } = await import('../src/commands/uninstall.js');
  t.equal(await uninstallRun({ _: [], cwd: repo }, commandIO(repo, sb.env, out)), 0);
  t.notMatch(git(sb, repo, ['config', '--get-all', 'remote.origin.fetch']), /notes/, 'uninstall removed it');
});

t.test('through git push with the installed hook', async (t) => {
  const w = world(t);
  const hookEntry = await bundleHook();
  const out = { text: '', write: (s: string) => (out.text += s) };
  t.equal(await installRun({ _: [], cwd: w.repo, hookEntry }, commandIO(w.repo, w.sb.env, out)), 0);
  const quiet = { ...w.sb.env, GIT_DRIFT: '0' };
  const push = (): ReturnType<typeof spawnSync> => spawnSync('git', ['push', 'origin', 'main'], { cwd: w.repo, env: w.sb.env, encoding: 'utf8' });

  t.test('the notes go along', async (t) => {
    git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'x']);
    spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'two'], { cwd: w.repo, env: quiet });
    const done = push();
    t.equal(done.status, 0, String(done.stderr));
    t.notMatch(String(done.stderr), 'git-drift:', 'quiet');
    t.equal(remoteNotes(w), localNotes(w));
  });

  t.test("the user's push succeeds and the notes of both sides end on the remote, quietly", async (t) => {
    theirNotesMoveOn(w);
    git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'mine', 'HEAD~1']);
    spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'three'], { cwd: w.repo, env: quiet });
    const done = push();
    t.equal(done.status, 0, 'git push exits 0');
    t.equal(git(w.sb, w.bare, ['rev-parse', 'main']), git(w.sb, w.repo, ['rev-parse', 'main']), 'the branch was pushed');
    t.same(
      String(done.stderr)
        .split('\n')
        .filter((l) => l.startsWith('git-drift:')),
      [],
    );
    t.equal(remoteNotes(w), localNotes(w));
    t.equal(git(w.sb, w.bare, ['notes', '--ref=drift', 'show', 'main~2']), 'mine');
    t.equal(git(w.sb, w.bare, ['notes', '--ref=drift', 'show', 'main~1']), 'their note');
  });
});

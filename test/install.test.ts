import t, { type Test } from 'tap';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { git, isolateProcessGit, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { run as installRun } from '../src/commands/install.js';
import { run as uninstallRun } from '../src/commands/uninstall.js';
import { run as statusRun, type StatusReport } from '../src/commands/status.js';
import { findBlock, planInstall, planUninstall, readBlocks, renderBlock, HOOK_NAMES, NEW_HOOK_HEAD } from '../src/install/hooks.js';
import { huskyLine, lefthookSnippet } from '../src/install/managers.js';
import { caCertsHandover } from '../src/install/ca-certs.js';
import { refspecForcesNotes, rewriteRefCovers } from '../src/install/config.js';
import { commandIO } from './helpers/io.js';

isolateProcessGit(t, 'drift-install-guard-');

const BLOCK = '# >>> git-drift >>> (managed)\necho drift\n# <<< git-drift <<<\n';
const USER_HOOK = '#!/bin/sh\n# my own hook\necho "user $*" >> /dev/null\nexit 0\n';

interface World {
  sb: Sandbox;
  repo: string;
  /** The hook entry the blocks call: a recorder script (its path has a space and a quote). */
  rec: string;
  /** What the recorder saw: one `hook=… [arg]…` line and one `stdin=…` line per call. */
  log: string;
}

function world(t: Test): World {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const dir = join(sb.root, "drift's bin");
  mkdirSync(dir);
  const log = join(sb.root, 'calls.log');
  const rec = join(dir, 'rec.sh');
  writeFileSync(rec, `#!/bin/sh\n{ printf 'hook=%s' "$1"; shift; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\nstdin=%s\\n' "$(cat | tr '\\n' ';')"; } >> '${log}'\n`);
  chmodSync(rec, 0o755);
  return { sb, repo, rec, log };
}

function sink(): { write(s: string): boolean; text: string } {
  return {
    text: '',
    write(s: string) {
      this.text += s;
      return true;
    },
  };
}

async function install(w: World, cwd = w.repo, hookEntry = w.rec, env = w.sb.env): Promise<{ code: number; out: string }> {
  const out = sink();
  const code = await installRun({ _: [], cwd, hookEntry }, commandIO(cwd, env, out));
  return { code, out: out.text };
}

async function uninstall(w: World, cwd = w.repo): Promise<{ code: number; out: string }> {
  const out = sink();
  const code = await uninstallRun({ _: [], cwd }, commandIO(cwd, w.sb.env, out));
  return { code, out: out.text };
}

function calls(w: World): string {
  return existsSync(w.log) ? readFileSync(w.log, 'utf8') : '';
}

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) files[name] = `${statSync(join(dir, name)).mode.toString(8)} ${readFileSync(join(dir, name), 'utf8')}`;
  return files;
}

/** Run git with the sandbox env (plus `extra`) and return its exit code, stdout and stderr. */
function gitRun(w: World, cwd: string, args: string[], extra: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, env: { ...w.sb.env, ...extra }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test('planning the block', async (t) => {
  t.test('a new hook file gets #!/bin/sh and the block', async (t) => {
    t.same(planInstall(null, BLOCK), { action: 'create', text: NEW_HOOK_HEAD + BLOCK, reason: null });
  });
  t.test('the block goes right after the #! line, every user line kept', async (t) => {
    const plan = planInstall(USER_HOOK, BLOCK);
    t.equal(plan.action, 'insert');
    t.equal(plan.text, `#!/bin/sh\n${BLOCK}# my own hook\necho "user $*" >> /dev/null\nexit 0\n`);
    t.equal(planUninstall(plan.text).text, USER_HOOK, 'removal gives back the exact bytes');
  });
  t.test('a hook without #! gets the block at the top', async (t) => {
    t.equal(planInstall('echo hi\n', BLOCK).text, `${BLOCK}echo hi\n`);
  });
  t.test('installing twice changes nothing; an outdated block is replaced in place', async (t) => {
    const once = planInstall(USER_HOOK, BLOCK).text!;
    t.same(planInstall(once, BLOCK), { action: 'unchanged', text: null, reason: null });
    const newer = BLOCK.replace('echo drift', 'echo drift v2');
    const updated = planInstall(once, newer);
    t.equal(updated.action, 'update');
    t.equal(updated.text, once.replace(BLOCK, newer));
  });
  t.test('non-shell hooks and half-removed blocks are skipped with a reason', async (t) => {
    const py = planInstall('#!/usr/bin/env python3\nprint(1)\n', BLOCK);
    t.equal(py.action, 'skip');
    t.match(py.reason, /python3/);
    t.equal(planInstall('#!/usr/bin/env bash\n', BLOCK).action, 'insert');
    const broken = '#!/bin/sh\n# >>> git-drift >>> x\necho drift\n';
    t.equal(planInstall(broken, BLOCK).action, 'skip');
    t.equal(findBlock(broken), 'broken');
    t.equal(planUninstall(broken).action, 'absent', 'a half block is not touched by uninstall either');
  });
  t.test('removal deletes only files that held nothing but our #!/bin/sh', async (t) => {
    t.equal(planUninstall(NEW_HOOK_HEAD + BLOCK).action, 'delete');
    t.same(planUninstall('#!/bin/bash\n' + BLOCK), { action: 'rewrite', text: '#!/bin/bash\n' });
    t.same(planUninstall(USER_HOOK), { action: 'absent', text: null });
  });
  t.test('the hook entry path is quoted for sh', async (t) => {
    t.equal(renderBlock("x='__DRIFT_HOOK__'", "/a b/it's"), "x='/a b/it'\\''s'\n");
  });
  t.test('the shipped templates are marked blocks that call the entry with "$@"', async (t) => {
    const blocks = await readBlocks('/opt/drift/bin/git-drift-hook');
    for (const hook of HOOK_NAMES) {
      const block = blocks[hook];
      t.same(findBlock(block), { start: 0, end: block.length }, hook);
      t.match(block, `'/opt/drift/bin/git-drift-hook'`);
      t.match(block, `git-drift-hook ${hook} "$@"`);
      t.match(block, 'GIT_DRIFT');
      const starts = block.split('\n').filter((l) => l.includes(`git-drift-hook ${hook} "$@"`) || l.includes(`"$git_drift_hook" ${hook} "$@"`));
      t.equal(starts.length, 2, `${hook}: the installed path, else PATH`);
      for (const line of starts) t.ok(line.trim().startsWith(caCertsHandover('sh')), `${hook} starts Node without NODE_EXTRA_CA_CERTS`);
      t.equal(spawnSync('sh', ['-n'], { input: block }).status, 0, `${hook} block is valid sh`);
    }
    t.match(blocks['pre-push'], '</dev/null');
    t.match(blocks['post-rewrite'], 'exec 0<');
  });
  t.test('notes.rewriteRef values and globs cover refs/notes/drift', async (t) => {
    t.ok(rewriteRefCovers(['refs/notes/commits', 'refs/notes/drift']));
    t.ok(rewriteRefCovers(['refs/notes/*']));
    t.notOk(rewriteRefCovers(['refs/notes/commits', 'refs/notes/drift-remote/origin']));
  });
});

t.test('a fresh install creates every hook with mode 755', async (t) => {
  const w = world(t);
  const { code, out } = await install(w);
  t.equal(code, 0);
  const hooksDir = join(w.repo, '.git', 'hooks');
  for (const hook of HOOK_NAMES) {
    const path = join(hooksDir, hook);
    t.equal(statSync(path).mode & 0o777, 0o755, `${hook} mode`);
    const text = readFileSync(path, 'utf8');
    t.ok(text.startsWith(`#!/bin/sh\n# >>> git-drift >>>`), `${hook} starts with the block`);
    t.match(out, `installed ${hook} → ${path}`);
  }
  t.match(out, 'set notes.rewriteRef=refs/notes/drift');
  t.equal(
    readFileSync(join(w.repo, '.git', 'info', 'exclude'), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .join('|'),
    '/.prompts/*|!/.prompts/.gitignore',
  );
  t.notOk(existsSync(join(w.repo, '.prompts', '.gitignore')), 'no untracked file to commit');
  mkdirSync(join(w.repo, '.prompts', 'sessions'), { recursive: true });
  writeFileSync(join(w.repo, '.prompts', 'sessions', '2026-11-20-claude-code-12345678.md'), 'record\n');
  t.equal(git(w.sb, w.repo, ['status', '--porcelain', '--untracked-files=all']), '', 'records stay out of commits, and nothing shows');
});

t.test('drift.records=tree adds no ignore rule; a .prompts/.gitignore of the user is never touched', async (t) => {
  const w = world(t);
  await install(w);
  git(w.sb, w.repo, ['config', 'drift.records', 'tree']);
  mkdirSync(join(w.repo, '.prompts'), { recursive: true });
  writeFileSync(join(w.repo, '.prompts', '.gitignore'), 'mine\n');
  const { out } = await install(w);
  t.notMatch(readFileSync(join(w.repo, '.git', 'info', 'exclude'), 'utf8'), '/.prompts/', 'the rule of notes mode is gone');
  t.equal(readFileSync(join(w.repo, '.prompts', '.gitignore'), 'utf8'), 'mine\n');
  t.match(out, 'records may be committed (drift.records=tree)');
});

t.test('installing twice is idempotent', async (t) => {
  const w = world(t);
  const hooksDir = join(w.repo, '.git', 'hooks');
  writeFileSync(join(hooksDir, 'pre-push'), USER_HOOK, { mode: 0o755 });
  await install(w);
  const first = snapshot(hooksDir);
  const config = readFileSync(join(w.repo, '.git', 'config'), 'utf8');
  const { out } = await install(w);
  t.same(snapshot(hooksDir), first, 'byte-identical hook files');
  t.equal(readFileSync(join(w.repo, '.git', 'config'), 'utf8'), config, 'config unchanged');
  t.match(out, 'already installed post-commit');
  t.match(out, 'notes.rewriteRef already covers refs/notes/drift');
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'notes.rewriteRef']), 'refs/notes/drift');
});

t.test('an outdated block is replaced in place', async (t) => {
  const w = world(t);
  await install(w, w.repo, '/old/place/bin/git-drift-hook');
  const { out } = await install(w);
  t.match(out, 'updated post-commit');
  const text = readFileSync(join(w.repo, '.git', 'hooks', 'post-commit'), 'utf8');
  t.notMatch(text, '/old/place');
  t.equal(text.match(/# >>> git-drift >>>/g)?.length, 1, 'one block');
});

t.test("a user's hook keeps its lines and still runs after ours", async (t) => {
  const w = world(t);
  const userLog = join(w.sb.root, 'user.log');
  const user = `#!/bin/sh\n# my post-commit\necho "user post-commit $*" >> '${userLog}'\nexit 0\n`;
  const path = join(w.repo, '.git', 'hooks', 'post-commit');
  writeFileSync(path, user, { mode: 0o750 });
  await install(w);
  const text = readFileSync(path, 'utf8');
  t.ok(text.startsWith('#!/bin/sh\n# >>> git-drift >>>'), 'block right after the #! line');
  t.ok(text.endsWith(user.slice('#!/bin/sh\n'.length)), 'every user line kept, in order');
  t.equal(statSync(path).mode & 0o777, 0o750, 'mode kept');
  git(w.sb, w.repo, ['commit', '-q', '--allow-empty', '-m', 'second']);
  t.match(calls(w), /^hook=post-commit\nstdin=\n/m, 'git drift ran');
  t.equal(readFileSync(userLog, 'utf8'), 'user post-commit \n', 'the user lines ran too');
});

t.test('uninstall restores user hooks byte for byte and removes the files install created', async (t) => {
  const w = world(t);
  const hooksDir = join(w.repo, '.git', 'hooks');
  writeFileSync(join(hooksDir, 'post-commit'), USER_HOOK, { mode: 0o755 });
  writeFileSync(join(hooksDir, 'pre-push'), 'echo no shebang\n', { mode: 0o700 });
  const before = snapshot(hooksDir);
  await install(w);
  t.not(snapshot(hooksDir)['post-commit'], before['post-commit']);
  const { code, out } = await uninstall(w);
  t.equal(code, 0);
  t.same(snapshot(hooksDir), before, 'exactly the hooks directory from before install');
  t.match(out, `removed post-rewrite → ${join(hooksDir, 'post-rewrite')} (git drift had created it)`);
  t.match(out, 'removed the git drift block from post-commit');
  t.match(out, 'removed the git drift block from .git/info/exclude');
  t.notMatch(readFileSync(join(w.repo, '.git', 'info', 'exclude'), 'utf8'), 'git drift', 'the exclude file is as git made it');
  const again = await uninstall(w);
  t.match(again.out, 'no git drift block found');
});

t.test('core.hooksPath is honoured, also from a subdirectory', async (t) => {
  const w = world(t);
  git(w.sb, w.repo, ['config', 'core.hooksPath', 'myhooks']);
  mkdirSync(join(w.repo, 'src'));
  await install(w, join(w.repo, 'src'));
  for (const hook of HOOK_NAMES) t.ok(existsSync(join(w.repo, 'myhooks', hook)), `${hook} in myhooks/`);
  t.notOk(existsSync(join(w.repo, '.git', 'hooks', 'post-commit')), 'nothing in .git/hooks');
  t.equal(git(w.sb, w.repo, ['config', 'core.hooksPath']), 'myhooks', 'core.hooksPath untouched');
  git(w.sb, w.repo, ['commit', '-q', '--allow-empty', '-m', 'second']);
  t.match(calls(w), 'hook=post-commit');
  await uninstall(w);
  t.same(readdirSync(join(w.repo, 'myhooks')), []);
});

t.test('a linked worktree installs into the common hooks directory', async (t) => {
  const w = world(t);
  const wt = join(w.sb.root, 'wt');
  git(w.sb, w.repo, ['worktree', 'add', '-q', '-b', 'side', wt]);
  await install(w, wt);
  for (const hook of HOOK_NAMES) t.ok(existsSync(join(w.repo, '.git', 'hooks', hook)), hook);
  mkdirSync(join(wt, '.prompts', 'sessions'), { recursive: true });
  writeFileSync(join(wt, '.prompts', 'sessions', 'r.md'), 'record\n');
  t.equal(git(w.sb, wt, ['status', '--porcelain', '--untracked-files=all']), '', 'records are ignored in the worktree too');
  git(w.sb, wt, ['commit', '-q', '--allow-empty', '-m', 'in the worktree']);
  t.match(calls(w), 'hook=post-commit');
});

t.test('husky repositories get the lines to add and no hook file', async (t) => {
  t.test('core.hooksPath=.husky/_', async (t) => {
    const w = world(t);
    mkdirSync(join(w.repo, '.husky', '_'), { recursive: true });
    writeFileSync(join(w.repo, '.husky', '_', 'h'), 'husky\n');
    git(w.sb, w.repo, ['config', 'core.hooksPath', '.husky/_']);
    const { code, out } = await install(w);
    t.equal(code, 0);
    t.same(readdirSync(join(w.repo, '.husky', '_')), ['h'], 'nothing written into .husky/_');
    t.same(readdirSync(join(w.repo, '.husky')).sort(), ['_'], 'no husky file written either');
    t.notOk(existsSync(join(w.repo, '.git', 'hooks', 'post-commit')));
    t.match(out, 'husky manages the hooks of this repository (core.hooksPath points into .husky)');
    for (const hook of HOOK_NAMES) {
      t.match(out, `.husky/${hook}`);
      t.match(out, huskyLine(hook));
    }
    t.match(huskyLine('pre-push'), '</dev/null');
    for (const hook of HOOK_NAMES) t.equal(spawnSync('sh', ['-n'], { input: huskyLine(hook) }).status, 0, `the ${hook} line is valid sh`);
    t.match(out, 'set notes.rewriteRef=refs/notes/drift', 'config still set');
  });
  t.test('a .husky/ directory at the root', async (t) => {
    const w = world(t);
    mkdirSync(join(w.repo, '.husky'));
    const { out } = await install(w);
    t.match(out, '.husky/ is at the repository root');
    t.notOk(existsSync(join(w.repo, '.git', 'hooks', 'post-commit')));
    writeFileSync(join(w.repo, '.husky', 'post-commit'), `${huskyLine('post-commit')}\n`);
    const report = await status(w);
    t.same(report.hooks['post-commit'], { state: 'installed', manager: 'husky', path: join(w.repo, '.husky', 'post-commit') });
    t.equal(report.hooks['pre-push'].state, 'missing');
  });
});

t.test('lefthook repositories get the yml snippet and no hook file', async (t) => {
  t.test('lefthook.yml at the root', async (t) => {
    const w = world(t);
    writeFileSync(join(w.repo, 'lefthook.yml'), 'pre-commit:\n  commands: {}\n');
    const before = snapshot(join(w.repo, '.git', 'hooks'));
    const { code, out } = await install(w);
    t.equal(code, 0);
    t.same(snapshot(join(w.repo, '.git', 'hooks')), before, 'hooks directory untouched');
    t.equal(readFileSync(join(w.repo, 'lefthook.yml'), 'utf8'), 'pre-commit:\n  commands: {}\n', 'config untouched');
    t.match(out, 'lefthook manages the hooks of this repository (lefthook.yml is at the repository root)');
    t.match(out, lefthookSnippet().replace(/^/gm, '  ').trimEnd());
    t.match(
      lefthookSnippet(),
      'post-rewrite:\n  commands:\n    git-drift:\n      run: GIT_DRIFT_NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS NODE_EXTRA_CA_CERTS= git-drift-hook post-rewrite {0} || true\n      use_stdin: true\n',
    );
  });
  t.test('a hook file that runs lefthook', async (t) => {
    const w = world(t);
    writeFileSync(join(w.repo, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\nlefthook run pre-commit "$@"\n', { mode: 0o755 });
    const { out } = await install(w);
    t.match(out, 'lefthook manages the hooks of this repository (the pre-commit hook runs lefthook)');
    t.notOk(existsSync(join(w.repo, '.git', 'hooks', 'post-commit')));
  });
});

t.test("notes.rewriteRef is set and removed; the user's own values survive", async (t) => {
  const w = world(t);
  git(w.sb, w.repo, ['config', '--add', 'notes.rewriteRef', 'refs/notes/commits']);
  await install(w);
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'notes.rewriteRef']), 'refs/notes/commits\nrefs/notes/drift');
  t.equal(git(w.sb, w.repo, ['config', 'drift.installed.rewriteRef']), 'true');
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'x']);
  git(w.sb, w.repo, ['commit', '-q', '--amend', '-m', 'amended']);
  t.equal(git(w.sb, w.repo, ['notes', '--ref=drift', 'show', 'HEAD']), 'x', 'git copied the note on amend');
  const { out } = await uninstall(w);
  t.match(out, 'removed refs/notes/drift from notes.rewriteRef');
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'notes.rewriteRef']), 'refs/notes/commits');
  t.equal(gitRun(w, w.repo, ['config', 'drift.installed.rewriteRef']).status, 1, 'the marker key is gone');
});

t.test('install adds the notes fetch refspec to every remote; uninstall removes exactly it', async (t) => {
  const w = world(t);
  const bare = join(w.sb.root, 'remote.git');
  git(w.sb, w.sb.root, ['init', '-q', '--bare', bare]);
  git(w.sb, w.repo, ['remote', 'add', 'origin', bare]);
  git(w.sb, w.repo, ['remote', 'add', 'team/upstream', bare]);
  git(w.sb, w.repo, ['config', '--add', 'remote.origin.fetch', '+refs/tags/*:refs/tags/*']);
  const { out } = await install(w);
  t.match(out, "added +refs/notes/drift*:refs/notes/drift-remote/origin* to remote.origin.fetch (git fetch and git pull bring origin's notes; hooks merge them)");
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'remote.origin.fetch']), '+refs/heads/*:refs/remotes/origin/*\n+refs/tags/*:refs/tags/*\n+refs/notes/drift*:refs/notes/drift-remote/origin*');
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'remote.team/upstream.fetch']).split('\n')[1], '+refs/notes/drift*:refs/notes/drift-remote/team/upstream*');
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'drift.installed.fetch']), 'origin\nteam/upstream');
  const config = readFileSync(join(w.repo, '.git', 'config'), 'utf8');
  t.match((await install(w)).out, 'remote.origin.fetch already has +refs/notes/drift*:refs/notes/drift-remote/origin*');
  t.equal(readFileSync(join(w.repo, '.git', 'config'), 'utf8'), config, 'installing again changes no config');
  const { out: removed } = await uninstall(w);
  t.match(removed, 'removed +refs/notes/drift*:refs/notes/drift-remote/origin* from remote.origin.fetch');
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'remote.origin.fetch']), '+refs/heads/*:refs/remotes/origin/*\n+refs/tags/*:refs/tags/*', "the user's refspecs stay");
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'remote.team/upstream.fetch']), '+refs/heads/*:refs/remotes/team/upstream/*');
  t.equal(gitRun(w, w.repo, ['config', 'drift.installed.fetch']).status, 1, 'the marker key is gone');
});

t.test('issue 12 item 4: git fetch, git pull and git remote update work against a remote without notes, and still bring notes once they exist', async (t) => {
  const w = world(t);
  const bare = join(w.sb.root, 'empty.git');
  git(w.sb, w.sb.root, ['init', '-q', '--bare', bare]);
  git(w.sb, w.repo, ['remote', 'add', 'origin', bare]);
  git(w.sb, w.repo, ['remote', 'add', 'upstream', bare]);
  git(w.sb, w.repo, ['push', '-q', 'origin', 'HEAD:main']);
  git(w.sb, w.repo, ['branch', '-q', '--set-upstream-to=origin/main']);
  await install(w);
  for (const args of [
    ['fetch', 'origin'],
    ['fetch', '--all'],
    ['pull', '-q', '--no-rebase'],
    ['remote', 'update'],
  ]) {
    const done = gitRun(w, w.repo, args);
    t.equal(done.status, 0, `git ${args.join(' ')} succeeds while the remote has no notes: ${done.stderr}`);
  }
  // A teammate pushes notes: a plain fetch brings them into the remote-tracking notes ref.
  const theirs = join(w.sb.root, 'theirs');
  git(w.sb, w.sb.root, ['clone', '-q', bare, theirs]);
  git(w.sb, theirs, ['notes', '--ref=drift', 'add', '-m', 'theirs', 'HEAD']);
  git(w.sb, theirs, ['push', '-q', 'origin', 'refs/notes/drift']);
  t.equal(gitRun(w, w.repo, ['pull', '-q', '--no-rebase']).status, 0);
  t.equal(git(w.sb, w.repo, ['notes', '--ref=drift-remote/origin', 'show', 'HEAD']), 'theirs', 'git pull brought the notes');
  t.equal(gitRun(w, w.repo, ['remote', 'update']).status, 0);
  t.equal(git(w.sb, w.repo, ['notes', '--ref=drift-remote/upstream', 'show', 'HEAD']), 'theirs', 'git remote update brought them for the other remote');
});

t.test("issue 12 item 4: an older install's exact refspec is reported by status, replaced by install, removed by uninstall", async (t) => {
  const w = world(t);
  const bare = join(w.sb.root, 'empty.git');
  git(w.sb, w.sb.root, ['init', '-q', '--bare', bare]);
  git(w.sb, w.repo, ['remote', 'add', 'origin', bare]);
  git(w.sb, w.repo, ['config', '--add', 'remote.origin.fetch', '+refs/notes/drift:refs/notes/drift-remote/origin']);
  git(w.sb, w.repo, ['config', '--add', 'drift.installed.fetch', 'origin']);
  t.not(gitRun(w, w.repo, ['fetch', 'origin']).status, 0, 'the legacy refspec breaks git fetch (what users of older installs see)');
  const { readStatus } = await import('../src/commands/status.js');
  t.same((await readStatus({ cwd: w.repo, env: w.sb.env })).fetch, [{ remote: 'origin', state: 'legacy' }], 'status reports it');
  const { out } = await install(w);
  t.match(out, 'replaced +refs/notes/drift:refs/notes/drift-remote/origin with +refs/notes/drift*:refs/notes/drift-remote/origin* in remote.origin.fetch');
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'remote.origin.fetch']), '+refs/heads/*:refs/remotes/origin/*\n+refs/notes/drift*:refs/notes/drift-remote/origin*');
  t.equal(gitRun(w, w.repo, ['fetch', 'origin']).status, 0, 'git fetch works after the repair');
  t.same((await readStatus({ cwd: w.repo, env: w.sb.env })).fetch, [{ remote: 'origin', state: 'ok' }]);
  git(w.sb, w.repo, ['config', '--add', 'remote.origin.fetch', '+refs/notes/drift:refs/notes/drift-remote/origin']);
  await uninstall(w);
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'remote.origin.fetch']), '+refs/heads/*:refs/remotes/origin/*', 'uninstall removes both forms');
});

t.test('a refspec that force-fetches into refs/notes/drift gets a warning; no remote gets a hint', async (t) => {
  const w = world(t);
  t.match((await install(w)).out, 'no remote yet: run git drift install again after git remote add');
  git(w.sb, w.repo, ['remote', 'add', 'origin', join(w.sb.root, 'nowhere.git')]);
  git(w.sb, w.repo, ['config', '--add', 'remote.origin.fetch', '+refs/notes/*:refs/notes/*']);
  const { out } = await install(w);
  t.match(
    out,
    "warning: remote.origin.fetch has +refs/notes/*:refs/notes/*, which force-fetches into refs/notes/drift and can throw away notes not pushed yet; remove it: git config --fixed-value --unset remote.origin.fetch '+refs/notes/*:refs/notes/*'",
  );
  t.ok(refspecForcesNotes('+refs/notes/drift:refs/notes/drift'));
  t.notOk(refspecForcesNotes('refs/notes/*:refs/notes/*'), 'not forced: git refuses a non-fast-forward instead');
  t.notOk(refspecForcesNotes('+refs/notes/drift:refs/notes/drift-remote/origin'));
  t.notOk(refspecForcesNotes('+refs/notes/commits:refs/notes/commits'));
});

t.test('a rewriteRef the user set before install is left alone', async (t) => {
  const w = world(t);
  git(w.sb, w.repo, ['config', 'notes.rewriteRef', 'refs/notes/drift']);
  const { out } = await install(w);
  t.match(out, 'notes.rewriteRef already covers refs/notes/drift');
  await uninstall(w);
  t.equal(git(w.sb, w.repo, ['config', '--get-all', 'notes.rewriteRef']), 'refs/notes/drift');
});

t.test('outside a repository install fails with the not-a-repository message', async (t) => {
  const w = world(t);
  await t.rejects(install(w, w.sb.home), { name: 'NotARepoError', message: /not a git repository/ });
});

t.test('the installed shims, run by git', async (t) => {
  t.test('post-commit and prepare-commit-msg get their arguments', async (t) => {
    const w = world(t);
    await install(w);
    git(w.sb, w.repo, ['commit', '-q', '--allow-empty', '-m', 'second']);
    t.equal(calls(w), 'hook=post-commit\nstdin=\n', 'prepare-commit-msg starts no node while drift.trailer is off');
    writeFileSync(w.log, '');
    git(w.sb, w.repo, ['config', 'drift.trailer', 'true']);
    git(w.sb, w.repo, ['commit', '-q', '--allow-empty', '-m', 'third']);
    t.equal(calls(w), 'hook=prepare-commit-msg [.git/COMMIT_EDITMSG] [message]\nstdin=\nhook=post-commit\nstdin=\n');
  });
  t.test('post-rewrite gives stdin to git drift and to the user lines after the block', async (t) => {
    const w = world(t);
    const userLog = join(w.sb.root, 'user-rewrite.log');
    writeFileSync(join(w.repo, '.git', 'hooks', 'post-rewrite'), `#!/bin/sh\necho "user $1" >> '${userLog}'\ncat >> '${userLog}'\n`, { mode: 0o755 });
    await install(w);
    const old = git(w.sb, w.repo, ['rev-parse', 'HEAD']);
    const tmp = join(w.sb.root, 'tmp');
    mkdirSync(tmp);
    t.equal(gitRun(w, w.repo, ['commit', '-q', '--amend', '-m', 'amended'], { TMPDIR: tmp }).status, 0);
    const now = git(w.sb, w.repo, ['rev-parse', 'HEAD']);
    t.not(old, now);
    t.match(calls(w), `hook=post-rewrite [amend]\nstdin=${old} ${now};\n`);
    t.equal(readFileSync(userLog, 'utf8'), `user amend\n${old} ${now}\n`);
    t.same(readdirSync(tmp), [], 'no temp file left in TMPDIR');
  });
  t.test('pre-push leaves stdin to the user lines', async (t) => {
    const w = world(t);
    const bare = join(w.sb.root, 'remote.git');
    git(w.sb, w.sb.root, ['init', '-q', '--bare', bare]);
    git(w.sb, w.repo, ['remote', 'add', 'origin', bare]);
    const userLog = join(w.sb.root, 'user-push.log');
    writeFileSync(join(w.repo, '.git', 'hooks', 'pre-push'), `#!/bin/sh\ncat >> '${userLog}'\n`, { mode: 0o755 });
    await install(w);
    git(w.sb, w.repo, ['push', '-q', 'origin', 'main']);
    t.equal(calls(w), `hook=pre-push [origin] [${bare}]\nstdin=\n`);
    const head = git(w.sb, w.repo, ['rev-parse', 'HEAD']);
    t.match(readFileSync(userLog, 'utf8'), `refs/heads/main ${head} refs/heads/main `);
  });
  t.test('post-merge runs on git merge with its argument', async (t) => {
    const w = world(t);
    await install(w);
    git(w.sb, w.repo, ['checkout', '-q', '-b', 'side']);
    git(w.sb, w.repo, ['commit', '-q', '--allow-empty', '-m', 'side']);
    git(w.sb, w.repo, ['checkout', '-q', 'main']);
    writeFileSync(w.log, '');
    git(w.sb, w.repo, ['merge', '-q', '--no-ff', '--no-edit', 'side']);
    t.match(calls(w), 'hook=post-merge [0]\nstdin=\n');
  });
  t.test('GIT_DRIFT=0 turns git drift off and keeps the user lines', async (t) => {
    const w = world(t);
    const userLog = join(w.sb.root, 'user.log');
    writeFileSync(join(w.repo, '.git', 'hooks', 'post-commit'), `#!/bin/sh\necho user >> '${userLog}'\n`, { mode: 0o755 });
    await install(w);
    t.equal(gitRun(w, w.repo, ['commit', '-q', '--allow-empty', '-m', 'x'], { GIT_DRIFT: '0' }).status, 0);
    t.equal(calls(w), '');
    t.equal(readFileSync(userLog, 'utf8'), 'user\n');
  });
  t.test('a missing entry falls back to git-drift-hook on PATH, else does nothing quietly', async (t) => {
    const w = world(t);
    await install(w, w.repo, join(w.sb.root, 'gone', 'git-drift-hook'));
    const quiet = gitRun(w, w.repo, ['commit', '-q', '--allow-empty', '-m', 'x']);
    t.equal(quiet.status, 0);
    t.equal(quiet.stderr, '', 'not a word');
    t.equal(calls(w), '');
    const bin = join(w.sb.root, 'pathbin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'git-drift-hook'), readFileSync(w.rec), { mode: 0o755 });
    gitRun(w, w.repo, ['commit', '-q', '--allow-empty', '-m', 'y'], { PATH: `${bin}:${w.sb.env.PATH}` });
    t.match(calls(w), 'hook=post-commit');
  });
  t.test('a failing git drift never fails the hook, even under sh -eu', async (t) => {
    const w = world(t);
    writeFileSync(w.rec, '#!/bin/sh\nexit 3\n');
    writeFileSync(join(w.repo, '.git', 'hooks', 'pre-push'), '#!/bin/sh -eu\necho user-ran >&2\n', { mode: 0o755 });
    await install(w);
    const bare = join(w.sb.root, 'remote.git');
    git(w.sb, w.sb.root, ['init', '-q', '--bare', bare]);
    const push = gitRun(w, w.repo, ['push', bare, 'main']);
    t.equal(push.status, 0, 'push went through');
    t.match(push.stderr, 'user-ran', 'the user lines still ran');
  });
});

async function status(w: World): Promise<StatusReport> {
  const out = sink();
  await statusRun({ _: [], cwd: w.repo, hookEntry: w.rec, json: true }, commandIO(w.repo, w.sb.env, out));
  return JSON.parse(out.text) as StatusReport;
}

t.test('status reports hooks, rewriteRef, notes, settings and the last capture', async (t) => {
  const w = world(t);
  let report = await status(w);
  t.same(
    Object.values(report.hooks).map((h) => h.state),
    HOOK_NAMES.map(() => 'missing'),
  );
  t.equal(report.rewriteRef, false);
  t.equal(report.notes, 0);
  t.equal(report.lastCapture, null);
  t.same(report.logs, [], 'the sandbox HOME has no agent logs');
  await install(w);
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-m', 'x']);
  git(w.sb, w.repo, ['config', 'drift.push', 'false']);
  report = await status(w);
  t.same(
    Object.values(report.hooks).map((h) => h.state),
    HOOK_NAMES.map(() => 'installed'),
  );
  t.equal(report.hooks['post-commit'].path, join(w.repo, '.git', 'hooks', 'post-commit'));
  t.equal(report.rewriteRef, true);
  t.equal(report.notes, 1);
  t.equal(report.settings.push, false);
  chmodSync(join(w.repo, '.git', 'hooks', 'pre-push'), 0o644);
  writeFileSync(join(w.repo, '.git', 'hooks', 'post-rewrite'), readFileSync(join(w.repo, '.git', 'hooks', 'post-rewrite'), 'utf8').replace('cat >', 'cat  >'));
  report = await status(w);
  t.equal(report.hooks['pre-push'].state, 'not-executable');
  t.equal(report.hooks['post-rewrite'].state, 'outdated');
  const text = sink();
  await statusRun({ _: [], cwd: w.repo, hookEntry: w.rec }, commandIO(w.repo, w.sb.env, text));
  t.match(text.text, /post-rewrite\s+outdated \(run: git drift install to update it\)/);
  t.match(text.text, /notes\s+1 commit annotated under refs\/notes\/drift/);
  t.match(text.text, /last capture\s+none yet/);
});

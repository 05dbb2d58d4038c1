/**
 * The start-up bundles of the hot read commands (src/quick/, `dist/quick-<command>.cjs`):
 * through the real `bin/git-drift`, `log`, `check`, `blame` and `status` print exactly what
 * the full command line (`dist/cli.bundle.js`, `main`) prints for the same arguments, exit
 * with the same code, and leave their V8 code cache beside their bundle; a line the quick
 * parser declines still gets yargs' help or usage error.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT, git, makeRepo, makeSandbox } from './helpers/env.js';
import { installDrift } from './helpers/replay.js';

const BIN = join(PROJECT, 'bin', 'git-drift');
const FULL = `const m = await import(${JSON.stringify(pathToFileURL(join(PROJECT, 'dist', 'cli.bundle.js')).href)}); process.exitCode = await m.main(process.argv.slice(1));`;

t.test('log, check, blame and status start from their own bundle and say what the full command line says', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
  git(sb, repo, ['add', 'a.txt']);
  git(sb, repo, ['commit', '-q', '-m', 'add a.txt']);
  const lines = [
    ['log', '--json'],
    ['log', '-n', '1'],
    ['check', '--json', 'HEAD~1..HEAD'],
    ['check', 'HEAD~2..HEAD'], // the first commit has no note: exit 1
    ['blame', '--json', 'a.txt'],
    ['blame', '-L1,1', 'a.txt'],
    ['status', '--json'],
    ['log', 'no-such-rev'], // a user error: exit 1, one git-drift: line
  ];
  for (const args of lines) {
    const quick = spawnSync(process.execPath, [BIN, ...args], { cwd: repo, env: sb.env, encoding: 'utf8' });
    const full = spawnSync(process.execPath, ['--input-type=module', '-e', FULL, ...args], { cwd: repo, env: sb.env, encoding: 'utf8' });
    t.same({ status: quick.status, stdout: quick.stdout, stderr: quick.stderr }, { status: full.status, stdout: full.stdout, stderr: full.stderr }, `git drift ${args.join(' ')}`);
  }
  for (const command of ['log', 'check', 'blame', 'status']) {
    t.ok(existsSync(join(PROJECT, 'dist', `quick-${command}.cjs.cli-${command}.cache`)), `${command} left its code cache beside its bundle`);
  }
});

t.test('a quick command asked for help, or used wrongly, is answered by yargs', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: sb.root, env: sb.env, encoding: 'utf8' });
  const help = run('log', '--help');
  t.equal(help.status, 0);
  t.match(help.stdout, /git drift log \[range\]/);
  const bad = run('check', '--format', 'xml');
  t.equal(bad.status, 2);
  t.match(bad.stderr, /^git-drift: Invalid values:/);
  const helpOf = run('help', 'status');
  t.equal(helpOf.status, 0);
  t.match(helpOf.stdout, /git drift status/);
});

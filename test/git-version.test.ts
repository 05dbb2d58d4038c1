/**
 * The oldest supported git (2.31): `git --version` is read, and `install` and `status` say
 * clearly, before doing anything, when the git on PATH is older. The older git is a wrapper
 * earlier in PATH that answers `git --version` with an old number and runs the real git for
 * everything else.
 */
import t from 'tap';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT, makeRepo, makeSandbox } from './helpers/env.js';
import { isGitTooOld, MIN_GIT, parseGitVersion } from '../src/git/version.js';

t.test('reads the version of every git --version flavour', async (t) => {
  t.same(parseGitVersion('git version 2.39.2\n'), [2, 39, 2]);
  t.same(parseGitVersion('git version 2.39.5 (Apple Git-154)'), [2, 39, 5]);
  t.same(parseGitVersion('git version 2.45.1.windows.1'), [2, 45, 1]);
  t.same(parseGitVersion('git version 2.31'), [2, 31, 0]);
  t.equal(parseGitVersion('not git'), null);
  t.same(MIN_GIT, [2, 31]);
  t.ok(isGitTooOld([2, 30, 9]));
  t.ok(isGitTooOld([1, 99, 0]));
  t.notOk(isGitTooOld([2, 31, 0]));
  t.notOk(isGitTooOld([3, 0, 0]));
});

t.test('install and status refuse an older git with one clear line, and install changes nothing', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = join(sb.root, 'old-git');
  mkdirSync(bin);
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "git version 2.25.1"; exit 0; fi\nexec '${realGit}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const env: NodeJS.ProcessEnv = { ...sb.env, PATH: `${bin}:${sb.env.PATH}` };
  const drift = (args: string[], e = env) => spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd: repo, env: e, encoding: 'utf8' });
  const message = 'git-drift: git 2.25.1 is too old: git drift needs git 2.31 or newer (for rev-parse --path-format); upgrade git, then run this again\n';

  const install = drift(['install']);
  t.same([install.status, install.stderr, install.stdout], [1, message, '']);
  t.notOk(existsSync(join(repo, '.git', 'hooks', 'post-commit')), 'no hook was written');
  t.notOk(existsSync(join(repo, '.prompts')), 'no .prompts/ was created');
  const status = drift(['status']);
  t.same([status.status, status.stderr, status.stdout], [1, message, '']);

  const real = drift(['install'], sb.env);
  t.equal(real.status, 0, `this machine's git is supported: ${real.stderr}`);
  t.match(readFileSync(join(repo, '.git', 'hooks', 'post-commit'), 'utf8'), /git-drift-hook/);
  t.equal(drift(['status'], sb.env).status, 0);
});

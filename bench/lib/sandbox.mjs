/**
 * The isolated repository a benchmark builds its history in: a temporary root with an
 * empty HOME, a private global git config (no background gc, so a gc never lands in a
 * timed run), no system config, hooks off (`GIT_DRIFT=0`) while the bench sets up.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Make `<tmp>/<prefix>XXXX/{home,repo}`. Returns `{root, home, repo, env, git}`, where
 * `git(args, input?)` runs git in `repo` with `env` and returns its stdout (up to 1 GiB).
 */
export function benchSandbox(prefix) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const home = join(root, 'home');
  const repo = join(root, 'repo');
  mkdirSync(home, { recursive: true });
  mkdirSync(repo, { recursive: true });
  writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.com\n[gc]\n\tauto = 0\n');
  const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_GLOBAL: join(home, '.gitconfig'), GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8', GIT_DRIFT: '0' };
  const git = (args, input) => execFileSync('git', args, { cwd: repo, env, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  return { root, home, repo, env, git };
}

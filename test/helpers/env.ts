/**
 * Isolated environments for tests: a temporary HOME, a private global git config, no
 * system config, fixed author/committer dates, and never the machine's own agent logs.
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import './untracked-spawn.js';

/** Absolute path of this project's checkout. */
export const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Absolute path of the shared corpus of real session logs (`../shared/corpus`). */
export const CORPUS = resolve(PROJECT, '..', 'shared', 'corpus');
/** Whether the shared corpus is beside this checkout (a lone clone has none; CI insists on it). */
export const HAS_CORPUS = existsSync(join(CORPUS, 'SOURCES.md'));
/**
 * tap's `skip` option for a test that reads the corpus: `false` when the corpus is here,
 * otherwise the one line tap prints for the skipped test.
 */
export const NEEDS_CORPUS: false | string = HAS_CORPUS ? false : 'skip: ../shared/corpus is absent (tests on real agent logs run where it is, as in CI)';

/** A sandbox: `home` is an empty HOME, `env` the environment to run git and git drift with. */
export interface Sandbox {
  root: string;
  home: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/**
 * Make a sandbox under the system temp dir. `PATH` keeps the machine's git and node; the
 * dates are fixed (2026-11-20T12:00:00Z) so commit hashes are stable.
 */
export function makeSandbox(prefix = 'drift-test-'): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  const gitconfig = join(home, '.gitconfig');
  // drift.hookBudgetMs: tests run on loaded machines, where a healthy hook can spend more
  // than the default 2 s of wall time; the tests of the budget set their own value.
  // maintenance.auto=false: git starts no `git maintenance run --auto` after each commit,
  // fetch or merge (a process, a quarter of a hook-less commit's CPU); no test repository
  // grows to where it would pack anything. receive.autogc=false: for the same reason, a push
  // into a sandbox's bare repository starts no `git gc --auto` (one process of the eight a
  // local push starts).
  writeFileSync(
    gitconfig,
    '[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n[maintenance]\n\tauto = false\n[receive]\n\tautogc = false\n[drift]\n\thookBudgetMs = 60000\n',
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_DATE: '2026-11-20T12:00:00Z',
    GIT_COMMITTER_DATE: '2026-11-20T12:00:00Z',
    GIT_AUTHOR_NAME: 'Test User',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test User',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
  };
  return { root, home, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Run git synchronously in `cwd` with the sandbox environment; returns stdout (trimmed at the end). */
export function git(sb: Sandbox, cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, env: sb.env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).replace(/\n$/, '');
}

/** Create a new repository at `<sandbox>/<name>` with one initial commit, and return its path. */
export function makeRepo(sb: Sandbox, name = 'repo'): string {
  const dir = join(sb.root, name);
  mkdirSync(dir, { recursive: true });
  git(sb, dir, ['init', '-q', '-b', 'main']);
  writeFileSync(join(dir, 'README.md'), '# test\n');
  git(sb, dir, ['add', '-A']);
  git(sb, dir, ['commit', '-q', '-m', 'initial']);
  return dir;
}

/**
 * What the code under test reads from its environment beside `GIT_*`: the home and agent log
 * directories (src/agents/), the LLM key and endpoint (src/llm/), the ident fallback.
 */
const INHERITED = [
  'HOME',
  'USERPROFILE',
  'APPDATA',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'EMAIL',
  'CLAUDE_CONFIG_DIR',
  'CODEX_HOME',
  'CURSOR_CONFIG_DIR',
  'CURSOR_USER_DATA_DIR',
  'GEMINI_CLI_HOME',
  'CLINE_DIR',
  'CLINE_DATA_DIR',
  'OPENCODE_DATA_DIR',
  'AIDER_INPUT_HISTORY_FILE',
  'AIDER_CHAT_HISTORY_FILE',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_BASE_URL',
];

/**
 * Keep code under test that reads `process.env` (readRepo, readDriftConfig, the git calls
 * that take no env, agent homes) off the machine's own: for the whole test file, drop every
 * `GIT_*` variable the tests were started with (a hook or `git rebase --exec` sets GIT_DIR,
 * GIT_INDEX_FILE…), the agent homes and LLM key (`INHERITED`), point HOME at an empty
 * directory and git at an empty sandbox config, removed when the file's tests end.
 */
export function isolateProcessGit(t: { teardown(fn: () => void): void }, prefix = 'drift-guard-'): void {
  const guard = makeSandbox(prefix);
  for (const key of Object.keys(process.env)) if (key.startsWith('GIT_') || INHERITED.includes(key)) delete process.env[key];
  process.env.HOME = guard.home;
  process.env.GIT_CONFIG_GLOBAL = guard.env.GIT_CONFIG_GLOBAL;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  t.teardown(guard.cleanup);
}

/** Create a bare repository `<sandbox>/<name>`, add it to `repo` as `origin`, push `main` with hooks off; returns its path. */
export function addBareRemote(sb: Sandbox, repo: string, name = 'remote.git'): string {
  const bare = join(sb.root, name);
  execFileSync('git', ['init', '-q', '--bare', bare], { env: sb.env, stdio: 'pipe' });
  git(sb, repo, ['remote', 'add', 'origin', bare]);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['push', '-q', '-u', 'origin', 'main']);
  return bare;
}

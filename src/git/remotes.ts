/**
 * Remotes and the default branch as git records them: which remote a command means when
 * none is named, and which branch is the project's default (for `git drift check`).
 */
import { runGit } from './run.js';

async function configValue(cwd: string, key: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['config', '--get', key], { cwd, allowExit: [1] });
  return exitCode === 0 ? stdout.trim() : null;
}

/** The configured remotes, in git's order. `env`: environment for git (default the process's). */
export async function readRemotes(cwd: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  const { stdout } = await runGit(['remote'], { cwd, env });
  return stdout.split('\n').filter((line) => line !== '');
}

/** The current branch's short name (`main`), or null on a detached HEAD. */
export async function readCurrentBranch(cwd: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd, allowExit: [1, 128] });
  return exitCode === 0 ? stdout.trim() : null;
}

/**
 * The remote meant when none is named: the current branch's upstream remote
 * (`branch.<name>.remote`, unless it is `.`), else `origin` when configured, else the only
 * remote; null when none of these exists.
 */
export async function readDefaultRemote(cwd: string): Promise<string | null> {
  const remotes = await readRemotes(cwd);
  const branch = await readCurrentBranch(cwd);
  const upstream = branch ? await configValue(cwd, `branch.${branch}.remote`) : null;
  if (upstream && upstream !== '.' && remotes.includes(upstream)) return upstream;
  if (remotes.includes('origin')) return 'origin';
  return remotes.length === 1 ? remotes[0]! : null;
}

/** Where the default branch was found. */
export interface DefaultBranch {
  /** Short branch name, e.g. `main`. */
  name: string;
  /** The ref to compare with: the remote-tracking branch when it exists (`refs/remotes/origin/main`), else the local one. */
  ref: string;
  /** How it was found: `remote-head` (`refs/remotes/<remote>/HEAD`), `init.defaultBranch`, or `guess` (main/master exists). */
  source: 'remote-head' | 'init.defaultBranch' | 'guess';
}

async function refExists(cwd: string, ref: string): Promise<boolean> {
  const { exitCode } = await runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, allowExit: [1] });
  return exitCode === 0;
}

/** `refs/remotes/<remote>/<name>` when it exists, else `refs/heads/<name>` when it exists, else null. */
async function branchRef(cwd: string, remote: string | null, name: string): Promise<string | null> {
  if (remote && (await refExists(cwd, `refs/remotes/${remote}/${name}`))) return `refs/remotes/${remote}/${name}`;
  if (await refExists(cwd, `refs/heads/${name}`)) return `refs/heads/${name}`;
  return null;
}

/**
 * The project's default branch: what `refs/remotes/<remote>/HEAD` points at (set by
 * `git clone` or `git remote set-head`), else `init.defaultBranch` when such a branch
 * exists, else `main` or `master`, whichever exists (remote-tracking first). Null when
 * none is found. `remote` defaults to `readDefaultRemote`.
 */
export async function readDefaultBranch(cwd: string, remote?: string | null): Promise<DefaultBranch | null> {
  const r = remote === undefined ? await readDefaultRemote(cwd) : remote;
  if (r) {
    const { stdout, exitCode } = await runGit(['symbolic-ref', '--quiet', `refs/remotes/${r}/HEAD`], { cwd, allowExit: [1, 128] });
    const target = stdout.trim();
    if (exitCode === 0 && target.startsWith(`refs/remotes/${r}/`) && (await refExists(cwd, target))) {
      return { name: target.slice(`refs/remotes/${r}/`.length), ref: target, source: 'remote-head' };
    }
  }
  const configured = await configValue(cwd, 'init.defaultBranch');
  if (configured) {
    const ref = await branchRef(cwd, r, configured);
    if (ref) return { name: configured, ref, source: 'init.defaultBranch' };
  }
  for (const name of ['main', 'master']) {
    const ref = await branchRef(cwd, r, name);
    if (ref) return { name, ref, source: 'guess' };
  }
  return null;
}

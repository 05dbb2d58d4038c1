/**
 * Remotes as git records them: which remote a command means when none is named. (The
 * default branch is `readDefaultBranch` in `./branch.js`.)
 */
import { runGit } from './run.js';
import { readCurrentBranch } from './branch.js';

async function configValue(cwd: string, key: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['config', '--get', key], { cwd, allowExit: [1] });
  return exitCode === 0 ? stdout.trim() : null;
}

/** The configured remotes, in git's order. `env`: environment for git (default the process's). */
export async function readRemotes(cwd: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  const { stdout } = await runGit(['remote'], { cwd, env });
  return stdout.split('\n').filter((line) => line !== '');
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
  return pickDefaultRemote(remotes, upstream);
}

/**
 * The remote meant when none is named, by the rules of `readDefaultRemote`: `upstream` (the
 * current branch's `branch.<name>.remote`, or null) when it is one of `remotes` (the
 * configured remotes), else `origin`, else the only remote; null otherwise. Pure.
 */
export function pickDefaultRemote(remotes: string[], upstream: string | null): string | null {
  if (upstream && upstream !== '.' && remotes.includes(upstream)) return upstream;
  if (remotes.includes('origin')) return 'origin';
  return remotes.length === 1 ? remotes[0]! : null;
}

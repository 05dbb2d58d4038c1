/**
 * The oldest git that git drift works with, and the check `install` and `status` make.
 * The newest feature the hooks and commands rely on is `git rev-parse --path-format=absolute`
 * (git 2.31, March 2021; every command starts with it). The others are older:
 * `--end-of-options` (2.24), `git config --type=bool` (2.18), `git patch-id --stable` (2.0),
 * `git notes merge` (1.7.4), `update-ref` with an old value, `diff-tree --cc`, `-z`.
 */
import { UserError } from '../errors.js';
import { gitText } from './run.js';

/** The oldest supported git, as [major, minor]. */
export const MIN_GIT: readonly [number, number] = [2, 31];
/** The feature that sets `MIN_GIT`, for messages. */
const MIN_GIT_REASON = 'rev-parse --path-format';

/**
 * The [major, minor, patch] of `git --version` output (`git version 2.39.2`,
 * `git version 2.39.5 (Apple Git-154)`, `git version 2.45.1.windows.1`), or null. Pure.
 */
export function parseGitVersion(text: string): [number, number, number] | null {
  const m = /^git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

/** Whether `version` is older than `MIN_GIT`. Pure. */
export function isGitTooOld(version: [number, number, number]): boolean {
  return version[0] < MIN_GIT[0] || (version[0] === MIN_GIT[0] && version[1] < MIN_GIT[1]);
}

/**
 * Throw a `UserError` naming the git found and the one needed when the `git` on `PATH` (as
 * `env` sees it) is older than `MIN_GIT`. Output git drift cannot read is let through: the
 * commands then fail on their own.
 */
export async function assertGitSupported(cwd: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const version = parseGitVersion(await gitText(['--version'], env ? { cwd, env } : { cwd }));
  if (version && isGitTooOld(version)) {
    throw new UserError(`git ${version.join('.')} is too old: git drift needs git ${MIN_GIT.join('.')} or newer (for ${MIN_GIT_REASON}); upgrade git, then run this again`);
  }
}

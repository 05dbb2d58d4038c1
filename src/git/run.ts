/**
 * Running git: the one place that owns process execution (execa) for the whole tool.
 * Every git failure keeps the command, its exit code and its stderr.
 */
import { execa, execaSync } from 'execa';

import { GitError, ProcessError } from '../errors.js';

export { GitError, ProcessError };

/** Options for one git call. */
export interface GitOptions {
  /** Working directory to run git in (absolute). */
  cwd: string;
  /** Text sent on standard input. */
  input?: string;
  /** Exit codes that are an expected outcome, not an error (e.g. `[1]` for "no such note"). */
  allowExit?: number[];
  /** Extra environment variables for this call. */
  env?: NodeJS.ProcessEnv;
  /** Stops git (SIGTERM) when aborted; the call then throws `GitError` with a null exit code. */
  signal?: AbortSignal;
}

/** What a git call printed and how it ended. */
export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Run `git <args>` and return its output. Output is decoded as UTF-8 and not trimmed.
 * Throws `GitError` when git exits with a code outside 0 and `allowExit`, or cannot start.
 */
export async function runGit(args: string[], opts: GitOptions): Promise<GitResult> {
  return runCommand('git', args, opts);
}

/**
 * Run any program like `runGit` runs git (the demo runs git drift itself this way).
 * Throws `ProcessError` on an unexpected exit code (`GitError` when `file` is `git`).
 */
export async function runCommand(file: string, args: string[], opts: GitOptions): Promise<GitResult> {
  return execute(file, args, opts, 'utf8');
}

/**
 * Run `git <args>` like `runGit`, but return standard output as raw bytes, undecoded (for
 * blobs that may not be UTF-8). Throws `GitError` like `runGit`.
 */
export async function runGitBytes(args: string[], opts: GitOptions): Promise<{ stdout: Buffer; stderr: string; exitCode: number }> {
  return execute('git', args, opts, 'buffer');
}

type Output<E extends 'utf8' | 'buffer'> = { stdout: E extends 'buffer' ? Buffer : string; stderr: string; exitCode: number };

async function execute<E extends 'utf8' | 'buffer'>(file: string, args: string[], opts: GitOptions, encoding: E): Promise<Output<E>> {
  const result = await execa(file, args, {
    cwd: opts.cwd,
    // Without input, git reads /dev/null (no pipe to set up and close).
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
    reject: false,
    stripFinalNewline: false,
    env: opts.env,
    maxBuffer: 512 * 1024 * 1024,
    encoding,
    ...(opts.signal ? { cancelSignal: opts.signal } : {}),
  });
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : null;
  const text = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v ?? ''));
  const stdout = (encoding === 'buffer' ? Buffer.from((result.stdout as Uint8Array | undefined) ?? []) : text(result.stdout)) as Output<E>['stdout'];
  const stderr = text(result.stderr);
  if (exitCode === 0 || (exitCode !== null && opts.allowExit?.includes(exitCode))) {
    return { stdout, stderr, exitCode };
  }
  const message = stderr || (result.failed && 'shortMessage' in result ? String(result.shortMessage) : '');
  throw file === 'git' ? new GitError(args, exitCode, message) : new ProcessError(file, args, exitCode, message);
}

/**
 * Start `file args` detached from this process (its own process group, standard streams
 * ignored) and do not wait for it: for background work that must outlive a hook. Returns
 * whether the program was started; never throws (a failure to start is reported as false
 * only when it is synchronous, e.g. a missing working directory).
 */
export function startDetached(file: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): boolean {
  try {
    const child = execa(file, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: 'ignore', reject: false });
    child.catch(() => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** Run git and return stdout without its final newline. Throws `GitError` like `runGit`. */
export async function gitText(args: string[], opts: GitOptions): Promise<string> {
  const { stdout } = await runGit(args, opts);
  return stdout.replace(/\n$/, '');
}

/**
 * Run `git <args>` synchronously and return stdout without its final newline: only for a
 * value that must be a plain property (src/git/repo-files.ts). Throws `GitError` like `runGit`.
 */
export function gitTextSync(args: string[], opts: Pick<GitOptions, 'cwd' | 'env'>): string {
  const result = execaSync('git', args, { cwd: opts.cwd, env: opts.env, stdin: 'ignore', reject: false, stripFinalNewline: false, encoding: 'utf8' });
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : null;
  if (exitCode !== 0) throw new GitError(args, exitCode, String(result.stderr ?? ''));
  return String(result.stdout ?? '').replace(/\n$/, '');
}

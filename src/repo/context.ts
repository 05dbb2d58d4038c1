/**
 * What every feature needs to know about the repository it runs in: the repository's
 * directories, its `drift.*` settings, which recorded paths are its own, the environment
 * (agent homes, the LLM key) and the redaction rules bound to it. Capture adds its own
 * parts on top (`CaptureContext` in src/capture/index.ts); features that read sessions get
 * the local store and a way to read the agents' new log lines (`SessionContext`) from the
 * command or hook that runs them, so that they never depend on capture.
 */
import { homedir } from 'node:os';
import { parseSettings, type Settings } from '../config.js';
import { readRepo, readRepoConfig, readWorktreeRoots, type Repo, type RepoConfig } from '../git/repo.js';
import type { IdentConfig } from '../git/ident.js';
import { makeRedactor, type Redactor } from '../redact/redactor.js';
import type { OpenStoreOptions, Store } from '../store/index.js';
import { makeScope, type Scope } from './scope.js';

/** The repository a feature runs in, read once per command or hook run. */
export interface RepoContext {
  repo: Repo;
  /** `drift.*` configuration, parsed. */
  settings: Settings;
  /** The work tree roots and `drift.pathMap`: which recorded paths belong to this repository. */
  scope: Scope;
  /** The environment agent homes (`HOME`, `CLAUDE_CONFIG_DIR`…) and the LLM key are read from. */
  env: NodeJS.ProcessEnv;
  /** Redaction bound to this repository and user (home paths, repository paths, `drift.redactPattern`). */
  redactor: Redactor;
  /** The committer ident keys read with the settings (notes commits are made without `git var`); absent when not read. */
  ident?: IdentConfig;
}

/** What reading the agents' new log lines met: problems in the logs, and log files a deadline left unread. */
export interface LogsRead {
  /** Problems met in agent logs (bad lines, unreadable or refused files), each counted once. */
  diagnostics: number;
  /** Log files left unread by the deadline. */
  unread: number;
}

/**
 * A repository context with the local store open (see `store.locked`; release it with
 * `store.close()`), and the way to bring the store up to date with what the agents
 * appended to their logs since the last read, filing their new lines as pending exactly as
 * a capture does (it writes nothing: save with `store.write()`).
 */
export interface SessionContext extends RepoContext {
  store: Store;
  readLogs(): Promise<LogsRead>;
}

/**
 * Opens a `SessionContext` for the repository around `cwd` (or `known`, when the caller
 * already read it), reading agent homes from `env`. Capture provides it
 * (`openCaptureContext`); the commands that run a session-reading feature pass it in.
 * `opts.lock` false opens the store without its lock (a reader that never writes it).
 * Throws `NotARepoError` outside a work tree, `GitError` when git fails.
 */
export type OpenSessionContext = (cwd: string, env: NodeJS.ProcessEnv, known?: Repo, opts?: OpenStoreOptions) => Promise<SessionContext>;

/**
 * Read the repository around `cwd` (or take `known`, when the caller already read it), its
 * `drift.*` configuration (with the committer ident keys; `reading`: that read, when the
 * caller started it already) and its worktrees, and bind the redaction rules to them (`env.HOME`,
 * else the user's home directory). Throws `NotARepoError` outside a work tree, `GitError`
 * when git fails.
 */
export async function readRepoContext(cwd: string, env: NodeJS.ProcessEnv, known?: Repo, reading?: Promise<RepoConfig>): Promise<RepoContext> {
  const repo = known ?? (await readRepo(cwd));
  const [config, roots] = await Promise.all([reading ?? readRepoConfig(repo.root), readWorktreeRoots(repo)]);
  const settings = parseSettings(config.drift);
  const scope = makeScope(roots, settings);
  const home = env.HOME || homedir();
  return { repo, settings, scope, env, redactor: makeRedactor(home, roots, settings.redactPatterns), ident: config.ident };
}

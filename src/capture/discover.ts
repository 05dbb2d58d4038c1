/**
 * Which agent log files belong to this repository, for `git drift status`: the same scan
 * capture runs (discover, probe once, cache the verdict), without reading any events.
 */
import type { Settings } from '../config.js';
import { readWorktreeRoots, type Repo } from '../git/repo.js';
import { openStore } from '../store/index.js';
import { readLogDirs } from '../store/log-dirs.js';
import type { AgentId } from '../types.js';
import { scanLogs } from './read-logs.js';
import { makeScope } from '../repo/scope.js';

/** One log file of this repository. */
export interface RepoLog {
  agent: AgentId;
  /** Absolute path of the log file. */
  path: string;
  sessionNativeId: string;
}

/**
 * The log files of the enabled agents that belong to `repo`. Reads only heads of files it
 * has not classified before; never throws for unreadable agent directories. The store is
 * not written (status is read-only).
 */
export async function scanRepoLogs(repo: Repo, settings: Settings, env: NodeJS.ProcessEnv): Promise<RepoLog[]> {
  const [store, roots] = await Promise.all([openStore(repo.commonDir, { lock: false }), readWorktreeRoots(repo)]);
  const files = await scanLogs(store.data, makeScope(roots, settings), settings.agents, env, { dirs: await readLogDirs(store.dir) });
  return files.map((f) => ({ agent: f.agent, path: f.path, sessionNativeId: f.sessionNativeId }));
}

/**
 * The repository a `git drift mcp` server is bound to, and the read-only ways its tools
 * reach it: a file path checked to lie inside the work tree, and the session context with
 * the agents' new log lines read into memory (the local store is never saved).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { readRepo, type Repo } from '../git/repo.js';
import { loadSessionEvents, type HandoffSession } from '../handoff/sessions.js';
import type { OpenSessionContext, SessionContext } from '../repo/context.js';
import type { RepoPath } from '../ids.js';

/** The repository a server serves, fixed when it starts. */
export interface BoundRepo {
  repo: Repo;
  /** The environment the tools read agent homes (`HOME`, `CLAUDE_CONFIG_DIR`…) and the LLM key from. */
  env: NodeJS.ProcessEnv;
  /** How a tool call opens the repository's sessions (capture's `openCaptureContext`, given by the command). */
  open: OpenSessionContext;
}

/** Bind to the repository around `dir`. Throws `NotARepoError` (a `UserError`) outside a work tree. */
export async function bindRepo(dir: string, env: NodeJS.ProcessEnv, open: OpenSessionContext): Promise<BoundRepo> {
  return { repo: await readRepo(dir), env, open };
}

/**
 * `file` as a path relative to the work tree root, `/`-separated: relative paths are taken
 * from the root, absolute ones must lie inside it. Throws `UserError` for a path outside the
 * work tree (or the root itself), or one that names git's own directory.
 */
export function repoFile(bound: BoundRepo, file: string): RepoPath {
  const root = bound.repo.root;
  const rel = relative(root, resolve(root, file));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UserError(`"${file}" is not a file inside the repository ${root}; give a path relative to its root`);
  }
  const path = rel.split(sep).join('/');
  if (path === '.git' || path.startsWith('.git/')) throw new UserError(`"${file}" is inside git's own directory, not the work tree`);
  return path as RepoPath; // relative to the root and not climbing out: checked above
}

/**
 * A session context for one tool call, with what the agents appended to their logs since
 * the last capture read into memory, and this repository's sessions of the enabled agents.
 * Nothing is written: the next capture reads the same lines again.
 */
export async function readSessions(bound: BoundRepo): Promise<{ ctx: SessionContext; sessions: HandoffSession[] }> {
  const ctx = await openContext(bound);
  return { ctx, sessions: await loadSessionEvents(ctx, undefined, false) };
}

/** A fresh session context (settings, scope, store as saved, redaction rules) for one tool call. */
export async function openContext(bound: BoundRepo): Promise<SessionContext> {
  return bound.open(bound.repo.root, bound.env, bound.repo, { lock: false });
}

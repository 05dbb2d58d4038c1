/**
 * Choosing what a brief covers: the branch state, its commits, and the sessions in scope —
 * by default the current branch (sessions the agent recorded on it, or whose commits are on
 * it; on a branch with no base, also the recent work: `recent.ts`), or `--branch B`,
 * `--since T`, `--session ID`.
 */
import { UserError } from '../errors.js';
import { readGitDate, readBranchState, readCommitLog, readCurrentBranch, resolveCommit, type BranchState } from '../git/branch.js';
import type { HandoffSession } from './sessions.js';
import { appliedPaths, sessionLabel } from './extract/session.js';
import { activeSince, readRecentStart } from './recent.js';

/** How the user chose the scope (at most one of them). */
export interface ScopeOptions {
  /** `--branch B`. */
  branch?: string;
  /** `--since T`: anything git reads as a date (`2 hours ago`, `2026-11-20 10:00`). */
  since?: string;
  /** `--session ID` (repeatable): a session id, native id, or a prefix of at least 4 characters of the native id. */
  sessions?: string[];
}

/** The scope chosen. */
export interface Scope {
  /** Shown in the brief, e.g. `branch feature/x (commits not on origin/main)`. */
  label: string;
  state: BranchState;
  sessions: HandoffSession[];
  /** Whether the brief covers the work tree's uncommitted work (the current branch only). */
  worktree: boolean;
  /** True for the default scope and `--branch` (sessions chosen by branch), where `inFlightSessions` may fill in. */
  byBranch?: boolean;
}

/**
 * Resolve the scope from `cwd` over `all` sessions. Throws `UserError` for a branch that
 * does not exist, a date git cannot read, or a session id that matches nothing.
 */
export async function resolveScope(cwd: string, all: HandoffSession[], opts: ScopeOptions): Promise<Scope> {
  if (opts.branch !== undefined && !(await resolveCommit(cwd, `refs/heads/${opts.branch}`))) {
    throw new UserError(`no branch named "${opts.branch}" here; name a local branch (git branch --list) or leave --branch out for the current one`);
  }
  const state = await readBranchState(cwd, opts.branch ?? null);
  const current = opts.branch === undefined || (await readCurrentBranch(cwd)) === opts.branch;
  if (opts.sessions && opts.sessions.length > 0) {
    const sessions = opts.sessions.map((id) => matchSession(all, id));
    const unique = [...new Set(sessions)];
    return { label: `session ${unique.map((s) => sessionLabel(s.info.id)).join(', ')}`, state, sessions: unique, worktree: current };
  }
  if (opts.since !== undefined) {
    const ms = Number.isNaN(Date.parse(opts.since)) ? await readGitDate(cwd, opts.since) : Date.parse(opts.since);
    if (ms === null) throw new UserError(`cannot read "${opts.since}" as a date; try "2 hours ago" or "2026-11-20 10:00"`);
    const iso = new Date(ms).toISOString();
    const commits = state.head ? await readCommitLog(cwd, [`--since=@${Math.floor(ms / 1000)}`, state.head]) : [];
    const sessions = all.filter((s) => (s.info.ended ?? s.info.started ?? '') >= iso);
    return { label: `since ${iso.slice(0, 16).replace('T', ' ')} UTC`, state: { ...state, commits, commitCount: commits.length }, sessions, worktree: current };
  }
  if (state.head && state.compareWith === null) return recentScope(cwd, all, state, current);
  return { label: branchLabel(state), state, sessions: branchSessions(all, state), worktree: current, byBranch: true };
}

/**
 * A branch with no base to compare with: its sessions and commits, plus the sessions active
 * and the commits made since the last brief of the branch, or within 24 h of the latest
 * session activity (see `recent.ts`).
 */
async function recentScope(cwd: string, all: HandoffSession[], state: BranchState, current: boolean): Promise<Scope> {
  const start = await readRecentStart(cwd, state.branch, all);
  if (!start) return { label: branchLabel(state), state, sessions: branchSessions(all, state), worktree: current, byBranch: true };
  const recent = await readCommitLog(cwd, [`--since=@${Math.floor(Date.parse(start.since) / 1000)}`, state.head!]);
  const known = new Set(state.commits.map((c) => c.sha));
  const commits = [...state.commits, ...recent.filter((c) => !known.has(c.sha))];
  const withRecent = { ...state, commits, commitCount: Math.max(state.commitCount, commits.length) };
  const sessions = [...new Set([...branchSessions(all, withRecent), ...activeSince(all, start.since)])];
  const label = `${branchLabel(state)}, no base to compare with: the work ${start.reason} (${start.since.slice(0, 16).replace('T', ' ')} UTC)`;
  return { label, state: withRecent, sessions, worktree: current, byBranch: true };
}

function branchLabel(state: BranchState): string {
  const name = state.branch ? `branch ${state.branch}` : 'detached HEAD';
  return state.compareWith ? `${name} (commits not on ${state.compareWith})` : name;
}

/**
 * Sessions of a branch: those the agent recorded on it (for a detached HEAD: recorded as
 * `HEAD`), and those whose commits are among the branch's commits.
 */
export function branchSessions(all: HandoffSession[], state: BranchState): HandoffSession[] {
  const commits = new Set(state.commits.map((c) => c.sha));
  const name = state.branch ?? 'HEAD';
  return all.filter((s) => s.info.branch === name || s.commits.some((c) => commits.has(c)));
}

/** Most sessions taken by `inFlightSessions`. */
export const MAX_IN_FLIGHT_SESSIONS = 3;

/**
 * The fallback when no session is recorded on the branch nor behind its commits: the most
 * recent sessions (at most `MAX_IN_FLIGHT_SESSIONS`, oldest first) with an applied edit on
 * one of `paths` (the uncommitted files, repo-relative).
 */
export function inFlightSessions(all: HandoffSession[], paths: string[], relative: (p: string) => string | null): HandoffSession[] {
  const wanted = new Set(paths);
  return all
    .filter((s) => appliedPaths(s.events, relative).some((p) => wanted.has(p)))
    .sort((a, b) => (b.info.ended ?? '').localeCompare(a.info.ended ?? ''))
    .slice(0, MAX_IN_FLIGHT_SESSIONS)
    .reverse();
}

/**
 * The one session of `all` that `id` names (a session id, native id, or a prefix of at least
 * 4 characters of the native id); throws `UserError` when none or several match.
 */
export function matchSession(all: HandoffSession[], id: string): HandoffSession {
  const wanted = id.trim();
  const hits = all.filter((s) => {
    const native = s.info.nativeId;
    const bare = wanted.includes(':') ? (wanted.startsWith(`${s.info.agent}:`) ? wanted.slice(s.info.agent.length + 1) : null) : wanted;
    return s.info.id === wanted || (bare !== null && (native === bare || (bare.length >= 4 && native.startsWith(bare))));
  });
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) throw new UserError(`no session of this repository matches "${id}"; see git drift sessions`);
  throw new UserError(`"${id}" matches ${hits.length} sessions (${hits.map((s) => sessionLabel(s.info.id)).join(', ')}); give more of the id`);
}

/**
 * Repairing notes lost to merges made by a server (docs/format.md, "Repairing squash and
 * rebase merges"): a squash merge's single commit, or a rebase merge's new commits, get
 * notes re-mapped from the pull request's original commits, as post-rewrite does for a
 * local rebase. Originals come from a range the caller names, or, for a squash commit, from
 * the sessions its `Drift-Session` trailers name.
 */
import { gitText, runGit } from '../git/run.js';
import { listAllNoteBlobs, listNoteBlobs, readNoteHeads } from '../notes/index.js';
import { openNoteHeads } from '../notes/head-cache.js';
import { sessionShortId } from '../ids.js';
import { remapCommit, type CaptureContext, type CaptureResult } from './index.js';

/** One commit repaired: its new note's result and the originals it was re-mapped from. */
export interface Repaired {
  commit: string;
  from: string[];
  result: CaptureResult;
}

/** A target commit left alone, and why. */
export interface Skipped {
  commit: string;
  reason: string;
}

/** What a repair did (public contract: `git drift repair --json`, docs/format.md). */
export interface RepairReport {
  repaired: Repaired[];
  skipped: Skipped[];
}

/** Full shas of a revision range (`a..b`) or of one commit, oldest first. Throws `GitError` on a bad revision. */
export async function resolveCommits(cwd: string, rev: string): Promise<string[]> {
  const args = rev.includes('..') ? ['rev-list', '--reverse', '--topo-order', rev, '--'] : ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`];
  const out = await gitText(args, { cwd });
  return out.split('\n').filter(Boolean);
}

/** The `Drift-Session: <agent>:<id8>` values anywhere in a commit's message (squash messages keep them mid-body). */
export async function readSessionTrailers(cwd: string, commit: string): Promise<string[]> {
  const message = await gitText(['log', '-1', '--format=%B', commit, '--'], { cwd });
  return [...new Set([...message.matchAll(/^Drift-Session:\s*(\S+)\s*$/gim)].map((m) => m[1]!))];
}

/**
 * Originals of a squash commit found from its trailers: annotated commits that are not in
 * its history and whose notes list one of the named sessions (`<agent>:<id8>` matches a
 * session id `<agent>:<native id>` whose native id, without dashes, starts with id8),
 * oldest first. Empty when the commit has no trailer.
 */
export async function findOriginalsBySessions(ctx: CaptureContext, target: string): Promise<string[]> {
  const cwd = ctx.repo.root;
  const named = await readSessionTrailers(cwd, target);
  if (named.length === 0) return [];
  const annotated = [...(await listAllNoteBlobs(cwd)).keys()].filter((c) => c !== target);
  if (annotated.length === 0) return [];
  const cache = await openNoteHeads(ctx.repo.commonDir);
  const heads = await readNoteHeads(cwd, annotated, cache);
  await cache.write();
  const matches = (id: string) =>
    named.some((n) => {
      const colon = n.indexOf(':');
      return id.startsWith(`${n.slice(0, colon)}:`) && sessionShortId(id).startsWith(n.slice(colon + 1));
    });
  const candidates = annotated.filter((c) => {
    const head = heads.get(c);
    return head && !('invalid' in head) && head.sessions.some((s) => matches(s.id));
  });
  if (candidates.length === 0) return [];
  const order = await gitText(['rev-list', '--reverse', '--topo-order', ...candidates, '--not', target, '--'], { cwd });
  const wanted = new Set(candidates);
  return order.split('\n').filter((c) => wanted.has(c));
}

/** `git patch-id --stable` of each commit of a range: patch id → commits with it, oldest first. */
async function patchIds(cwd: string, commits: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (commits.length === 0) return ids;
  const patches = await gitText(['log', '-p', '--no-color', '--no-walk=unsorted', '--format=commit %H', ...commits, '--'], { cwd });
  const { stdout } = await runGit(['patch-id', '--stable'], { cwd, input: `${patches}\n` });
  for (const line of stdout.split('\n')) {
    const [patch, commit] = line.split(' ');
    if (patch && commit) ids.set(commit, patch);
  }
  return ids;
}

/**
 * Repair `targets` (oldest first) from `originals` (oldest first). One target: a squash
 * commit, re-mapped from all the originals. Several targets: a rebase merge, each target
 * re-mapped from the original with the same patch id (`git patch-id --stable`). A target
 * with no original, or whose originals have no valid note, is skipped. Throws `GitError`.
 */
export async function repairCommits(ctx: CaptureContext, targets: string[], originals: string[]): Promise<RepairReport> {
  const report: RepairReport = { repaired: [], skipped: [] };
  const noted = await listNoteBlobs(ctx.repo.root, originals);
  const usable = originals.filter((c) => noted.has(c));
  if (usable.length === 0) {
    for (const commit of targets) report.skipped.push({ commit, reason: 'none of the original commits has a drift note' });
    return report;
  }
  const plan = targets.length === 1 ? new Map([[targets[0]!, usable]]) : await pairByPatch(ctx.repo.root, targets, usable, report);
  for (const [commit, from] of plan) {
    const result = await remapCommit(ctx, commit, from);
    if (result) report.repaired.push({ commit, from, result });
    else report.skipped.push({ commit, reason: 'the original commits carry no valid drift note' });
  }
  return report;
}

async function pairByPatch(cwd: string, targets: string[], originals: string[], report: RepairReport): Promise<Map<string, string[]>> {
  const [mine, theirs] = await Promise.all([patchIds(cwd, targets), patchIds(cwd, originals)]);
  const byPatch = new Map<string, string>();
  for (const c of originals) {
    const id = theirs.get(c);
    if (id && !byPatch.has(id)) byPatch.set(id, c);
  }
  const plan = new Map<string, string[]>();
  for (const commit of targets) {
    const original = byPatch.get(mine.get(commit) ?? '');
    if (original) plan.set(commit, [original]);
    else report.skipped.push({ commit, reason: 'no original commit with the same patch' });
  }
  return plan;
}

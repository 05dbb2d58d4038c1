/**
 * The scope of a branch with no base to compare with (the default branch without an
 * upstream, or a repository without a default branch): git cannot say which commits are
 * "this task", so the brief covers the recent work instead — the sessions of this
 * repository active since the last brief of the branch or, without one, within
 * `RECENT_WINDOW_MS` of the latest session activity, and the commits made since then.
 */
import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HANDOFFS_DIR, parseBrief } from '../record/brief.js';
import type { HandoffSession } from './sessions.js';

/** How far back from the latest session activity the recent scope reaches without a brief: 24 h, in ms. */
export const RECENT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Most briefs read (the newest by file name, which starts with the time) when looking for the last one. */
const MAX_BRIEFS = 50;
/** Most bytes read of each brief: its frontmatter comes first. */
const MAX_BRIEF_BYTES = 64 * 1024;

/** Where the recent scope starts, and why. */
export interface RecentStart {
  /** ISO 8601 UTC. */
  since: string;
  /** `the last brief` or `24 h before the latest session activity`. */
  reason: string;
}

/**
 * When the recent scope of `branch` starts: the `generated` time of its newest brief in
 * `<root>/.prompts/handoffs/`, else 24 h before the latest start or end of any of `all`;
 * null when there is neither. Unreadable or foreign files there are skipped.
 */
export async function readRecentStart(root: string, branch: string | null, all: HandoffSession[]): Promise<RecentStart | null> {
  const brief = await readLastBriefTime(root, branch);
  if (brief) return { since: brief, reason: 'since the last brief' };
  return recentWindowStart(all);
}

/** 24 h before the latest activity of `all` (ISO 8601 UTC), or null when no session has a time. Pure. */
export function recentWindowStart(all: HandoffSession[]): RecentStart | null {
  const times = all.map((s) => Date.parse(s.info.ended ?? s.info.started ?? '')).filter((ms) => !Number.isNaN(ms));
  if (times.length === 0) return null;
  return { since: new Date(Math.max(...times) - RECENT_WINDOW_MS).toISOString(), reason: 'within 24 h of the latest session activity' };
}

/** Sessions of `all` active at or after `since` (ISO 8601 UTC): their last activity is not older. Pure. */
export function activeSince(all: HandoffSession[], since: string): HandoffSession[] {
  const from = Date.parse(since);
  return all.filter((s) => Date.parse(s.info.ended ?? s.info.started ?? '') >= from);
}

/** The `generated` time (ISO 8601 UTC) of the newest brief of `branch` under `root`, or null. */
async function readLastBriefTime(root: string, branch: string | null): Promise<string | null> {
  const dir = join(root, HANDOFFS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  let last: string | null = null;
  for (const name of names
    .filter((n) => n.endsWith('.md'))
    .sort()
    .reverse()
    .slice(0, MAX_BRIEFS)) {
    const text = await readHead(join(dir, name));
    const parsed = text === null ? null : parseBrief(text);
    if (!parsed || 'invalid' in parsed || parsed.data.branch !== branch) continue;
    // YAML reads an unquoted ISO time as a date: accept both shapes.
    const generated: unknown = parsed.data.generated;
    const ms = generated instanceof Date ? generated.getTime() : Date.parse(String(generated));
    if (!Number.isNaN(ms) && (last === null || ms > Date.parse(last))) last = new Date(ms).toISOString();
  }
  return last;
}

/** The first `MAX_BRIEF_BYTES` of a regular file as UTF-8, or null (not a file, unreadable). Never blocks on a FIFO. */
async function readHead(path: string): Promise<string | null> {
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) return null;
      const buf = Buffer.alloc(MAX_BRIEF_BYTES);
      const { bytesRead } = await handle.read(buf, 0, MAX_BRIEF_BYTES, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

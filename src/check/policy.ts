/**
 * The share policies of `git drift check`: at most N% of the range's added lines written by
 * agents (`--max-ai-percent`), at most N% from commits without a valid note
 * (`--max-unknown-percent`), over the same figures as `git drift stats`.
 */
import { UserError } from '../errors.js';
import type { StateCounts } from '../stats/index.js';

/** The limits given, in percent (0..100); an absent one is not checked. */
export interface PolicyLimits {
  maxAiPercent?: number;
  maxUnknownPercent?: number;
}

/** One limit against its figure. */
export interface PolicyCheck {
  /** The limit, in percent. */
  max: number;
  /** The figure, in percent (0..100, not rounded). */
  percent: number;
  /** `percent <= max`. */
  ok: boolean;
}

/** The policies of a check and the figures they were judged on (`git drift check --json`, `policy`). */
export interface Policy {
  /** True when every limit given holds. */
  ok: boolean;
  /** Added lines of the range by state, as `git drift stats` counts them. */
  lines: StateCounts;
  /** Agent lines (`ai` + `ai-modified`) as a percent of all added lines (0 when none). */
  aiPercent: number;
  /** `unknown` lines as a percent of all added lines (0 when none). */
  unknownPercent: number;
  /** Null when that limit was not given. */
  maxAiPercent: PolicyCheck | null;
  maxUnknownPercent: PolicyCheck | null;
}

/** Throw `UserError` for a limit that is not a number from 0 to 100. */
function checkLimit(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 100)) {
    throw new UserError(`--${name} must be a number from 0 to 100 (a percent of the added lines), not ${String(value)}`);
  }
}

/** Judge the limits on the line counts of a range. Pure. */
export function judgePolicy(lines: StateCounts, limits: PolicyLimits): Policy {
  const pct = (n: number) => (lines.total === 0 ? 0 : (n * 100) / lines.total);
  const aiPercent = pct(lines.ai + lines['ai-modified']);
  const unknownPercent = pct(lines.unknown);
  const judge = (max: number | undefined, percent: number): PolicyCheck | null => (max === undefined ? null : { max, percent, ok: percent <= max });
  const maxAiPercent = judge(limits.maxAiPercent, aiPercent);
  const maxUnknownPercent = judge(limits.maxUnknownPercent, unknownPercent);
  return { ok: (maxAiPercent?.ok ?? true) && (maxUnknownPercent?.ok ?? true), lines, aiPercent, unknownPercent, maxAiPercent, maxUnknownPercent };
}

/**
 * The policies over the commits of `revs` (null: none, all figures 0), or null when no
 * limit is given. Throws `UserError` for a limit outside 0..100 or a range git cannot read.
 */
export async function readPolicy(cwd: string, revs: string[] | null, limits: PolicyLimits): Promise<Policy | null> {
  checkLimit('max-ai-percent', limits.maxAiPercent);
  checkLimit('max-unknown-percent', limits.maxUnknownPercent);
  if (limits.maxAiPercent === undefined && limits.maxUnknownPercent === undefined) return null;
  const { readStats } = await import('../stats/index.js'); // only with a limit: a plain check never loads the stats
  const lines: StateCounts = revs ? (await readStats(cwd, revs[0], { by: [], survival: false })).totals.lines : { ai: 0, 'ai-modified': 0, human: 0, unknown: 0, total: 0 };
  return judgePolicy(lines, limits);
}

/**
 * LLM compaction of a brief: the extracted (already redacted) material goes to the model,
 * which returns structured JSON (goal, decisions, next steps) that is validated before the
 * renderer formats it. Results are cached by a content hash; every call is written to the
 * cost ledger; `drift.llm.maxCostUsd` caps the month's spending; any failure gives the
 * offline brief and one line saying why.
 */
import { createHash } from 'node:crypto';
import type { Compaction, Decision, HandoffMaterial } from '../brief/material.js';
import { appendLedger, readLedger, type LedgerEntry } from '../store/ledger.js';
import { readCached, writeCached } from '../store/llm-cache.js';
import { createMessage, LlmError, type Connection, type MessageRequest } from './client.js';
import { costUsd, estimateCostUsd, type TokenUsage } from './pricing.js';

/** Most output tokens asked for. */
export const COMPACT_MAX_TOKENS = 3000;
/** Version of the prompt and schema: part of the cache key, bumped when either changes. */
const PROMPT_VERSION = 1;

/** How to compact: the model, limits, where the ledger and cache live, and the connection. */
export interface CompactOptions {
  model: string;
  /** Per-call timeout in ms. */
  timeoutMs: number;
  /** `drift.llm.maxCostUsd`: USD per calendar month (UTC). */
  maxCostUsd: number;
  /** The repository's common git dir (ledger and cache under `<it>/drift/`). */
  commonDir: string;
  connection: Connection;
  /** The current time (for the ledger and the month). */
  now: Date;
  /** What the call is for, as the ledger records it: `handoff` (default) or `record`. */
  purpose?: string;
}

/** What compaction gave: a validated compaction or null, and the one line to show when it fell back. */
export interface CompactOutcome {
  compaction: Compaction | null;
  /** Why the brief is the offline one, or null. */
  line: string | null;
  /** True when the result came from the cache (no request sent). */
  cached: boolean;
}

const SYSTEM = [
  'You condense the handoff brief of a coding task for another coding agent that starts cold.',
  "You receive JSON extracted from the previous agents' logs and from git. Use only facts present in it; never invent files, commands, decisions or reasons.",
  'Return JSON that follows the given schema:',
  '- goal: what the user is trying to achieve and why, in at most 120 words of plain prose.',
  '- decisions: at most 12 settled decisions, most important first, each one sentence, each naming in `session` the exact session label it came from (as given in `sessions`).',
  '- nextSteps: 3 to 8 concrete next steps in order, starting with what was in progress or left unanswered; mention failing tests and rejected approaches to avoid where relevant.',
  'Keep file paths, commands and identifiers exactly as given, in backticks.',
].join('\n');

/** The JSON schema of the answer (structured outputs). */
export const COMPACTION_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['goal', 'decisions', 'nextSteps'],
  properties: {
    goal: { type: 'string' },
    decisions: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['text', 'session'], properties: { text: { type: 'string' }, session: { type: 'string' } } },
    },
    nextSteps: { type: 'array', items: { type: 'string' } },
  },
};

/** The request for a material: what is sent, and nothing else (file excerpts are not sent). Pure. */
export function compactionRequest(m: HandoffMaterial, model: string, timeoutMs: number): MessageRequest {
  const input = {
    scope: m.scope,
    sessions: m.sessions.map((s) => ({ label: s.label, model: s.model, branch: s.branch, prompts: s.prompts, title: s.title })),
    branch: {
      name: m.branch.branch,
      comparedWith: m.branch.baseName,
      commits: m.branch.commits.items.map((c) => c.subject),
      committed: m.branch.committed,
      uncommitted: m.branch.uncommitted,
      untracked: m.branch.untracked,
    },
    firstPrompt: m.goal.prompt,
    recentPrompts: m.prompts.items,
    decisions: m.decisions.items,
    rejected: m.rejected.items.map((r) => ({ kind: r.kind, what: r.what, reason: r.reason, session: r.session })),
    openThreads: m.openThreads.items,
    filesInFlight: m.files.items.map((f) => `${f.path} (${f.state}, ${f.change})`),
    resume: m.resume,
  };
  return { model, system: SYSTEM, user: JSON.stringify(input, null, 1), maxTokens: COMPACT_MAX_TOKENS, schema: COMPACTION_SCHEMA, timeoutMs };
}

/** The cache key of a request: sha256 over the prompt version, model, prompts, schema and output limit. */
export function cacheKey(req: MessageRequest): string {
  const parts = JSON.stringify([PROMPT_VERSION, req.model, req.system, req.user, req.schema, req.maxTokens]);
  return createHash('sha256').update(parts).digest('hex');
}

/**
 * Compact `m` (already redacted). Never throws for API or output problems: they give
 * `compaction: null` and a `line`. Throws only when the ledger or cache cannot be written.
 */
export async function compactMaterial(m: HandoffMaterial, opts: CompactOptions): Promise<CompactOutcome> {
  const req = compactionRequest(m, opts.model, opts.timeoutMs);
  const key = cacheKey(req);
  const hit = parseCompaction(await readCached(opts.commonDir, key), m, opts.model);
  if (hit) return { compaction: hit, line: null, cached: true };
  const month = opts.now.toISOString().slice(0, 7);
  const spent = (await readLedger(opts.commonDir)).filter((e) => e.at.startsWith(month)).reduce((sum, e) => sum + e.costUsd, 0);
  const estimate = estimateCostUsd(opts.model, req.system.length + req.user.length, req.maxTokens);
  if (spent + estimate > opts.maxCostUsd) {
    return {
      compaction: null,
      line: `LLM compaction skipped: $${spent.toFixed(4)} spent in ${month} plus up to $${estimate.toFixed(4)} for this call would pass drift.llm.maxCostUsd ($${opts.maxCostUsd}); this brief is the offline one`,
      cached: false,
    };
  }
  let compaction: Compaction | null;
  try {
    const result = await createMessage(req, opts.connection);
    compaction = parseCompaction(safeJson(result.text), m, opts.model);
    await record(opts, result.usage, compaction ? 'ok' : 'malformed');
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    if (err.usage) await record(opts, err.usage, err.kind);
    return { compaction: null, line: `LLM compaction failed (${err.kind}: ${err.message}); this brief is the offline one`, cached: false };
  }
  if (!compaction) return { compaction: null, line: 'LLM compaction failed (malformed: the answer does not follow the schema); this brief is the offline one', cached: false };
  await writeCached(opts.commonDir, key, { goal: compaction.goal, decisions: compaction.decisions, nextSteps: compaction.nextSteps });
  return { compaction, line: null, cached: false };
}

async function record(opts: CompactOptions, usage: TokenUsage, outcome: string): Promise<void> {
  const entry: LedgerEntry = { at: opts.now.toISOString(), purpose: opts.purpose ?? 'handoff', model: opts.model, ...usage, costUsd: costUsd(opts.model, usage), outcome };
  await appendLedger(opts.commonDir, entry);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text.trim().replace(/^```(?:json)?\s*|\s*```$/g, '')) as unknown;
  } catch {
    return null;
  }
}

/** Longest goal kept, in characters. */
const GOAL_MAX = 1500;
/** Longest decision or step kept, in characters. */
const ITEM_MAX = 400;

/**
 * Validate an answer: `goal` a non-empty string, `decisions` a list of `{text, session}`,
 * `nextSteps` a non-empty list of strings. Texts are cut, lists capped; a decision naming
 * an unknown session is kept under `unknown session`. Null when the shape is wrong. Pure.
 */
export function parseCompaction(value: unknown, m: HandoffMaterial, model: string): Compaction | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.goal !== 'string' || !v.goal.trim() || !Array.isArray(v.decisions) || !Array.isArray(v.nextSteps)) return null;
  const steps = v.nextSteps.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => clip(s, ITEM_MAX));
  if (steps.length === 0) return null;
  const labels = m.sessions.map((s) => s.label);
  const decisions: Decision[] = [];
  for (const d of v.decisions) {
    if (!d || typeof d !== 'object') return null;
    const { text, session } = d as Record<string, unknown>;
    if (typeof text !== 'string' || !text.trim()) continue;
    const known = typeof session === 'string' ? labels.find((l) => l === session.trim() || session.includes(l.split(' ')[1] ?? '\0')) : undefined;
    decisions.push({ text: clip(text, ITEM_MAX), session: known ?? 'unknown session' });
  }
  return { model, goal: clip(v.goal, GOAL_MAX), decisions: decisions.slice(0, 12), nextSteps: steps.slice(0, 10) };
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

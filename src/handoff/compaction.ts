/**
 * Deciding whether to have an LLM condense a material, and doing it: the key from
 * `ANTHROPIC_API_KEY`, the endpoint from `ANTHROPIC_BASE_URL`, the model, cap and timeout
 * from `drift.*`. The LLM module is loaded only when a call may happen.
 */
import type { RepoContext } from '../repo/context.js';
import type { Compaction, HandoffMaterial } from '../brief/material.js';
import { redactBrief } from './redaction.js';

/** What came of it: a redacted compaction or null, and the one line to show when it fell back. */
export interface Condensed {
  compaction: Compaction | null;
  line: string | null;
}

/**
 * Condense `material` (already redacted) when `mode` and the settings allow: `off` never,
 * `force` whatever `drift.llm` says, `auto` unless `drift.llm=off`; never without a key
 * (with `force`, a line says so). `purpose` goes into the ledger. Throws only when the
 * ledger or cache cannot be written.
 */
export async function condense(ctx: RepoContext, material: HandoffMaterial, mode: 'auto' | 'force' | 'off', now: Date, purpose: string): Promise<Condensed> {
  if (mode === 'off' || (mode === 'auto' && ctx.settings.llm === 'off')) return { compaction: null, line: null };
  const apiKey = ctx.env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) {
    return { compaction: null, line: mode === 'force' ? 'LLM compaction needs ANTHROPIC_API_KEY in the environment; this brief is the offline one' : null };
  }
  const { compactMaterial } = await import('../llm/compact.js');
  const s = ctx.settings;
  const outcome = await compactMaterial(material, {
    model: s.model,
    timeoutMs: s.llmTimeoutMs,
    maxCostUsd: s.llmMaxCostUsd,
    commonDir: ctx.repo.commonDir,
    now,
    purpose,
    connection: { apiKey, baseURL: ctx.env.ANTHROPIC_BASE_URL?.trim() || null },
  });
  return { compaction: outcome.compaction ? redactBrief(ctx.redactor, outcome.compaction) : null, line: outcome.line };
}

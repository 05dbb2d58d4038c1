/**
 * The LLM cost report of `git drift cost`: building it from the ledger (pure) and
 * rendering it as terminal text.
 */
import type { LedgerEntry } from '../store/ledger.js';

/** Calls and tokens of one model. Costs in USD. */
export interface ModelCost {
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

/** What `git drift cost --json` prints (public contract, docs/format.md). */
export interface CostReport {
  /** Absolute path of the ledger file. */
  ledger: string;
  /** The current calendar month, `YYYY-MM` (UTC). */
  month: string;
  /** `drift.llm.maxCostUsd`: the monthly cap. */
  capUsd: number;
  spentThisMonthUsd: number;
  totalUsd: number;
  calls: number;
  /** Per model, most expensive first. */
  byModel: ModelCost[];
  /** Every call, oldest first. */
  entries: LedgerEntry[];
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/** Build the report from the ledger entries. Pure. */
export function buildCostReport(entries: LedgerEntry[], ledger: string, capUsd: number, now: Date): CostReport {
  const month = now.toISOString().slice(0, 7);
  const models = new Map<string, ModelCost>();
  for (const e of entries) {
    const m = models.get(e.model) ?? models.set(e.model, { model: e.model, calls: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 }).get(e.model)!;
    m.calls += 1;
    m.inputTokens += e.inputTokens;
    m.outputTokens += e.outputTokens;
    m.cacheReadTokens += e.cacheReadTokens;
    m.cacheWriteTokens += e.cacheWriteTokens;
    m.costUsd = round(m.costUsd + e.costUsd);
  }
  const sum = (list: LedgerEntry[]) => round(list.reduce((s, e) => s + e.costUsd, 0));
  return {
    ledger,
    month,
    capUsd,
    spentThisMonthUsd: sum(entries.filter((e) => e.at.startsWith(month))),
    totalUsd: sum(entries),
    calls: entries.length,
    byModel: [...models.values()].sort((a, b) => b.costUsd - a.costUsd || a.model.localeCompare(b.model)),
    entries,
  };
}

const usd = (n: number) => `$${n.toFixed(4)}`;
const tokens = (n: number) => n.toLocaleString('en-US');

/** Terminal text: this month against the cap, the total, per model, and the last 10 calls. */
export function renderCost(r: CostReport): string {
  if (r.calls === 0) return `No LLM call made in this clone yet (cap: ${usd(r.capUsd)} a month, drift.llm.maxCostUsd).\n`;
  const out = [
    `this month (${r.month})  ${usd(r.spentThisMonthUsd)} of ${usd(r.capUsd)} (drift.llm.maxCostUsd)`,
    `all time          ${usd(r.totalUsd)} over ${r.calls} call${r.calls === 1 ? '' : 's'}`,
    'by model',
    ...r.byModel.map((m) => `  ${m.model.padEnd(28)} ${String(m.calls).padStart(4)} calls  ${tokens(m.inputTokens)} in / ${tokens(m.outputTokens)} out  ${usd(m.costUsd)}`),
    'last calls',
    ...r.entries
      .slice(-10)
      .reverse()
      .map(
        (e) => `  ${e.at.slice(0, 16).replace('T', ' ')}  ${e.purpose.padEnd(8)} ${e.model.padEnd(28)} ${tokens(e.inputTokens)} in / ${tokens(e.outputTokens)} out  ${usd(e.costUsd)}  ${e.outcome}`,
      ),
  ];
  return `${out.join('\n')}\n`;
}

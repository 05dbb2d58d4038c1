/**
 * What an LLM call costs: Anthropic's list prices per model, in USD per million tokens,
 * and the cost of one call's usage.
 *
 * Source: Anthropic's pricing page and model overview pages
 * (https://platform.claude.com/docs/en/about-claude/pricing,
 * https://platform.claude.com/docs/en/models/<model>/overview), as read in November 2026.
 * Cache writes are the 5-minute ones. Claude Haiku 5.5 bills a request whose prompt
 * (input + cache reads + cache writes) is over 100,000 tokens at its higher band, on every
 * token of that request. A model not in the table is priced at the table's highest rates,
 * so that `drift.llm.maxCostUsd` still holds.
 */

/** USD per million tokens. */
export interface Rates {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** The prices of one model (by model id prefix). */
export interface ModelPrice extends Rates {
  /** A higher band for long prompts: `threshold` prompt tokens and the rates beyond it. */
  longPrompt?: { threshold: number } & Rates;
}

/** Token counts of one call, as the Messages API reports them in `usage`. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** List prices, by model id prefix (a dated id such as `claude-sonnet-4-5-20250929` matches `claude-sonnet-4-5`). */
export const PRICES: Record<string, ModelPrice> = {
  'claude-haiku-5-5': {
    input: 0.1,
    output: 0.5,
    cacheWrite: 0.125,
    cacheRead: 0.01,
    longPrompt: { threshold: 100_000, input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 },
  },
  'claude-sonnet-5-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-sonnet-5': { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  'claude-opus-5-5': { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
  'claude-opus-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-8': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-7': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'claude-fable-5-1': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25 },
  'claude-fable-5': { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 },
};

/** The rates for unknown models: the highest of the table. */
const FALLBACK: ModelPrice = { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 };

/** The prices of `model` (longest matching prefix), and whether the model was known. */
export function priceOf(model: string): { price: ModelPrice; known: boolean } {
  const key = Object.keys(PRICES)
    .filter((k) => model === k || model.startsWith(`${k}-`))
    .sort((a, b) => b.length - a.length)[0];
  return key ? { price: PRICES[key]!, known: true } : { price: FALLBACK, known: false };
}

/** The cost in USD of one call of `model` with `usage`. Pure. */
export function costUsd(model: string, usage: TokenUsage): number {
  const { price } = priceOf(model);
  const prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  const r: Rates = price.longPrompt && prompt > price.longPrompt.threshold ? price.longPrompt : price;
  const usd = (usage.inputTokens * r.input + usage.outputTokens * r.output + usage.cacheWriteTokens * r.cacheWrite + usage.cacheReadTokens * r.cacheRead) / 1_000_000;
  return Math.round(usd * 1e8) / 1e8;
}

/**
 * The most a call can cost before it is made: its prompt estimated at one token per 3
 * characters (generous: English averages about 4), plus `maxTokens` of output.
 */
export function estimateCostUsd(model: string, promptChars: number, maxTokens: number): number {
  return costUsd(model, { inputTokens: Math.ceil(promptChars / 3), outputTokens: maxTokens, cacheReadTokens: 0, cacheWriteTokens: 0 });
}

/**
 * Typed `drift.*` settings, parsed from git config (DESIGN.md §9). Every key here is
 * documented in the README and read somewhere; unknown values fall back to the default.
 */
import type { DriftConfig } from './git/repo.js';
import { AGENTS, type AgentId } from './types.js';

/** How much prompt text notes and records keep. */
export type PromptMode = 'none' | 'summary' | 'full';

/** The settings git drift runs with. */
export interface Settings {
  /** `drift.agents`: comma-separated agent ids to read (default: all: claude-code, codex, aider, gemini, cursor, opencode, cline). */
  agents: AgentId[];
  /** `drift.prompts`: `none` (counts only), `summary` (first 280 characters, default), `full` (up to the note cap). */
  prompts: PromptMode;
  /** `drift.records`: `notes` (records stay out of commits via `.prompts/.gitignore`, default) or `tree` (records may be committed). */
  records: 'notes' | 'tree';
  /** `drift.trailer`: add `Drift-Session:` trailers in prepare-commit-msg (default false). */
  trailer: boolean;
  /** `drift.push`: push `refs/notes/drift` in pre-push (default true). */
  push: boolean;
  /** `drift.redact.pattern` (multi-valued): extra regular expressions (JavaScript syntax) to redact. */
  redactPatterns: string[];
  /** `drift.pathMap` (multi-valued) `recorded=local`: sessions recorded under `recorded` count as under `local`. */
  pathMap: { recorded: string; local: string }[];
  /** `drift.llm`: `auto` (default: LLM compaction when `ANTHROPIC_API_KEY` is set; also `on`/`true`) or `off`. */
  llm: 'auto' | 'off';
  /** `drift.model`: the Anthropic model for LLM compaction (default `DEFAULT_MODEL`). */
  model: string;
  /** `drift.llm.maxCostUsd`: most USD the LLM calls of this clone may cost per calendar month (UTC), default 2. */
  llmMaxCostUsd: number;
  /** `drift.llm.timeoutMs`: how long one LLM call may take, in ms (default 60000). */
  llmTimeoutMs: number;
  /** `drift.llm.records`: after a commit, condense its sessions' records with the LLM in a detached process (default false). */
  llmRecords: boolean;
  /** `drift.hookBudgetMs`: time budget of the hooks that read agent logs, in ms (default 2000; see src/hooks/budget.ts). */
  hookBudgetMs: number;
}

/** The model used for LLM compaction unless `drift.model` says otherwise. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';
/** Default `drift.llm.maxCostUsd`: USD per calendar month. */
export const DEFAULT_MAX_COST_USD = 2;
/** Default `drift.hookBudgetMs`, in ms (the same value as `src/hooks/budget.ts`). */
export const DEFAULT_HOOK_BUDGET_MS = 2000;
/** Default `drift.llm.timeoutMs`, in ms. */
export const DEFAULT_LLM_TIMEOUT_MS = 60_000;

/** A finite number ≥ 0 from config text, or `fallback`. */
function parseAmount(value: string | undefined, fallback: number): number {
  const n = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function last(config: DriftConfig, key: string): string | undefined {
  const values = config.get(key.toLowerCase());
  return values?.[values.length - 1];
}

/** Parse a git boolean (`true/yes/on/1`, `false/no/off/0`); anything else gives `fallback`. */
export function parseBool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1', ''].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  return fallback;
}

/** Turn raw `drift.*` config into settings with defaults. Pure. */
export function parseSettings(config: DriftConfig): Settings {
  const agentsRaw = last(config, 'agents');
  const agents = agentsRaw
    ? agentsRaw
        .split(',')
        .map((a) => a.trim())
        .filter((a): a is AgentId => (AGENTS as readonly string[]).includes(a))
    : [...AGENTS];
  const prompts = last(config, 'prompts');
  const pathMap = (config.get('pathmap') ?? [])
    .map((entry) => {
      const eq = entry.indexOf('=');
      return eq > 0 ? { recorded: entry.slice(0, eq).replace(/\/+$/, ''), local: entry.slice(eq + 1).replace(/\/+$/, '') } : null;
    })
    .filter((e): e is { recorded: string; local: string } => e !== null && e.recorded !== '' && e.local !== '');
  return {
    agents,
    prompts: prompts === 'none' || prompts === 'full' ? prompts : 'summary',
    records: last(config, 'records') === 'tree' ? 'tree' : 'notes',
    trailer: parseBool(last(config, 'trailer'), false),
    push: parseBool(last(config, 'push'), true),
    redactPatterns: config.get('redact.pattern') ?? [],
    pathMap,
    llm: parseBool(last(config, 'llm') === 'auto' ? 'true' : last(config, 'llm'), true) ? 'auto' : 'off',
    model: last(config, 'model')?.trim() || DEFAULT_MODEL,
    llmMaxCostUsd: parseAmount(last(config, 'llm.maxCostUsd'), DEFAULT_MAX_COST_USD),
    llmTimeoutMs: Math.round(parseAmount(last(config, 'llm.timeoutMs'), DEFAULT_LLM_TIMEOUT_MS)) || DEFAULT_LLM_TIMEOUT_MS,
    llmRecords: parseBool(last(config, 'llm.records'), false),
    hookBudgetMs: Math.round(parseAmount(last(config, 'hookBudgetMs'), DEFAULT_HOOK_BUDGET_MS)),
  };
}

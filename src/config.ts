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
    ? agentsRaw.split(',').map((a) => a.trim()).filter((a): a is AgentId => (AGENTS as readonly string[]).includes(a))
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
  };
}

/**
 * The page's filters (agent, model, author, dates) and what the views show under them.
 * Without a filter every figure is read straight from the embedded `Stats` (the object
 * `git drift stats --json` prints); under a filter, from the range's commits that pass it
 * (their `Stats` rows) and the sessions' parts of those commits (their notes' counts).
 */
import type { ReportData, ReportPart, ReportSession } from '../data.js';
import type { StatsCommit, StatsGroup, Survival } from '../../stats/types.js';

/** The chosen filters; '' means any. Dates are `YYYY-MM-DD` (UTC, inclusive). */
export interface Filter {
  agent: string;
  model: string;
  author: string;
  from: string;
  to: string;
}

/** No filter. */
export const NO_FILTER: Filter = { agent: '', model: '', author: '', from: '', to: '' };

/** Whether any filter is set. */
export const isFiltered = (f: Filter): boolean => Object.values(f).some((v) => v !== '');

/** Line counts by state, and `other`: lines of agents or models the filter leaves out. */
export interface Lines {
  ai: number;
  'ai-modified': number;
  human: number;
  unknown: number;
  other: number;
  total: number;
}

/** What the overview shows. */
export interface Summary {
  lines: Lines;
  commits: { total: number; noted: number };
  sessions: number;
  prompts: number;
  edits: { applied: number; rejected: number };
  /** Survival of agent lines, and what it covers. */
  survival: Survival | null;
  survivalScope: string;
}

/** One row of the per-agent or per-model table. */
export interface Row {
  key: string;
  ai: number;
  aiModified: number;
  share: number;
  sessions: number;
  prompts: number;
  applied: number;
  rejected: number;
  survival: Survival | null;
}

/** Lookups built once from the data. */
export interface Index {
  sessions: Map<string, ReportSession>;
  modelOf: (session: string) => string;
  agentOf: (session: string) => string;
}

/** Build the lookups. */
export function indexData(data: ReportData): Index {
  const sessions = new Map(data.sessions.map((s) => [s.id, s]));
  return {
    sessions,
    modelOf: (id) => sessions.get(id)?.model ?? 'unknown',
    agentOf: (id) => sessions.get(id)?.agent ?? id.split(':')[0] ?? 'unknown',
  };
}

/** The range's commits (newest first) that pass the author and date filters. */
export function commitsOf(data: ReportData, f: Filter): StatsCommit[] {
  return data.stats.history.filter((c) => {
    const day = c.date.slice(0, 10);
    return (!f.author || c.author === f.author) && (!f.from || day >= f.from) && (!f.to || day <= f.to);
  });
}

/** Whether a session passes the agent and model filters. */
export function sessionPasses(ix: Index, f: Filter, session: string): boolean {
  return (!f.agent || ix.agentOf(session) === f.agent) && (!f.model || ix.modelOf(session) === f.model);
}

/** The parts of the commits given that pass the agent and model filters. */
export function partsOf(data: ReportData, ix: Index, f: Filter, commits: StatsCommit[]): ReportPart[] {
  return commits.flatMap((c) => (data.parts[c.commit] ?? []).filter((p) => sessionPasses(ix, f, p.session)));
}

/** The overview's figures under `f`. */
export function summarize(data: ReportData, ix: Index, f: Filter): Summary {
  const { stats } = data;
  const agents = (stats.groups.agent ?? []).filter((g) => g.key !== null);
  if (!isFiltered(f)) {
    const l = stats.totals.lines;
    return {
      lines: { ai: l.ai, 'ai-modified': l['ai-modified'], human: l.human, unknown: l.unknown, other: 0, total: l.total },
      commits: { total: stats.commits.total, noted: stats.commits.noted },
      sessions: (stats.groups.session ?? []).filter((g) => g.key !== null).length,
      prompts: sum(agents, (g) => g.activity?.prompts ?? 0),
      edits: { applied: sum(agents, (g) => g.activity?.edits.applied ?? 0), rejected: sum(agents, (g) => g.activity?.edits.rejected ?? 0) },
      survival: stats.survival,
      survivalScope: 'agent lines of the range',
    };
  }
  const commits = commitsOf(data, f);
  const parts = partsOf(data, ix, f, commits);
  const ai = sum(parts, (p) => p.ai);
  const aiModified = sum(parts, (p) => p.aiModified);
  const allAgent = sum(commits, (c) => c.lines.ai + c.lines['ai-modified']);
  const human = sum(commits, (c) => c.lines.human);
  const unknown = sum(commits, (c) => c.lines.unknown);
  const agentRow = f.agent && !f.model ? agents.find((g) => g.key === f.agent) : undefined;
  return {
    lines: { ai, 'ai-modified': aiModified, human, unknown, other: allAgent - ai - aiModified, total: sum(commits, (c) => c.lines.total) },
    commits: { total: commits.length, noted: commits.filter((c) => c.note === 'ok').length },
    sessions: new Set(parts.map((p) => p.session)).size,
    prompts: sum(parts, (p) => p.prompts),
    edits: { applied: sum(parts, (p) => p.applied), rejected: sum(parts, (p) => p.rejected) },
    survival: agentRow ? (agentRow.survival ?? null) : stats.survival,
    survivalScope: agentRow ? `${f.agent}'s lines of the whole range` : 'agent lines of the whole range (survival is not split by model, author or date)',
  };
}

/** Rows per agent or per model: from the stats' groups without a filter, else from the filtered parts. */
export function rowsBy(data: ReportData, ix: Index, f: Filter, by: 'agent' | 'model'): Row[] {
  if (!isFiltered(f)) return (data.stats.groups[by] ?? []).filter((g) => g.key !== null).map((g) => statsRow(g));
  const commits = commitsOf(data, f);
  const total = sum(commits, (c) => c.lines.total);
  const rows = new Map<string, Row & { ids: Set<string> }>();
  for (const p of partsOf(data, ix, f, commits)) {
    const key = by === 'agent' ? ix.agentOf(p.session) : ix.modelOf(p.session);
    const r = rows.get(key) ?? rows.set(key, { key, ai: 0, aiModified: 0, share: 0, sessions: 0, prompts: 0, applied: 0, rejected: 0, survival: null, ids: new Set() }).get(key)!;
    r.ai += p.ai;
    r.aiModified += p.aiModified;
    r.prompts += p.prompts;
    r.applied += p.applied;
    r.rejected += p.rejected;
    r.ids.add(p.session);
  }
  return [...rows.values()]
    .map(({ ids, ...r }) => ({
      ...r,
      sessions: ids.size,
      share: total ? (r.ai + r.aiModified) / total : 0,
      survival: by === 'agent' ? ((data.stats.groups.agent ?? []).find((g) => g.key === r.key)?.survival ?? null) : null,
    }))
    .sort((a, b) => b.ai + b.aiModified - (a.ai + a.aiModified) || a.key.localeCompare(b.key));
}

function statsRow(g: StatsGroup): Row {
  return {
    key: g.key ?? '',
    ai: g.lines.ai,
    aiModified: g.lines['ai-modified'],
    share: g.share,
    sessions: g.activity?.sessions ?? 0,
    prompts: g.activity?.prompts ?? 0,
    applied: g.activity?.edits.applied ?? 0,
    rejected: g.activity?.edits.rejected ?? 0,
    survival: g.survival ?? null,
  };
}

/** Sum `fn` over `items`. */
export function sum<T>(items: T[], fn: (x: T) => number): number {
  let n = 0;
  for (const x of items) n += fn(x);
  return n;
}

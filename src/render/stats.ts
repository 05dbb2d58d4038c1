/**
 * Pure rendering of `git drift stats`: terminal text (a summary, then one table per
 * grouping) and JSON. Every note-sourced or commit-sourced text is escaped for the
 * terminal.
 */
import type { Stats, StatsGroup, StatsGroupBy, Survival } from '../stats/index.js';
import { escapeTerminal } from './terminal.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A fraction as a percentage with one decimal (`33.3%`). */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

function ratio(part: number, whole: number): string {
  return whole === 0 ? '-' : percent(part / whole);
}

/** The first lines: range, commits, lines by state, survival. */
function summary(s: Stats): string[] {
  const c = s.commits;
  const out = [`${escapeTerminal(s.range, true)}: ${plural(c.total, 'commit')} (${c.noted} with a drift note, ${c.missing} without, ${c.invalid} invalid; ${plural(c.merges, 'merge')})`];
  const l = s.totals.lines;
  const sh = s.totals.shares;
  out.push(
    `added lines: ${l.total}: ai ${l.ai} (${percent(sh.ai)}), ai-modified ${l['ai-modified']} (${percent(sh['ai-modified'])}), ` +
      `human ${l.human} (${percent(sh.human)}), unknown ${l.unknown} (${percent(sh.unknown)})`,
  );
  if (s.survival) out.push(`survival at ${s.survival.head.slice(0, 8)}: ${survivalText(s.survival)}`);
  return out;
}

function survivalText(v: Survival): string {
  return `of ${plural(v.added, 'agent line')}, ${v.present} still in HEAD (${ratio(v.present, v.added)}), ${v.unchanged} unchanged (${ratio(v.unchanged, v.added)})`;
}

/** The label of a row: its key, or what the null row stands for. */
function label(by: StatsGroupBy, row: StatsGroup): string {
  if (row.key !== null) return escapeTerminal(row.key, true);
  return by === 'agent' || by === 'model' || by === 'session' ? '(no agent)' : '(none)';
}

/** The columns of one grouping's table: header and cell per row. */
function columns(by: StatsGroupBy, survival: boolean): [string, (r: StatsGroup) => string][] {
  const cols: [string, (r: StatsGroup) => string][] = [
    [by, (r) => label(by, r)],
    ['lines', (r) => String(r.lines.total)],
    ['ai', (r) => percent(r.shares.ai)],
    ['ai-mod', (r) => percent(r.shares['ai-modified'])],
    ['human', (r) => percent(r.shares.human)],
    ['unknown', (r) => percent(r.shares.unknown)],
    ['share', (r) => percent(r.share)],
  ];
  if (by === 'agent' || by === 'model' || by === 'session') {
    if (by !== 'session') cols.push(['sessions', (r) => (r.activity ? String(r.activity.sessions) : '')]);
    cols.push(
      ['prompts', (r) => (r.activity ? String(r.activity.prompts) : '')],
      ['applied', (r) => (r.activity ? String(r.activity.edits.applied) : '')],
      ['rejected', (r) => (r.activity ? String(r.activity.edits.rejected) : '')],
    );
  }
  if (by === 'agent' && survival) {
    cols.push(['in HEAD', (r) => (r.survival ? ratio(r.survival.present, r.survival.added) : '')], ['unchanged', (r) => (r.survival ? ratio(r.survival.unchanged, r.survival.added) : '')]);
  }
  return cols;
}

/** One grouping as an aligned table: the first column left-aligned, numbers right-aligned. */
export function renderStatsTable(by: StatsGroupBy, rows: StatsGroup[], survival: boolean): string {
  const cols = columns(by, survival);
  const cells = [cols.map(([h]) => h), ...rows.map((r) => cols.map(([, cell]) => cell(r)))];
  const widths = cols.map((_, i) => Math.max(...cells.map((row) => [...row[i]!].length)));
  const pad = (text: string, i: number) => (i === 0 ? text + ' '.repeat(widths[i]! - [...text].length) : text.padStart(widths[i]!));
  return cells.map((row) => row.map(pad).join('  ').trimEnd()).join('\n');
}

/**
 * Terminal text: the summary lines, then a table per grouping in `shown` that the stats
 * hold (agent and model when `shown` is empty).
 */
export function renderStatsText(s: Stats, shown: StatsGroupBy[]): string {
  const out = summary(s);
  const wanted = shown.length > 0 ? shown : (['agent', 'model'] as StatsGroupBy[]);
  for (const by of wanted) {
    const rows = s.groups[by];
    if (!rows) continue;
    out.push('', rows.length > 0 ? renderStatsTable(by, rows, s.survival !== null) : `(no added lines by ${by})`);
  }
  return `${out.join('\n')}\n`;
}

/** The `--json` output: the stats, pretty-printed with 2 spaces, and a newline. */
export function renderStatsJson(s: Stats): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

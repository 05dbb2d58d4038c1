/**
 * The overview: the range's figures (added lines by owner, AI share, acceptance,
 * survival), the AI share over time per day or per commit by agent or model, and a table
 * per agent and per model.
 */
import type uPlot from 'uplot';
import type { ReportData } from '../data.js';
import { drawShareChart, type Layer, type ShareChart } from './chart.js';
import { h, num, pct, ratio, type Child } from './dom.js';
import { commitsOf, partsOf, rowsBy, summarize, type Filter, type Index, type Row, type Summary } from './filters.js';

/** Fixed colours of the agents git drift reads; other keys take the spare ones in turn. */
const AGENT_COLORS: Record<string, string> = {
  'claude-code': '#d97757',
  codex: '#10a37f',
  cursor: '#6e7bf2',
  aider: '#14a3b8',
  gemini: '#4f86f7',
  opencode: '#e0a526',
  cline: '#b165e0',
};
const SPARE = ['#e06c9f', '#8fb339', '#c9743a', '#5aa9e6', '#9b7fe6', '#d1b33b', '#4fb7a1'];

/** A stable colour for an agent or model key (models take spares in order of first use). */
export function colorOf(key: string, spareIndex: Map<string, number>): string {
  if (Object.hasOwn(AGENT_COLORS, key)) return AGENT_COLORS[key]!; // agent names come from notes
  if (!spareIndex.has(key)) spareIndex.set(key, spareIndex.size);
  return SPARE[spareIndex.get(key)! % SPARE.length]!;
}

/** Chart options the overview remembers between redraws. */
export interface ChartChoice {
  per: 'day' | 'commit';
  by: 'agent' | 'model';
}

/** One figure: a label, the value, a detail line; `stat` names the figure for tests (`data-stat`). */
function card(label: string, value: string, detail: Child, stat: string): HTMLElement {
  return h('div', { class: 'card' }, [h('div', { class: 'card-label' }, [label]), h('div', { class: 'card-value', 'data-stat': stat }, [value]), h('div', { class: 'card-detail' }, [detail])]);
}

/** A figure's raw value for tests, alongside the shown text. */
function stat(name: string, value: number): HTMLElement {
  return h('span', { 'data-stat': name }, [num(value)]);
}

function cards(s: Summary): HTMLElement {
  const l = s.lines;
  const agent = l.ai + l['ai-modified'];
  const decided = s.edits.applied + s.edits.rejected;
  return h('section', { class: 'cards' }, [
    card('AI share', pct(ratio(agent, l.total)), h('span', {}, [stat('lines.agent', agent), ' of ', stat('lines.total', l.total), ' added lines']), 'share.agent'),
    card(
      'By owner',
      num(l.total),
      h('span', { class: 'owners' }, [
        h('span', { class: 'dot s-ai' }),
        'ai ',
        stat('lines.ai', l.ai),
        ' · ',
        h('span', { class: 'dot s-aim' }),
        'ai-modified ',
        stat('lines.ai-modified', l['ai-modified']),
        ' · ',
        h('span', { class: 'dot s-human' }),
        'human ',
        stat('lines.human', l.human),
        ' · ',
        h('span', { class: 'dot s-unknown' }),
        'unknown ',
        stat('lines.unknown', l.unknown),
        l.other > 0 ? h('span', {}, [' · other agents ', stat('lines.other', l.other)]) : null,
      ]),
      'lines.total.card',
    ),
    card(
      'Acceptance',
      decided ? pct(ratio(s.edits.applied, decided)) : '–',
      h('span', {}, [stat('edits.applied', s.edits.applied), ' edits applied, ', stat('edits.rejected', s.edits.rejected), ' rejected']),
      'acceptance',
    ),
    card(
      'Survival',
      s.survival?.added ? pct(ratio(s.survival.present, s.survival.added)) : '–',
      s.survival
        ? h('span', {}, [
            stat('survival.present', s.survival.present),
            ' of ',
            stat('survival.added', s.survival.added),
            ' still at HEAD (',
            stat('survival.unchanged', s.survival.unchanged),
            ' unchanged); ',
            s.survivalScope,
          ])
        : 'not measured',
      'survival',
    ),
    card(
      'Commits',
      num(s.commits.total),
      h('span', {}, [stat('commits.noted', s.commits.noted), ' with a drift note; ', stat('sessions', s.sessions), ' sessions, ', stat('prompts', s.prompts), ' prompts']),
      'commits.total',
    ),
  ]);
}

/** The chart's buckets and layers under `f`, oldest first. */
export function shareChart(data: ReportData, ix: Index, f: Filter, choice: ChartChoice, spare: Map<string, number>): ShareChart {
  // Oldest first; days in calendar order (a merged branch's commits are not in date order).
  const commits = commitsOf(data, f).slice().reverse();
  if (choice.per === 'day') commits.sort((a, b) => a.date.localeCompare(b.date));
  const labels: string[] = [];
  const totals: number[] = [];
  const layers = new Map<string, number[]>();
  const human: number[] = [];
  const unknown: number[] = [];
  const slot = new Map<string, number>();
  for (const c of commits) {
    const label = choice.per === 'day' ? c.date.slice(0, 10) : c.commit.slice(0, 7);
    let at = choice.per === 'day' ? slot.get(label) : undefined;
    if (at === undefined) {
      at = labels.push(label) - 1;
      slot.set(label, at);
      totals.push(0);
      human.push(0);
      unknown.push(0);
    }
    totals[at]! += c.lines.total;
    human[at]! += c.lines.human;
    unknown[at]! += c.lines.unknown;
    for (const p of partsOf(data, ix, f, [c])) {
      const key = choice.by === 'agent' ? ix.agentOf(p.session) : ix.modelOf(p.session);
      const values = layers.get(key) ?? layers.set(key, []).get(key)!;
      values[at] = (values[at] ?? 0) + p.ai + p.aiModified;
    }
  }
  const share = (values: number[]) => labels.map((_, i) => ratio(values[i] ?? 0, totals[i]!));
  const out: Layer[] = [...layers].sort((a, b) => a[0].localeCompare(b[0])).map(([name, values]) => ({ name, color: colorOf(name, spare), values: share(values) }));
  out.push({ name: 'human', color: 'var(--human)', values: share(human) }, { name: 'unknown', color: 'var(--unknown)', values: share(unknown) });
  return {
    per: choice.per,
    labels,
    totals,
    layers: out.map((l) => ({ ...l, color: l.color.startsWith('var(') ? getComputedStyle(document.documentElement).getPropertyValue(l.color.slice(4, -1)).trim() : l.color })),
  };
}

function table(title: string, by: 'agent' | 'model', rows: Row[], spare: Map<string, number>): HTMLElement {
  const head = ['', by, 'ai', 'ai-modified', 'share', 'sessions', 'prompts', 'applied', 'rejected', 'acceptance', 'survival'];
  return h('section', { class: 'panel' }, [
    h('h2', {}, [title]),
    rows.length === 0
      ? h('p', { class: 'empty' }, ['No agent lines in this selection.'])
      : h('table', { class: 'grid', 'data-table': by }, [
          h('thead', {}, [
            h(
              'tr',
              {},
              head.map((t, i) => h('th', { class: i > 1 ? 'n' : '' }, [t])),
            ),
          ]),
          h(
            'tbody',
            {},
            rows.map((r) => {
              const decided = r.applied + r.rejected;
              const swatch = h('span', { class: 'swatch' });
              swatch.style.background = colorOf(r.key, spare);
              return h('tr', { 'data-key': r.key }, [
                h('td', {}, [swatch]),
                h('td', {}, [r.key]),
                h('td', { class: 'n', 'data-col': 'ai' }, [num(r.ai)]),
                h('td', { class: 'n', 'data-col': 'ai-modified' }, [num(r.aiModified)]),
                h('td', { class: 'n' }, [pct(r.share)]),
                h('td', { class: 'n', 'data-col': 'sessions' }, [num(r.sessions)]),
                h('td', { class: 'n', 'data-col': 'prompts' }, [num(r.prompts)]),
                h('td', { class: 'n', 'data-col': 'applied' }, [num(r.applied)]),
                h('td', { class: 'n', 'data-col': 'rejected' }, [num(r.rejected)]),
                h('td', { class: 'n' }, [decided ? pct(ratio(r.applied, decided)) : '–']),
                h('td', { class: 'n', 'data-col': 'survival' }, [
                  r.survival?.added ? `${pct(ratio(r.survival.present, r.survival.added))} (${num(r.survival.present)}/${num(r.survival.added)})` : '–',
                ]),
              ]);
            }),
          ),
        ]),
  ]);
}

/** Draw the overview into `root`; `choice` is changed by its toggles, which call `redraw`. Returns the chart to destroy later. */
export function renderOverview(root: HTMLElement, data: ReportData, ix: Index, f: Filter, choice: ChartChoice, redraw: () => void): uPlot | null {
  const spare = new Map<string, number>();
  const toggle = (label: string, on: boolean, set: () => void) =>
    h('button', { type: 'button', class: on ? 'toggle on' : 'toggle', 'aria-pressed': String(on) }, [label], {
      click: () => {
        set();
        redraw();
      },
    });
  const plot = h('div', { class: 'chart', id: 'share-chart' });
  root.append(
    cards(summarize(data, ix, f)),
    h('section', { class: 'panel' }, [
      h('div', { class: 'panel-head' }, [
        h('h2', {}, ['AI share over time']),
        h('div', { class: 'toggles' }, [
          toggle('per day', choice.per === 'day', () => (choice.per = 'day')),
          toggle('per commit', choice.per === 'commit', () => (choice.per = 'commit')),
          h('span', { class: 'sep' }),
          toggle('by agent', choice.by === 'agent', () => (choice.by = 'agent')),
          toggle('by model', choice.by === 'model', () => (choice.by = 'model')),
        ]),
      ]),
      plot,
    ]),
    table('Agents', 'agent', rowsBy(data, ix, f, 'agent'), spare),
    table('Models', 'model', rowsBy(data, ix, f, 'model'), spare),
  );
  const chart = shareChart(data, ix, f, choice, spare);
  if (chart.labels.length === 0) {
    plot.append(h('p', { class: 'empty' }, ['No commits in this selection.']));
    return null;
  }
  return drawShareChart(plot, chart, Math.max(320, plot.clientWidth || 900));
}

/**
 * The report page's script: reads the data block (`#drift-data`, JSON, never markup),
 * draws the header, the filters and the view the address names (`#overview`, `#files`,
 * `#file=<path>`, `#sessions`, `#sessions=<id>`), and redraws on every change. Bundled
 * by scripts/build.mjs into the page; everything is built with DOM APIs (./dom.ts).
 */
import type uPlot from 'uplot';
import type { ReportData } from '../data.js';
import { clear, h } from './dom.js';
import { indexData, isFiltered, NO_FILTER, type Filter } from './filters.js';
import { renderOverview, type ChartChoice } from './overview.js';
import { renderFiles, type FileSort } from './files.js';
import { renderFile } from './file.js';
import { renderSessions } from './sessions.js';
import './style.css';

const data = JSON.parse(document.getElementById('drift-data')!.textContent ?? '{}') as ReportData;
const ix = indexData(data);
const filter: Filter = { ...NO_FILTER };
const choice: ChartChoice = { per: data.stats.history.length > 40 ? 'day' : 'commit', by: 'agent' };
const sort: FileSort = { column: 'total', descending: true };
let chart: uPlot | null = null;

/** The view the address names. */
function route(): { view: 'overview' | 'files' | 'file' | 'sessions'; arg: string | null } {
  const hash = decodeURIComponent(location.hash.slice(1));
  const eq = hash.indexOf('=');
  const name = eq === -1 ? hash : hash.slice(0, eq);
  const arg = eq === -1 ? null : hash.slice(eq + 1);
  if (name === 'files' || name === 'file' || name === 'sessions') return { view: name, arg };
  return { view: 'overview', arg: null };
}

function choices(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}

function select(label: string, key: 'agent' | 'model' | 'author', values: string[]): HTMLElement {
  const el = h(
    'select',
    { 'data-filter': key, 'aria-label': label },
    [h('option', { value: '' }, [`any ${label}`]), ...values.map((v) => h('option', { value: v, selected: filter[key] === v }, [v]))],
    {
      change: () => {
        filter[key] = el.value;
        draw();
      },
    },
  );
  return el;
}

function dateInput(label: string, key: 'from' | 'to', min: string, max: string): HTMLElement {
  const el = h('input', { type: 'date', 'data-filter': key, 'aria-label': label, min, max, value: filter[key] }, [], {
    change: () => {
      filter[key] = el.value;
      draw();
    },
  });
  return h('label', { class: 'date' }, [label, ' ', el]);
}

function header(view: string): HTMLElement {
  const days = data.stats.history.map((c) => c.date.slice(0, 10)).sort();
  const tab = (id: string, label: string) => h('a', { href: `#${id}`, class: view === id || (id === 'files' && view === 'file') ? 'tab on' : 'tab', 'data-tab': id }, [label]);
  return h('header', { class: 'top' }, [
    h('div', { class: 'title' }, [
      h('h1', {}, ['git drift report']),
      h('span', { class: 'muted' }, [`${data.repository} · ${data.range} · ${data.head ? data.head.slice(0, 8) : 'no commits'} · made ${data.generated.replace('T', ' ').replace('Z', ' UTC')}`]),
    ]),
    h('nav', { class: 'tabs' }, [tab('overview', 'Overview'), tab('files', 'Files'), tab('sessions', 'Sessions')]),
    h('div', { class: 'filters' }, [
      select('agent', 'agent', choices(data.sessions.map((s) => s.agent))),
      select('model', 'model', choices(data.sessions.map((s) => s.model ?? 'unknown'))),
      select('author', 'author', choices(data.stats.history.map((c) => c.author))),
      dateInput('from', 'from', days[0] ?? '', days.at(-1) ?? ''),
      dateInput('to', 'to', days[0] ?? '', days.at(-1) ?? ''),
      isFiltered(filter)
        ? h('button', { type: 'button', class: 'reset', 'data-filter': 'reset' }, ['clear filters'], {
            click: () => {
              Object.assign(filter, NO_FILTER);
              draw();
            },
          })
        : null,
    ]),
  ]);
}

/** Redraw the whole page for the current address and filters. */
function draw(): void {
  const app = document.getElementById('app')!;
  chart?.destroy();
  chart = null;
  clear(app);
  const { view, arg } = route();
  const main = h('main', { 'data-view': view });
  app.append(header(view), main);
  if (data.stats.commits.total === 0) main.append(h('p', { class: 'empty' }, ['The range has no commits.']));
  else if (view === 'files') renderFiles(main, data, ix, filter, sort, draw);
  else if (view === 'file') renderFile(main, data, arg ?? '');
  else if (view === 'sessions') renderSessions(main, data, ix, filter, arg);
  else chart = renderOverview(main, data, ix, filter, choice, draw);
  document.body.dataset.ready = view;
}

window.addEventListener('hashchange', () => {
  draw();
  window.scrollTo(0, 0);
});
let resizing = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = window.setTimeout(() => {
    if (route().view === 'overview') draw();
  }, 150);
});
draw();

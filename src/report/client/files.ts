/**
 * The files view: every file the range added lines to (the stats' `file` grouping), in a
 * table sortable by any column, with a bar of its lines by owner. A click opens the file
 * view. The agent and model filters keep the files their sessions wrote in; the lines are
 * always the range's.
 */
import type { ReportData } from '../data.js';
import type { StatsGroup } from '../../stats/types.js';
import { h, num, pct, widthPct } from './dom.js';
import { sessionPasses, type Filter, type Index } from './filters.js';

/** How the table is sorted: a column and a direction. */
export interface FileSort {
  column: 'path' | 'total' | 'ai' | 'ai-modified' | 'human' | 'unknown' | 'share' | 'commits';
  descending: boolean;
}

const COLUMNS: { key: FileSort['column']; label: string }[] = [
  { key: 'path', label: 'file' },
  { key: 'total', label: 'lines' },
  { key: 'share', label: 'AI share' },
  { key: 'ai', label: 'ai' },
  { key: 'ai-modified', label: 'ai-modified' },
  { key: 'human', label: 'human' },
  { key: 'unknown', label: 'unknown' },
  { key: 'commits', label: 'commits' },
];

function value(g: StatsGroup, column: FileSort['column']): number | string {
  if (column === 'path') return g.key ?? '';
  if (column === 'share') return g.lines.total ? (g.lines.ai + g.lines['ai-modified']) / g.lines.total : 0;
  if (column === 'commits') return g.commits;
  return g.lines[column];
}

/** A bar of a file's lines by owner, each segment as wide as its share. */
export function ownerBar(g: Pick<StatsGroup, 'lines'>): HTMLElement {
  const bar = h('div', { class: 'bar', role: 'img', 'aria-label': `ai ${g.lines.ai}, ai-modified ${g.lines['ai-modified']}, human ${g.lines.human}, unknown ${g.lines.unknown}` });
  for (const [state, cls] of [
    ['ai', 's-ai'],
    ['ai-modified', 's-aim'],
    ['human', 's-human'],
    ['unknown', 's-unknown'],
  ] as const) {
    if (g.lines[state] > 0) bar.append(widthPct(h('span', { class: cls, title: `${state}: ${g.lines[state]}` }), g.lines.total ? g.lines[state] / g.lines.total : 0));
  }
  return bar;
}

/** Draw the files table into `root`. `sort` is changed by clicks on the headers, which call `redraw`. */
export function renderFiles(root: HTMLElement, data: ReportData, ix: Index, f: Filter, sort: FileSort, redraw: () => void): void {
  let rows = (data.stats.groups.file ?? []).filter((g) => g.key !== null);
  if (f.agent || f.model) {
    const keep = new Set(data.sessions.filter((s) => sessionPasses(ix, f, s.id)).flatMap((s) => s.files));
    rows = rows.filter((g) => keep.has(g.key!));
  }
  const dir = sort.descending ? -1 : 1;
  rows = rows.slice().sort((a, b) => {
    const x = value(a, sort.column);
    const y = value(b, sort.column);
    return (typeof x === 'string' ? x.localeCompare(String(y)) : x - Number(y)) * dir || (a.key ?? '').localeCompare(b.key ?? '');
  });
  const viewable = new Set(data.files.map((x) => x.path));
  const header = COLUMNS.map((c) => {
    const on = sort.column === c.key;
    return h('th', { class: c.key === 'path' ? 'sortable' : 'sortable n', 'aria-sort': on ? (sort.descending ? 'descending' : 'ascending') : 'none', 'data-sort': c.key }, [
      h('button', { type: 'button' }, [c.label, on ? (sort.descending ? ' ▾' : ' ▴') : ''], {
        click: () => {
          sort.descending = on ? !sort.descending : c.key !== 'path';
          sort.column = c.key;
          redraw();
        },
      }),
    ]);
  });
  header.splice(1, 0, h('th', { class: 'barcol' }, ['owners']));
  root.append(
    h('section', { class: 'panel' }, [
      h('div', { class: 'panel-head' }, [
        h('h2', {}, [`Files (${rows.length})`]),
        h('div', { class: 'legend' }, [
          h('span', { class: 'dot s-ai' }),
          'ai',
          h('span', { class: 'dot s-aim' }),
          'ai-modified',
          h('span', { class: 'dot s-human' }),
          'human',
          h('span', { class: 'dot s-unknown' }),
          'unknown',
        ]),
      ]),
      f.author || f.from || f.to ? h('p', { class: 'hint' }, ['Lines are those of the whole range: the author and date filters do not split them by file.']) : null,
      rows.length === 0
        ? h('p', { class: 'empty' }, ['No files in this selection.'])
        : h('table', { class: 'grid files', 'data-table': 'files' }, [
            h('thead', {}, [h('tr', {}, header)]),
            h(
              'tbody',
              {},
              rows.map((g) => {
                const path = g.key!;
                const link = viewable.has(path)
                  ? h('a', { href: `#file=${encodeURIComponent(path)}`, class: 'path' }, [path])
                  : h('span', { class: 'path gone', title: 'not in the file view (gone at the last commit, binary, or beyond the cap)' }, [path]);
                return h('tr', { 'data-path': path }, [
                  h('td', {}, [link]),
                  h('td', { class: 'barcol' }, [ownerBar(g)]),
                  h('td', { class: 'n', 'data-col': 'total' }, [num(g.lines.total)]),
                  h('td', { class: 'n' }, [pct(Number(value(g, 'share')))]),
                  h('td', { class: 'n', 'data-col': 'ai' }, [num(g.lines.ai)]),
                  h('td', { class: 'n', 'data-col': 'ai-modified' }, [num(g.lines['ai-modified'])]),
                  h('td', { class: 'n', 'data-col': 'human' }, [num(g.lines.human)]),
                  h('td', { class: 'n', 'data-col': 'unknown' }, [num(g.lines.unknown)]),
                  h('td', { class: 'n' }, [num(g.commits)]),
                ]);
              }),
            ),
          ]),
      data.filesLeftOut > 0 ? h('p', { class: 'hint' }, [`${num(data.filesLeftOut)} file(s) have no file view: gone or binary at the last commit, or beyond the first ${data.files.length}.`]) : null,
    ]),
  );
}

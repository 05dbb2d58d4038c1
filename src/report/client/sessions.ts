/**
 * The sessions view: each agent session of the range with what its notes tell (prompts,
 * decisions, rejected approaches, open threads), the commits that carry it and the files
 * it wrote in. All of it is untrusted note text, shown as text.
 */
import type { ReportData, ReportSession } from '../data.js';
import { h, num, short, type Child } from './dom.js';
import { commitsOf, sessionPasses, sum, type Filter, type Index } from './filters.js';

function list(title: string, items: Child[], name: string, open: boolean): HTMLElement | null {
  if (items.length === 0) return null;
  return h('details', { class: 'sub', open }, [
    h('summary', {}, [`${title} (${items.length})`]),
    h(
      'ol',
      { class: 'list', 'data-list': name },
      items.map((i) => h('li', {}, [i])),
    ),
  ]);
}

function sessionCard(s: ReportSession, data: ReportData, focus: boolean): HTMLElement {
  const parts = s.commits.flatMap((c) => (data.parts[c] ?? []).filter((p) => p.session === s.id));
  const lines = sum(parts, (p) => p.ai + p.aiModified);
  const subjects = new Map(data.stats.history.map((c) => [c.commit, c.subject]));
  const viewable = new Set(data.files.map((f) => f.path));
  return h('article', { class: focus ? 'session focus' : 'session', id: `session-${s.id}`, 'data-session': s.id }, [
    h('header', {}, [
      h('span', { class: `agent a-${s.agent.replace(/[^a-z-]/g, '')}` }, [s.agent]),
      h('span', { class: 'mono sid', title: s.id }, [short(s.id)]),
      h('span', { class: 'muted' }, [s.model ?? 'unknown model']),
      s.branch ? h('span', { class: 'muted' }, [`on ${s.branch}`]) : null,
      h('span', { class: 'grow' }),
      h('span', { class: 'figures' }, [
        `${num(lines)} lines · ${num(sum(parts, (p) => p.prompts))} prompts · ${num(sum(parts, (p) => p.applied))} edits applied, ${num(sum(parts, (p) => p.rejected))} rejected`,
      ]),
    ]),
    list(
      'Prompts',
      s.prompts.map((p) => h('div', {}, [p.at ? h('div', { class: 'when' }, [p.at]) : null, h('blockquote', { class: 'prompt-text' }, [p.text])])),
      'prompts',
      focus || data.sessions.length <= 3,
    ),
    list('Decisions', s.decisions, 'decisions', false),
    list('Rejected approaches', s.rejected, 'rejected', s.rejected.length > 0),
    list('Open threads', s.openThreads, 'open', false),
    h('div', { class: 'meta' }, [
      h('div', {}, [h('span', { class: 'k' }, ['commits ']), ...s.commits.flatMap((c) => [h('span', { class: 'mono chip', title: subjects.get(c) ?? '' }, [c.slice(0, 8)]), ' '])]),
      h('div', {}, [
        h('span', { class: 'k' }, ['files ']),
        ...s.files.flatMap((f) => [viewable.has(f) ? h('a', { class: 'mono chip', href: `#file=${encodeURIComponent(f)}` }, [f]) : h('span', { class: 'mono chip' }, [f]), ' ']),
      ]),
    ]),
  ]);
}

/** Draw the sessions that pass `f` into `root`; `focus` (a session id) is opened and scrolled to. */
export function renderSessions(root: HTMLElement, data: ReportData, ix: Index, f: Filter, focus: string | null): void {
  const commits = new Set(commitsOf(data, f).map((c) => c.commit));
  const shown = data.sessions.filter((s) => sessionPasses(ix, f, s.id) && s.commits.some((c) => commits.has(c)));
  root.append(h('h2', { class: 'view-title' }, [`Sessions (${shown.length})`]));
  if (shown.length === 0) root.append(h('p', { class: 'empty' }, ['No agent session in this selection.']));
  const cards = shown.map((s) => sessionCard(s, data, s.id === focus));
  root.append(h('div', { class: 'sessions' }, cards));
  const target = cards.find((c) => c.dataset.session === focus);
  if (target) requestAnimationFrame(() => target.scrollIntoView({ block: 'start' }));
}

/**
 * The file view: a file as it is at the range's last commit, each line coloured by its
 * owner as `git drift blame` gives it (ai, ai-modified, human, unknown), with the session,
 * model, commit and prompt behind a line on hover (title) and on click (the details
 * panel), and the approaches the range's sessions tried and had rejected on the file.
 */
import type { ReportData, ReportFile, ReportOwner } from '../data.js';
import { h, num, pct, ratio, short } from './dom.js';

const STATE_CLASS: Record<string, string> = { ai: 's-ai', 'ai-modified': 's-aim', human: 's-human', unknown: 's-unknown' };

/** One line of text describing an owner (for the hover title). */
function describe(o: ReportOwner): string {
  const who = o.agent ? `${o.state} · ${o.agent}${o.model ? ` · ${o.model}` : ''} · session ${short(o.session ?? '')}` : o.state;
  return `${who} · commit ${o.commit.slice(0, 8)}${o.prompt ? `\nprompt: ${o.prompt}` : ''}`;
}

function details(o: ReportOwner | null, line: number | null, data: ReportData): HTMLElement {
  if (!o || line === null) return h('aside', { class: 'details', id: 'line-details' }, [h('p', { class: 'hint' }, ['Click a line to see who wrote it and why.'])]);
  const commit = data.stats.history.find((c) => c.commit === o.commit);
  const row = (k: string, v: string | null, attr: string) => (v ? h('div', { class: 'kv' }, [h('span', { class: 'k' }, [k]), h('span', { class: 'v', 'data-detail': attr }, [v])]) : null);
  return h('aside', { class: 'details', id: 'line-details' }, [
    h('h3', {}, [`Line ${line}`]),
    h('div', { class: 'kv' }, [h('span', { class: 'k' }, ['owner']), h('span', { class: `v badge ${STATE_CLASS[o.state] ?? ''}`, 'data-detail': 'state' }, [o.state])]),
    row('agent', o.agent, 'agent'),
    row('model', o.model, 'model'),
    o.session
      ? h('div', { class: 'kv' }, [h('span', { class: 'k' }, ['session']), h('a', { class: 'v mono', href: `#sessions=${encodeURIComponent(o.session)}`, 'data-detail': 'session' }, [o.session])])
      : null,
    row('commit', `${o.commit.slice(0, 12)}${commit ? ` · ${commit.subject}` : ''}`, 'commit'),
    commit ? row('author', `${commit.author} · ${commit.date.slice(0, 10)}`, 'author') : null,
    o.prompt ? h('div', { class: 'prompt' }, [h('div', { class: 'k' }, ['prompt']), h('blockquote', { 'data-detail': 'prompt' }, [o.prompt])]) : null,
  ]);
}

/** Lines by owner state of a file view. */
function counts(file: ReportFile): Record<string, number> {
  const out: Record<string, number> = { ai: 0, 'ai-modified': 0, human: 0, unknown: 0 };
  for (const [a, b, k] of file.runs) out[file.owners[k]!.state] = (out[file.owners[k]!.state] ?? 0) + b - a + 1;
  return out;
}

/** Draw the file view of `path` into `root` (a note when the page does not carry it). */
export function renderFile(root: HTMLElement, data: ReportData, path: string): void {
  const file = data.files.find((f) => f.path === path);
  if (!file) {
    root.append(h('section', { class: 'panel' }, [h('h2', {}, [path]), h('p', { class: 'empty' }, ['This file is not in the report: gone or binary at the last commit, or beyond the file cap.'])]));
    return;
  }
  const c = counts(file);
  const total = file.lines.length;
  let aside = details(null, null, data);
  const code = h('ol', { class: 'code', 'data-file': file.path });
  let selected: HTMLElement | null = null;
  for (const [a, b, k] of file.runs) {
    const owner = file.owners[k]!;
    const title = describe(owner);
    for (let n = a; n <= b; n++) {
      const li = h(
        'li',
        { class: STATE_CLASS[owner.state] ?? '', 'data-line': n, 'data-state': owner.state, title, tabindex: 0 },
        [h('span', { class: 'ln' }, [String(n)]), h('span', { class: 'mark' }), h('code', {}, [file.lines[n - 1] ?? ''])],
        {
          click: () => {
            selected?.classList.remove('selected');
            li.classList.add('selected');
            selected = li;
            const next = details(owner, n, data);
            aside.replaceWith(next);
            aside = next;
          },
        },
      );
      code.append(li);
    }
  }
  root.append(
    h('section', { class: 'panel file-head' }, [
      h('h2', { class: 'mono' }, [file.path]),
      h('p', { class: 'owners' }, [
        `${num(total)} lines at ${data.head?.slice(0, 8) ?? 'HEAD'}: `,
        h('span', { class: 'dot s-ai' }),
        `ai ${num(c.ai!)} (${pct(ratio(c.ai!, total))}) · `,
        h('span', { class: 'dot s-aim' }),
        `ai-modified ${num(c['ai-modified']!)} · `,
        h('span', { class: 'dot s-human' }),
        `human ${num(c.human!)} · `,
        h('span', { class: 'dot s-unknown' }),
        `unknown ${num(c.unknown!)}`,
        file.more > 0 ? ` (and ${num(file.more)} more lines not shown)` : '',
      ]),
    ]),
  );
  const rejected = h('section', { class: 'panel' }, [
    h('h2', {}, [`Rejected approaches on this file (${file.rejected.length})`]),
    file.rejected.length === 0
      ? h('p', { class: 'empty' }, ['None recorded.'])
      : h(
          'ul',
          { class: 'list', 'data-list': 'file-rejected' },
          file.rejected.map((r) => h('li', {}, [h('span', { class: 'tag' }, [short(r.session)]), ' ', r.text])),
        ),
  ]);
  root.append(h('div', { class: 'file-view' }, [h('div', { class: 'code-wrap' }, [code]), h('div', { class: 'side' }, [aside, rejected])]));
}

/**
 * Pure rendering of `git drift pr-report`: GitHub-flavoured markdown for a pull request's
 * description or comment, built as an mdast tree and serialised by remark (so every
 * note-sourced text is escaped), between start/end markers a workflow can find; and JSON.
 */
import type { Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import type { PrReport } from '../pr-report/index.js';
import type { StatsGroup } from '../stats/index.js';
import { code, heading, item, list, paragraph, renderGfm, root, strong, text } from './markdown.js';
import { percent } from './stats.js';

/** The first line of the markdown: a workflow finds its own earlier comment by it. */
export const PR_REPORT_START = '<!-- git-drift:pr-report:start -->';
/** The last line of the markdown. */
export const PR_REPORT_END = '<!-- git-drift:pr-report:end -->';
/** How the hidden block for AI reviewers opens (it closes with `-->`). */
export const REVIEWER_CONTEXT = '<!-- git-drift:reviewer-context';

/** Most file rows in the table (largest first); the rest are counted in one line. */
export const MAX_FILE_ROWS = 50;

/** One line of at most `max` characters, whitespace runs as one space. */
function oneLine(value: string, max = 200): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function cell(value: string): TableCell {
  return { type: 'tableCell', children: [text(oneLine(value, 300))] };
}

function table(header: string[], rows: string[][]): Table {
  const row = (cells: string[]): TableRow => ({ type: 'tableRow', children: cells.map(cell) });
  return { type: 'table', align: header.map((_, i) => (i === 0 ? 'left' : 'right')), children: [row(header), ...rows.map(row)] };
}

function shareCells(r: StatsGroup): string[] {
  return [String(r.lines.total), percent(r.shares.ai), percent(r.shares['ai-modified']), percent(r.shares.human), percent(r.shares.unknown)];
}

/** The agent or model table, with activity and, for agents, survival. */
function groupTable(by: 'agent' | 'model', rows: StatsGroup[]): Table {
  const header = [by, 'lines', 'ai', 'ai-modified', 'human', 'unknown', 'share', 'sessions', 'prompts', 'edits applied', 'edits rejected'];
  if (by === 'agent') header.push('still in HEAD', 'unchanged');
  return table(
    header,
    rows.map((r) => {
      const a = r.activity;
      const cells = [r.key ?? '(no agent)', ...shareCells(r), percent(r.share), ...(a ? [a.sessions, a.prompts, a.edits.applied, a.edits.rejected].map(String) : ['', '', '', ''])];
      if (by === 'agent') {
        const s = r.survival;
        cells.push(s && s.added > 0 ? percent(s.present / s.added) : '', s && s.added > 0 ? percent(s.unchanged / s.added) : '');
      }
      return cells;
    }),
  );
}

/** The opening paragraph: the AI share in one sentence. */
function lead(r: PrReport): RootContent {
  const t = r.stats.totals;
  const agent = t.lines.ai + t.lines['ai-modified'];
  const c = r.stats.commits;
  return paragraph(
    strong(percent(t.lines.total === 0 ? 0 : agent / t.lines.total)),
    ` of the ${t.lines.total} added lines were written by agents (ai ${t.lines.ai}, ai-modified ${t.lines['ai-modified']}); ` +
      `human ${percent(t.shares.human)}, unknown ${percent(t.shares.unknown)} (commits without a note). ` +
      `${c.total} commits, ${c.noted} with a drift note, in `,
    code(r.stats.range),
    '.',
  );
}

function sessionsList(r: PrReport): RootContent[] {
  if (r.sessions.length === 0) return [paragraph('No agent session behind these commits.')];
  return [
    list(
      r.sessions.map((s) => {
        const head = [
          strong(s.agent),
          ' ',
          code(s.id.slice(s.id.indexOf(':') + 1, s.id.indexOf(':') + 9)),
          ` (${s.model ?? 'model not recorded'}), ${s.commits.length} commit${s.commits.length === 1 ? '' : 's'}, ${s.prompts} prompts, ${s.edits.applied} edits applied, ${s.edits.rejected} rejected`,
        ];
        return s.firstPrompt ? item(paragraph(...head, ': first prompt: ', text(oneLine(s.firstPrompt)))) : item(paragraph(...head));
      }),
    ),
  ];
}

/**
 * The machine-readable summary for AI reviewers, as one HTML comment. The JSON has every
 * `<` and `>` written as `\u003c` / `\u003e` (valid JSON, same value), so no text from a
 * note can close the comment (`-->`, `--!>`) or open markup.
 */
export function renderReviewerContext(r: PrReport): string {
  const t = r.stats.totals;
  const summary = {
    prReport: 1,
    range: r.stats.range,
    commits: r.stats.commits,
    lines: t.lines,
    shares: t.shares,
    survival: r.stats.survival,
    agents: (r.stats.groups.agent ?? []).filter((g) => g.key !== null).map((g) => ({ agent: g.key, lines: g.lines, activity: g.activity, survival: g.survival })),
    models: (r.stats.groups.model ?? []).filter((g) => g.key !== null).map((g) => ({ model: g.key, lines: g.lines })),
    files: (r.stats.groups.file ?? []).slice(0, MAX_FILE_ROWS).map((g) => ({ file: g.key, lines: g.lines })),
    sessions: r.sessions.map((s) => ({ id: s.id, agent: s.agent, model: s.model, firstPrompt: s.firstPrompt, commits: s.commits })),
    rejected: r.rejected,
    unnoted: r.unnoted.map((u) => u.commit),
  };
  const json = JSON.stringify(summary).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  return `${REVIEWER_CONTEXT}\n${json}\n-->`;
}

/** The markdown tree of the report (markers and hidden block as raw HTML nodes we build). */
export function prReportTree(r: PrReport): Root {
  const html = (value: string): RootContent => ({ type: 'html', value });
  const files = r.stats.groups.file ?? [];
  const body: RootContent[] = [html(PR_REPORT_START), heading(2, 'git drift: who wrote this pull request'), lead(r)];
  const agents = r.stats.groups.agent ?? [];
  if (agents.length > 0) body.push(heading(3, 'By agent'), groupTable('agent', agents));
  const models = (r.stats.groups.model ?? []).filter((g) => g.key !== null);
  if (models.length > 0) body.push(heading(3, 'By model'), groupTable('model', models));
  if (files.length > 0) {
    body.push(
      heading(3, 'Files'),
      table(
        ['file', 'lines', 'ai', 'ai-modified', 'human', 'unknown'],
        files.slice(0, MAX_FILE_ROWS).map((f) => [f.key ?? '', ...shareCells(f)]),
      ),
    );
    if (files.length > MAX_FILE_ROWS) body.push(paragraph(`And ${files.length - MAX_FILE_ROWS} more files.`));
  }
  body.push(heading(3, 'Sessions'), ...sessionsList(r));
  if (r.rejected.length > 0) {
    body.push(heading(3, 'Rejected approaches'), list(r.rejected.map((x) => item(paragraph(code(x.session), ' ', text(oneLine(x.text, 300)))))));
  }
  if (r.unnoted.length > 0) {
    body.push(
      heading(3, 'Commits without a drift note'),
      list(r.unnoted.map((u) => item(paragraph(code(u.commit.slice(0, 8)), ' ', text(oneLine(u.subject)), u.note === 'invalid' ? ' (invalid note)' : '')))),
    );
  }
  body.push(html(renderReviewerContext(r)), html(PR_REPORT_END));
  return root(body);
}

/** The markdown (ends with a newline). */
export function renderPrReportMarkdown(r: PrReport): string {
  return renderGfm(prReportTree(r));
}

/** The `--format json` output: the report, pretty-printed with 2 spaces, and a newline. */
export function renderPrReportJson(r: PrReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

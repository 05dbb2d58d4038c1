/**
 * The note and record body on mdast (issue 13): the tree built from a summary, our writer
 * and the CommonMark reader. The writer gives the bytes the string writer it replaced gave
 * (a frozen copy below, from the code before the change), on every corpus session in each
 * `drift.prompts` mode; the reader gives back the tree the writer took, and what the
 * regular-expression reader it replaced read; prompts full of markdown survive the trip.
 */
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Root } from 'mdast';
import { claudeCodeReader } from '../src/agents/claude-code/index.js';
import { codexReader } from '../src/agents/codex/index.js';
import type { AgentReader, LogFile } from '../src/agents/reader.js';
import type { PromptMode } from '../src/config.js';
import { parseBodyTree, parseNoteBody, parseNoteBodyPrompts } from '../src/notes/body.js';
import { renderBody } from '../src/notes/body-render.js';
import { buildNoteBody } from '../src/notes/body-tree.js';
import { parseNote } from '../src/notes/index.js';
import { buildSummarySections, promptText, renderSummarySections } from '../src/render/summary.js';
import { summarize, type SessionSummary } from '../src/summary/summarize.js';
import type { DriftEvent } from '../src/types.js';
import { CORPUS, git, makeRepo, makeSandbox, NEEDS_CORPUS, PROJECT } from './helpers/env.js';
import { installDrift, replaySession } from './helpers/replay.js';

// ----------------------------------------------- the string writer and reader replaced (frozen)

function oldQuoteBlock(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

function oldSections(summary: SessionSummary, mode: PromptMode, level: 2 | 3): string {
  const h = '#'.repeat(level);
  const out: string[] = [];
  if (summary.prompts.length > 0) {
    out.push(`${h} Prompts`, '');
    summary.prompts.forEach((p, i) => {
      const text = promptText(p.text, mode);
      const when = p.at ? ` (${p.at.slice(0, 16).replace('T', ' ')} UTC)` : '';
      out.push(text === null ? `${i + 1}.${when} [prompt text not kept: drift.prompts=none]` : `${i + 1}.${when}\n${oldQuoteBlock(text)}`, '');
    });
  }
  const list = (heading: string, items: string[]) => {
    if (items.length > 0) out.push(heading, '', ...items.map((i) => `- ${i.replace(/\n+/g, ' ')}`), '');
  };
  list(`${h} Decisions`, summary.decisions);
  list(
    `${h} Rejected approaches`,
    summary.rejected.map((r) => `\`${r.path}\` (${r.tool}, ${r.kind}): ${r.reason}`),
  );
  list(`${h} Open threads`, summary.openThreads);
  list(
    `${h} Files touched`,
    summary.files.map((f) => `\`${f}\``),
  );
  return out.join('\n');
}

function oldNoteBody(sessions: { agent: string; id8: string; model: string | null; summary: SessionSummary }[], mode: PromptMode): string {
  const sections = sessions.map((s) => `## ${s.agent} · ${s.id8} · ${s.model ?? 'unknown model'}\n\n${oldSections(s.summary, mode, 3)}`);
  return sections.length > 0 ? sections.join('\n') : 'No agent session contributed to this commit: every added line is human.\n';
}

function oldParseNoteBody(body: string) {
  const lists: Record<string, 'decisions' | 'rejected' | 'openThreads'> = { Decisions: 'decisions', 'Rejected approaches': 'rejected', 'Open threads': 'openThreads' };
  const sections: { label: string; decisions: string[]; rejected: string[]; openThreads: string[] }[] = [];
  let current: (typeof sections)[number] | null = null;
  let list: 'decisions' | 'rejected' | 'openThreads' | null = null;
  for (const line of body.split('\n')) {
    const session = /^## (\S+) · (\S+)(?: · .*)?$/.exec(line);
    if (session) {
      current = { label: `${session[1]} ${session[2]}`, decisions: [], rejected: [], openThreads: [] };
      sections.push(current);
      list = null;
    } else if (line.startsWith('### ')) list = lists[line.slice(4).trim()] ?? null;
    else if (current && list && line.startsWith('- ')) current[list].push(line.slice(2).trim());
  }
  return sections;
}

function oldParseNoteBodyPrompts(body: string) {
  const out = new Map<string, { at: string | null; text: string }[]>();
  let prompts: { at: string | null; text: string }[] | null = null;
  let inPrompts = false;
  let current: { at: string | null; lines: string[] } | null = null;
  const close = () => {
    if (current && prompts) prompts.push({ at: current.at, text: current.lines.join('\n').trim() });
    current = null;
  };
  for (const line of body.split('\n')) {
    const session = /^## (\S+) · (\S+)(?: · .*)?$/.exec(line);
    if (session) {
      close();
      prompts = [];
      out.set(`${session[1]} ${session[2]}`, prompts);
      inPrompts = false;
    } else if (line.startsWith('### ')) {
      close();
      inPrompts = line.slice(4).trim() === 'Prompts';
    } else if (prompts && inPrompts) {
      const item = /^\d+\.(?: \((\d{4}-\d\d-\d\d \d\d:\d\d) UTC\))?(?: (.*))?$/.exec(line);
      if (item) {
        close();
        current = { at: item[1] ? `${item[1]} UTC` : null, lines: item[2] ? [item[2]] : [] };
      } else if (current && (line === '>' || line.startsWith('> '))) current.lines.push(line.slice(2));
    }
  }
  close();
  return out;
}

// ------------------------------------------------------------------------------- helpers

const MODES: PromptMode[] = ['summary', 'full', 'none'];

function jsonlUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return jsonlUnder(full);
    return name.endsWith('.jsonl') ? [full] : [];
  });
}

/** The events of a corpus log, as the agent's reader gives them. */
function corpusEvents(path: string, agent: 'claude-code' | 'codex'): DriftEvent[] {
  const reader: AgentReader<any> = agent === 'claude-code' ? claudeCodeReader : codexReader;
  const file: LogFile = { agent, path, sessionNativeId: 'corpus', sidechain: false };
  return reader.parseChunk(readFileSync(path, 'utf8'), 0, reader.initialState(file), file).events;
}

/** A summary's note body through the new tree and writer. */
function newNoteBody(sessions: { agent: string; id8: string; model: string | null; summary: SessionSummary }[], mode: PromptMode): string {
  return renderBody(buildNoteBody(sessions.map((s) => ({ ...s, blocks: buildSummarySections(s.summary, mode, 3) }))), 2);
}

const relative = (p: string) => p.replace(/^\/+/, '');

function summaryWith(prompts: string[], extra: Partial<SessionSummary> = {}): SessionSummary {
  return {
    prompts: prompts.map((text, i) => ({ id: String(i), text, at: i % 2 === 0 ? `2026-11-20T09:0${i % 10}:00.000Z` : null })),
    decisions: [],
    rejected: [],
    openThreads: [],
    files: [],
    edits: { applied: 0, rejected: 0 },
    ...extra,
  } as SessionSummary;
}

// --------------------------------------------------------------------------------- tests

t.test('on every corpus session, the tree and writer give the bytes of the string writer they replaced', { skip: NEEDS_CORPUS }, async (t) => {
  let compared = 0;
  for (const agent of ['claude-code', 'codex'] as const) {
    for (const path of jsonlUnder(join(CORPUS, agent))) {
      const events = corpusEvents(path, agent);
      for (const mode of MODES) {
        const summary = summarize(events, relative, mode);
        for (const level of [2, 3] as const) t.equal(renderSummarySections(summary, mode, level), oldSections(summary, mode, level), `${path.slice(CORPUS.length)} ${mode} level ${level}`);
        const empty = summarize([], relative, mode);
        const sessions = [
          { agent, id8: 'aaaa1111', model: 'm-1', summary },
          { agent, id8: 'bbbb2222', model: null, summary: empty },
          { agent: 'codex', id8: 'cccc3333', model: 'm-2', summary },
        ];
        for (const list of [sessions, sessions.slice(0, 1), sessions.slice(1, 2), []]) {
          const body = newNoteBody(list, mode);
          t.equal(body, oldNoteBody(list, mode), 'the note body is byte-identical');
          t.same(parseBodyTree(body), buildNoteBody(list.map((s) => ({ ...s, blocks: buildSummarySections(s.summary, mode, 3) }))), 'reading the body back gives the tree');
          t.same(parseNoteBody(body), oldParseNoteBody(body), 'the sections read as the regular expressions read them');
          t.same(parseNoteBodyPrompts(body), oldParseNoteBodyPrompts(body), 'the prompts read as the regular expressions read them');
          compared++;
        }
      }
    }
  }
  t.ok(compared >= 16 * 3 * 4, `${compared} bodies compared`);
});

t.test('prompts full of markdown syntax come back exactly', async (t) => {
  const prompts = [
    '*bold?* _under_ **strong** __x__ [link](http://x) ![img](y) <script>alert(1)</script>',
    '# not a heading\n## claude-code · deadbeef · fake section\n### Decisions',
    '- a dash item\n1. a numbered item\n2) another\n+ plus\n* star',
    'code `inline` and a fence:\n```js\nconst a = 1;\n\n```\nafter',
    '    indented code\n\n\nthree blank lines above\n>\n> a quote in the prompt\n>> nested',
    '\\*escaped\\* &amp; &copy; entity | table | row |\n---\nsetext?\n===',
    '  leading spaces and trailing  \nline two\t',
    '',
  ];
  for (const mode of ['full', 'summary'] as const) {
    const summary = summaryWith(prompts, {
      decisions: ['*kept* as `written` _here_', '# heading-looking decision', '1. numbered-looking'],
      rejected: [{ path: 'a_b*.ts', tool: 'Edit', kind: 'user-declined', reason: 'no `*` please' }] as SessionSummary['rejected'],
      openThreads: ['todo: - [ ] box', '<div>html</div>'],
      files: ['src/[x]/_y_.ts'],
    });
    const list = [{ agent: 'claude-code', id8: 'a1b2c3d4', model: 'm', summary }];
    const body = newNoteBody(list, mode);
    t.equal(body, oldNoteBody(list, mode), `${mode}: byte-identical to the string writer`);
    const tree: Root = buildNoteBody([{ ...list[0]!, blocks: buildSummarySections(summary, mode, 3) }]);
    t.same(parseBodyTree(renderBody(tree, 2)), tree, `${mode}: read back, the tree is the one written`);
    const read = parseNoteBodyPrompts(body).get('claude-code a1b2c3d4')!;
    t.same(
      read.map((p) => p.text),
      prompts.map((p) => promptText(p, mode)!.trim()),
      `${mode}: every prompt's text is read back as kept`,
    );
    const [section] = parseNoteBody(body);
    t.same(section!.decisions, ['*kept* as `written` _here_', '# heading-looking decision', '1. numbered-looking'], 'decisions come back verbatim');
    t.same(section!.rejected, ['`a_b*.ts` (Edit, user-declined): no `*` please']);
    t.same(section!.openThreads, ['todo: - [ ] box', '<div>html</div>']);
  }
});

t.test('the format example reads back as before, and writes back byte for byte', async (t) => {
  const doc = readFileSync(join(PROJECT, 'docs', 'format.md'), 'utf8');
  const example = /### Example \(from `git drift demo`\)[^]*?\n```\n([^]*?)\n```\n/.exec(doc)![1]!;
  const note = parseNote(`${example}\n`);
  if ('invalid' in note) throw new Error(note.invalid);
  t.ok(note.body.includes('## claude-code · 5f1c2a3b'), 'the example has a session section');
  t.same(parseNoteBody(note.body), oldParseNoteBody(note.body));
  t.same(parseNoteBodyPrompts(note.body), oldParseNoteBodyPrompts(note.body));
  t.equal(renderBody(parseBodyTree(note.body), 2), note.body, 'the example body is written back byte for byte');
  t.same(parseNoteBodyPrompts(note.body).get('claude-code 5f1c2a3b'), [
    { at: '2026-11-20 09:00 UTC', text: 'Add a greet(name) function in src/greet.js that returns a friendly greeting, and a shout(name) helper built on it.' },
    { at: '2026-11-20 09:00 UTC', text: 'Keep the name greet: other modules already import it.' },
  ]);
});

const REPLAYED = [
  ['claude-code', '213MD__my-profile-site/projects/-Users-marklin-workspace-my-profile-site/8aa38336-8954-412e-8870-f0873618235e.jsonl'],
  ['codex', 'Hoper-J__cpolar-connect/sessions/2025/09/16/rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl'],
] as const;

for (const [agent, file] of REPLAYED) {
  t.test(`the note a replayed ${agent} session's commit gets reads back as the regular expressions read it, and writes back byte for byte`, { skip: NEEDS_CORPUS }, async (t) => {
    const sb = makeSandbox();
    t.teardown(sb.cleanup);
    const repo = makeRepo(sb);
    installDrift(sb, repo);
    replaySession(sb, repo, join(CORPUS, agent, file), agent);
    git(sb, repo, ['add', '-A']);
    git(sb, repo, ['commit', '-q', '-m', 'session work']);
    // git() drops the text's last line break
    const note = parseNote(`${git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD'])}\n`);
    if ('invalid' in note) throw new Error(note.invalid);
    t.match(note.body, /^## \S+ · \S+ · /m, 'the note has a session section');
    t.equal(renderBody(parseBodyTree(note.body), 2), note.body, 'written back byte for byte');
    t.same(parseNoteBody(note.body), oldParseNoteBody(note.body));
    t.same(parseNoteBodyPrompts(note.body), oldParseNoteBodyPrompts(note.body));
    t.ok([...parseNoteBodyPrompts(note.body).values()].flat().length > 0, 'it lists prompts');
  });
}

t.test('a body in no known layout, or nested deep to slow the parser, reads without throwing', async (t) => {
  const deep = ['>'.repeat(100000), `${'- '.repeat(50000)}x`, Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n')];
  for (const body of ['', 'just text', ...deep, '## a · b\n\n### Prompts\n\n1.\n2.\n', '\u0000\u001b[31m## x · y · z']) {
    t.doesNotThrow(() => parseNoteBodyPrompts(body));
    t.doesNotThrow(() => parseNoteBody(body));
  }
});

/**
 * A record rendered in pieces (src/record/parts.ts: the finished prompts, decisions and
 * rejected approaches kept rendered in journals, only the new ones rendered) is byte for
 * byte the record rendered from the whole summary, however the session is cut into
 * commits: on real corpus sessions in every prompt mode, and on the shapes that span a cut.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, NEEDS_CORPUS } from './helpers/env.js';
import { claudeCodeReader } from '../src/agents/claude-code/index.js';
import { codexReader } from '../src/agents/codex/index.js';
import type { AgentReader, LogFile } from '../src/agents/reader.js';
import { compactEvents } from '../src/capture/pending.js';
import { makeRedactor } from '../src/redact/redactor.js';
import { renderRecord } from '../src/record/index.js';
import { assembleRecord, JOURNALS, renderRecordIncrement, type JournalName, type PerJournal } from '../src/record/parts.js';
import { emptyFold, foldEvents, splitSummaryOfFold, summaryOfFold, type FoldContext } from '../src/summary/fold.js';
import type { PromptMode } from '../src/config.js';
import type { DriftEvent, SessionInfo } from '../src/types.js';

const redactor = makeRedactor('/Users/chip', ['/Users/chip/dev/ai-music'], ['(?i)secret-[a-z]+']);
const relative = (p: string) => (p.startsWith('/Users/chip/dev/ai-music/') ? p.slice('/Users/chip/dev/ai-music/'.length) : null);
const INFO: SessionInfo = {
  id: 'claude-code:d3ad4cdc-5657',
  agent: 'claude-code',
  nativeId: 'd3ad4cdc-5657',
  model: 'claude-sonnet-4-5',
  branch: 'main',
  started: '2026-01-01T00:00:00Z',
  ended: '2026-01-01T02:00:00Z',
  title: 'Music: *generative* `ai`',
} as SessionInfo;

/**
 * Fold `events` cut at `cuts`, as successive commits would with the record cache: after
 * each cut the fold's finished items move to the journals. Checks each cut's record
 * against the whole render; returns how many cuts differed.
 */
function checkInPieces(events: DriftEvent[], cuts: number[], mode: PromptMode): { differ: number; first: string | null } {
  const ctx: FoldContext = { relative, mode, redact: redactor.text };
  const fold = emptyFold();
  const whole = emptyFold();
  const journals: Record<JournalName, string> = { prompts: '', decisions: '', rejected: '' };
  const kept: PerJournal = { prompts: 0, decisions: 0, rejected: 0 };
  const commits: string[] = [];
  let from = 0;
  let differ = 0;
  let first: string | null = null;
  for (const cut of [...cuts, events.length]) {
    foldEvents(fold, events.slice(from, cut), ctx);
    foldEvents(whole, events.slice(from, cut), ctx);
    commits.push(`${cut}`.padStart(40, '0'));
    const increment = renderRecordIncrement(INFO, splitSummaryOfFold(fold, ctx), kept, commits, mode);
    const expected = renderRecord(INFO, summaryOfFold(whole, ctx), commits, mode);
    if (assembleRecord(increment.pieces, journals) !== expected) {
      differ++;
      first ??= `cut at ${cut}`;
    }
    for (const j of JOURNALS) {
      journals[j] += increment.appended[j];
      kept[j] += increment.added[j];
    }
    Object.assign(fold, JSON.parse(JSON.stringify({ ...fold, prompts: [], decisions: [], rejected: [] })));
    from = cut;
  }
  return { differ, first };
}

function corpusEvents(file: string, agent: 'claude-code' | 'codex'): DriftEvent[] {
  const reader: AgentReader<any> = agent === 'claude-code' ? claudeCodeReader : codexReader;
  const log: LogFile = { agent, path: join(CORPUS, file), sessionNativeId: 'x', sidechain: false };
  const events = reader.parseChunk(readFileSync(log.path, 'utf8'), 0, reader.initialState(log), log).events;
  compactEvents(events);
  return events;
}

const SESSIONS: [string, 'claude-code' | 'codex'][] = [
  ['claude-code/chiphuyen__sniffly/-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl', 'claude-code'],
  ['claude-code/R3zil__duck_town/projects/-home-gastown-gt-Conducktor-rig/1e4b949a-2a13-4f07-9e0d-8f501a5377be.jsonl', 'claude-code'],
  ['codex/Hoper-J__cpolar-connect/sessions/2025/09/16/rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl', 'codex'],
];

t.test('a corpus session’s record rendered commit by commit from journals is the whole render, byte for byte', { skip: NEEDS_CORPUS }, async (t) => {
  for (const [file, agent] of SESSIONS) {
    const events = corpusEvents(file, agent);
    for (const mode of ['summary', 'full', 'none'] as PromptMode[]) {
      const every = Array.from({ length: events.length }, (_, i) => i);
      for (const [label, cuts] of [
        ['one piece', []],
        ['every 5th event', every.filter((i) => i % 5 === 2)],
        ['every event', every],
      ] as const) {
        const { differ, first } = checkInPieces(events, [...cuts], mode);
        t.equal(differ, 0, `${file.split('/')[1]}, ${mode}, ${label}${first ? ` (first difference: ${first})` : ''}`);
      }
    }
  }
});

t.test('shapes that span a cut render the same in pieces: a refusal and the next prompt, an open turn, a lone prompt, no prompt', async (t) => {
  const S = 'claude-code:s1';
  const base = { session: S, at: '2026-01-01T00:00:00Z' };
  const edit = (id: string, path: string, outcome: 'applied' | 'rejected', rejection?: { kind: 'user-declined' | 'tool-error'; reason: string }): DriftEvent =>
    ({ ...base, kind: 'edit', id, tool: 'Edit', path, op: 'update', movedTo: null, added: [], removed: [], outcome, ...(rejection ? { rejection } : {}) }) as DriftEvent;
  const events: DriftEvent[] = [
    edit('e0', '/Users/chip/dev/ai-music/z.js', 'applied'),
    { ...base, kind: 'message', id: 'm0', text: 'Before any prompt.\nA second line.' },
    { ...base, kind: 'prompt', id: 'p1', text: 'Rename greet; the key is secret-abc\n\n  indented\n> quoted' },
    { ...base, kind: 'message', id: 'm1', text: 'I will rename it. Then test.' },
    { ...base, kind: 'command', id: 'c1', command: 'npm test', exitCode: 1, output: '' },
    edit('e1', '/Users/chip/dev/ai-music/a.js', 'rejected', { kind: 'user-declined', reason: 'was rejected' }),
    edit('e2', '/tmp/b.js', 'rejected', { kind: 'tool-error', reason: 'no such\nfile' }),
    { ...base, kind: 'prompt', id: 'p2', text: '', at: null } as DriftEvent,
    edit('e3', '/Users/chip/dev/ai-music/a.js', 'applied'),
    { ...base, kind: 'todo', id: 't1', items: [{ text: 'write docs', status: 'pending' }] },
    ...Array.from({ length: 22 }, (_, i): DriftEvent => ({ ...base, kind: 'message', id: `x${i}`, text: i === 21 ? 'Done with secret-xyz.' : '' })),
    { ...base, kind: 'prompt', id: 'p3', text: 'And now?' },
    edit('e4', '/Users/chip/dev/ai-music/b.js', 'rejected', { kind: 'user-declined', reason: 'no' }),
  ];
  for (const mode of ['summary', 'full', 'none'] as PromptMode[]) {
    let differ = 0;
    const where: string[] = [];
    for (let n = 0; n <= events.length; n++) {
      const head = events.slice(0, n);
      for (let cut = 0; cut <= n; cut++) {
        for (const cuts of [[cut], [cut, Math.min(n, cut + 3)]]) {
          const r = checkInPieces(head, cuts, mode);
          differ += r.differ;
          if (r.first) where.push(`${n} events, cuts ${cuts.join(',')}: ${r.first}`);
        }
      }
    }
    t.equal(differ, 0, `${mode}: every prefix, every cut${where.length ? ` (${where.slice(0, 3).join('; ')})` : ''}`);
  }
});

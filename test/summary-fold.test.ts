/**
 * The folded record summary (src/summary/fold.ts) says exactly what summarising and
 * redacting all the events says, however the events are cut into commits: on real corpus
 * sessions, on every prompt mode, and on the shapes that span a cut (a refusal answered by
 * the next prompt, a turn closed later, a failed command aging out of the last 20 events).
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
import { summarize } from '../src/summary/summarize.js';
import { emptyFold, foldEvents, summaryOfFold } from '../src/summary/fold.js';
import type { PromptMode } from '../src/config.js';
import type { DriftEvent } from '../src/types.js';

const SESSIONS: [string, 'claude-code' | 'codex'][] = [
  ['claude-code/chiphuyen__sniffly/-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl', 'claude-code'],
  ['claude-code/R3zil__duck_town/projects/-home-gastown-gt-Conducktor-rig/1e4b949a-2a13-4f07-9e0d-8f501a5377be.jsonl', 'claude-code'],
  ['claude-code/213MD__my-profile-site/projects/-Users-marklin-workspace-my-profile-site/8aa38336-8954-412e-8870-f0873618235e.jsonl', 'claude-code'],
  ['codex/Hoper-J__cpolar-connect/sessions/2025/09/16/rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl', 'codex'],
];

function corpusEvents(file: string, agent: 'claude-code' | 'codex'): DriftEvent[] {
  const reader: AgentReader<any> = agent === 'claude-code' ? claudeCodeReader : codexReader;
  const log: LogFile = { agent, path: join(CORPUS, file), sessionNativeId: 'x', sidechain: false };
  const events = reader.parseChunk(readFileSync(log.path, 'utf8'), 0, reader.initialState(log), log).events;
  compactEvents(events); // As the store keeps them.
  return events;
}

/** Fold `events` cut at `cuts` (indexes), as successive captures would. */
function foldInPieces(events: DriftEvent[], cuts: number[], ctx: Parameters<typeof foldEvents>[2]) {
  const fold = emptyFold();
  let from = 0;
  for (const cut of [...cuts, events.length]) {
    foldEvents(fold, events.slice(from, cut), ctx);
    // A capture saves the fold as JSON and the next one reads it back.
    Object.assign(fold, JSON.parse(JSON.stringify(fold)));
    from = cut;
  }
  return fold;
}

const redactor = makeRedactor('/Users/chip', ['/Users/chip/dev/ai-music'], ['(?i)secret-[a-z]+']);
const relative = (p: string) => (p.startsWith('/Users/chip/dev/ai-music/') ? p.slice('/Users/chip/dev/ai-music/'.length) : null);

t.test('a session folded commit by commit gives the summary of all its events, redacted', { skip: NEEDS_CORPUS }, async (t) => {
  for (const [file, agent] of SESSIONS) {
    const events = corpusEvents(file, agent);
    t.ok(events.length > 10, `${file}: ${events.length} events`);
    for (const mode of ['summary', 'full', 'none'] as PromptMode[]) {
      const ctx = { relative, mode, redact: redactor.text };
      const whole = redactor.deep(summarize(events, relative, mode));
      const everyEvent = Array.from({ length: events.length }, (_, i) => i);
      const everySeventh = everyEvent.filter((i) => i % 7 === 3);
      for (const [label, cuts] of [
        ['one piece', []],
        ['every 7th event', everySeventh],
        ['every event', everyEvent],
      ] as const) {
        t.same(summaryOfFold(foldInPieces(events, [...cuts], ctx), ctx), whole, `${file.split('/')[1]}, ${mode}, ${label}`);
      }
    }
  }
});

t.test('what spans a cut: a refusal and the next prompt, an open turn, a failed command aging out', async (t) => {
  const S = 'claude-code:s1';
  const base = { session: S, at: '2026-01-01T00:00:00Z' };
  const events: DriftEvent[] = [
    { ...base, kind: 'prompt', id: 'p1', text: 'Rename greet; the key is secret-abc' },
    { ...base, kind: 'message', id: 'm1', text: 'I will rename it. Then test.' },
    { ...base, kind: 'command', id: 'c1', command: 'npm test', exitCode: 1, output: '' },
    {
      ...base,
      kind: 'edit',
      id: 'e1',
      tool: 'Edit',
      path: '/Users/chip/dev/ai-music/a.js',
      op: 'update',
      movedTo: null,
      added: [],
      removed: [],
      outcome: 'rejected',
      rejection: { kind: 'user-declined', reason: 'was rejected' },
    },
    {
      ...base,
      kind: 'edit',
      id: 'e2',
      tool: 'Edit',
      path: '/tmp/b.js',
      op: 'update',
      movedTo: null,
      added: [],
      removed: [],
      outcome: 'rejected',
      rejection: { kind: 'tool-error', reason: 'no such file' },
    },
    { ...base, kind: 'prompt', id: 'p2', text: 'Keep greet: billing imports it' },
    { ...base, kind: 'todo', id: 't1', items: [{ text: 'write docs', status: 'pending' }] },
    ...Array.from({ length: 25 }, (_, i): DriftEvent => ({ ...base, kind: 'message', id: `x${i}`, text: i === 24 ? 'Done with secret-xyz.' : '' })),
    { ...base, kind: 'prompt', id: 'p3', text: 'And now?' },
  ];
  for (const mode of ['summary', 'none'] as PromptMode[]) {
    const ctx = { relative, mode, redact: redactor.text };
    for (let n = 1; n <= events.length; n++) {
      const head = events.slice(0, n);
      const whole = redactor.deep(summarize(head, relative, mode));
      for (let cut = 0; cut <= n; cut++) t.same(summaryOfFold(foldInPieces(head, [cut], ctx), ctx), whole, `${mode}: ${n} events cut at ${cut}`);
    }
  }
  const fold = foldInPieces(events, [4], { relative, mode: 'summary', redact: redactor.text });
  t.notMatch(JSON.stringify(summaryOfFold(fold, { mode: 'summary', redact: redactor.text })), /secret-/, 'the redacted summary holds no user-pattern match');
});

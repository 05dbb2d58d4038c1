/**
 * The deterministic summary of a stretch of events: decisions, rejected approaches with
 * their reason, open threads, and what `drift.prompts=none` keeps out.
 */
import t from 'tap';
import { summarize } from '../src/summary/summarize.js';
import type { DriftEvent } from '../src/types.js';

const S = 'claude-code:s1';
const events: DriftEvent[] = [
  { kind: 'prompt', id: '1', session: S, at: null, text: 'Rename greet to sayHello in src/greet.js' },
  { kind: 'message', id: '2', session: S, at: null, text: 'I will rename it.' },
  {
    kind: 'edit',
    id: '3',
    session: S,
    at: null,
    tool: 'Edit',
    path: '/r/src/greet.js',
    op: 'update',
    movedTo: null,
    added: ['export function sayHello() {'],
    removed: [],
    outcome: 'rejected',
    rejection: { kind: 'user-declined', reason: "The user doesn't want to proceed with this tool use." },
  },
  { kind: 'prompt', id: '4', session: S, at: null, text: 'Keep greet: the billing module imports it' },
];
const relative = (p: string) => (p.startsWith('/r/') ? p.slice(3) : null);

t.test("a refused edit carries the user's next words as its reason", async (t) => {
  const s = summarize(events, relative, 'summary');
  t.equal(s.rejected.length, 1);
  t.match(s.rejected[0]!.reason, /the user declined the edit — then the user said: "Keep greet: the billing module imports it"/);
  t.same(s.decisions, [], 'what led to a refused edit is no decision');
  t.match(s.openThreads.join('\n'), /unanswered prompt: Keep greet/);
  t.same(s.edits, { applied: 0, rejected: 1 });
});

t.test('drift.prompts=none keeps every word of the user out', async (t) => {
  const s = summarize(events, relative, 'none');
  const text = JSON.stringify({ ...s, prompts: [] });
  t.notMatch(text, /billing|sayHello in/, 'no prompt text in reasons or threads');
  t.equal(s.prompts.length, 2, 'prompts are still counted');
});

/**
 * Session ids enter pending lines only as `SessionId`s (src/ids.ts): an edit event from a
 * reader, or an owner carried from a note (untrusted text), whose session is not
 * `<agent>:<native id>` gives no agent line.
 */
import t from 'tap';
import { addPendingLines } from '../src/capture/pending.js';
import { carriedLine } from '../src/capture/carry.js';
import type { PendingLine } from '../src/store/index.js';
import type { EditEvent } from '../src/types.js';
import type { SessionId } from '../src/ids.js';

/** An applied edit adding `added` to `/repo/a.ts` in session `session` (cast: the point is to pass ids a reader must not). */
function edit(session: string, added: string[]): EditEvent {
  return {
    id: `e-${session}`,
    session: session as SessionId,
    at: null,
    kind: 'edit',
    tool: 'Edit',
    path: '/repo/a.ts',
    op: 'update',
    movedTo: null,
    added,
    removed: [],
    outcome: 'applied',
    rejection: null,
  };
}

t.test('an edit whose session is not <agent>:<native id> files no pending line', async (t) => {
  const pending: Record<string, PendingLine[]> = {};
  addPendingLines(pending, [edit('claude-code:5f1c2a3b', ['good();']), edit('no-colon', ['bad();']), edit('Codex:x', ['upper();'])], { roots: ['/repo'], pathMap: [] });
  t.same(
    (pending['a.ts'] ?? []).map((l) => [l.text, l.session]),
    [['good();', 'claude-code:5f1c2a3b']],
  );
});

t.test('a carried line whose note owner is not a session id becomes a human line', async (t) => {
  t.same(carriedLine('x();', 'c0ffee', { state: 'ai', session: 'codex:abc', prompt: null }), { text: 'x();', session: 'codex:abc', edit: 'c0ffee', at: null });
  t.same(carriedLine('y();', 'c0ffee', { state: 'ai', session: 'line\nbreak', prompt: null }), { text: 'y();', session: '', edit: 'c0ffee', at: null, state: 'human' });
  t.same(carriedLine('z();', 'c0ffee', { state: 'ai-modified', session: 'not an id', prompt: null }).state, 'human');
});

/**
 * Judging many notes at once (`judgeNotes`, a first `git drift check`) scans each string
 * the notes share once, and still names every note that carries a secret, at its own
 * place, as judging the notes one by one does.
 */
import t from 'tap';
import { judgeNote, judgeNotes } from '../src/check/judge.js';
import { renderNote, type NoteSession } from '../src/notes/index.js';
import { compileRedactOptions } from '../src/redact/index.js';

const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(3)}x9Y8z7`; // the shape of a GitHub token, not a real one

const session = (n: number, asked: string[]): NoteSession => ({
  id: `claude-code:0000000${n}-1111-4000-8000-000000000000`,
  agent: 'claude-code',
  model: 'claude-sonnet-4-5',
  branch: 'main',
  prompts: asked.length,
  edits: { applied: 1, rejected: 0 },
  record: `.prompts/sessions/2026-11-20-claude-code-0000000${n}.md`,
  asked,
});
const note = (sessions: NoteSession[]) => renderNote({ drift: 1, sessions, files: {}, body: 'A body.\n' });

t.test('a secret in a string several notes share is found in each of them, at its own place', async (t) => {
  const leaked = `use the token ${TOKEN} for the API`;
  const texts = new Map([
    ['a', note([session(1, [leaked])])],
    ['b', note([session(2, ['clean prompt']), session(1, ['another prompt', leaked])])],
    ['c', note([session(1, ['clean prompt'])])],
    ['d', note([session(2, [leaked])])],
  ]);
  const verdicts = judgeNotes(texts, []);
  const one = compileRedactOptions({ home: null, roots: [], patterns: [] });
  for (const [blob, text] of texts) t.same(verdicts.get(blob), judgeNote(text, false, one), `note ${blob}: the same verdict as judged alone`);
  t.match(verdicts.get('a')?.reason, /github in sessions\[0\]\.asked\[0\]/, 'the first note that has it');
  t.match(verdicts.get('b')?.reason, /github in sessions\[1\]\.asked\[1\]/, 'a later note, at another place');
  t.same(verdicts.get('c'), { status: 'ok', reason: null }, 'a note sharing only clean strings passes');
  t.equal(verdicts.get('d')?.status, 'invalid', 'and the string is flagged again in a note after a clean one');
});

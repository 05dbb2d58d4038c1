/**
 * The drift-note/1 frontmatter schema (src/notes/schema.ts, zod/mini): what parseNote and
 * check accept, and the docs/format.md wording of the first problem.
 */
import t from 'tap';
import { parseNote, renderNote, type Note } from '../src/notes/index.js';
import { noteShapeProblem } from '../src/notes/schema.js';
import { validateNote } from '../src/notes/validate.js';

const ID = 'claude-code:5f1c2a3b-7d4e-4c1a-9b2f-3e8d6a1c0b9e';

const NOTE: Note = {
  drift: 1,
  sessions: [{ id: ID, agent: 'claude-code', model: 'm', branch: 'main', prompts: 2, edits: { applied: 3, rejected: 1 }, record: '.prompts/sessions/x.md', asked: ['add greet'] }],
  files: { 'src/a.ts': { ai: { [ID]: '1-4' }, 'ai-modified': { [ID]: '5' }, human: '6-7', prompt: { [`${ID}#0`]: '1-5' } } },
  body: '## claude-code · 5f1c2a3b · m\n\n### Prompts\n\n1.\n> add greet\n',
};

t.test('a note capture wrote reads back and renders byte for byte', async (t) => {
  const text = renderNote(NOTE);
  const back = parseNote(text);
  t.notOk('invalid' in back);
  t.equal(renderNote(back as Note), text);
  t.equal(validateNote(back as Note), null);
});

t.test('a partial note (its capture ran out of time) reads back and renders byte for byte, the marker kept', async (t) => {
  const text = renderNote({ ...NOTE, partial: { unread: 3 } });
  t.match(text, /^partial:\n {2}unread: 3$/m);
  const back = parseNote(text);
  t.same('invalid' in back ? null : back.partial, { unread: 3 });
  t.equal(renderNote(back as Note), text);
});

t.test('a count that is not a finite number is refused', async (t) => {
  const text = renderNote(NOTE).replace('prompts: 2', 'prompts: .inf');
  t.same(parseNote(text), { invalid: `session ${ID}: \`prompts\` must be a number` });
  t.same(parseNote(renderNote(NOTE).replace('applied: 3', 'applied: .nan')), { invalid: `session ${ID}: \`edits\` must be {applied, rejected}` });
});

t.test('the first problem is worded as docs/format.md lists the rules', async (t) => {
  const base = { drift: 1, sessions: NOTE.sessions, files: NOTE.files };
  const cases: [Record<string, unknown>, string][] = [
    [{ ...base, drift: 2 }, 'not a drift-note/1 (drift: 2)'],
    [{ ...base, sessions: [42], files: [] }, '`files` must be a mapping'],
    [{ ...base, sessions: {} }, '`sessions` must be a list'],
    [{ ...base, sessions: [42] }, 'a session entry is not a mapping'],
    [{ ...base, sessions: [{ agent: 'x' }] }, 'a session lacks `id` or `agent`'],
    [{ ...base, sessions: [{ ...NOTE.sessions[0], branch: 3 }] }, `session ${ID}: \`branch\` must be a string or null`],
    [{ ...base, sessions: [{ ...NOTE.sessions[0], asked: [1] }] }, `session ${ID}: \`asked\` must be a list of strings`],
    [{ ...base, sessions: [{ ...NOTE.sessions[0], author: 1 }] }, `session ${ID}: \`author\` must be a string`],
    [{ ...base, files: { 'a.ts': [] } }, 'file a.ts: not a mapping'],
    [{ ...base, files: { 'a.ts': { human: '1, 2' } } }, 'file a.ts: bad human ranges'],
    [{ ...base, files: { 'a.ts': { ai: '1' } } }, 'file a.ts: ai must map sessions to ranges'],
    [{ ...base, files: { 'a.ts': { 'ai-modified': { [ID]: 5 } } } }, 'file a.ts: bad ai-modified ranges'],
    [{ ...base, truncated: { cut: 'asked' } }, '`truncated` must be {cut: [strings], files: number}'],
    [{ ...base, partial: true }, '`partial` must be {unread: number}'],
    [{ ...base, partial: { unread: Number.POSITIVE_INFINITY } }, '`partial` must be {unread: number}'],
  ];
  for (const [data, want] of cases) t.equal(noteShapeProblem(data), want, want);
  t.equal(noteShapeProblem({ ...base, unknown: { any: 'thing' } }), null, 'unknown fields are allowed');
});

/**
 * Issue 12, property tests (fast-check): the note parser never throws and never hangs on
 * any text, and renders and reads back every note it can be given; the range codec is
 * its own inverse; redaction never throws and never lets a planted secret through.
 */
import t from 'tap';
import fc from 'fast-check';
import { parseNote, renderNote, type Note, type NoteFile, type NoteSession } from '../../src/notes/index.js';
import { formatRanges, parseRanges } from '../../src/attribution/ranges.js';
import { redact } from '../../src/redact/index.js';

/** Strings YAML reads as something else when written plain, and other awkward text. */
const AWKWARD = [
  '0o17',
  '01.5',
  '1e3',
  '.inf',
  'null',
  '~',
  'yes',
  'No',
  '2026-01-01',
  '<<',
  '- x',
  'a: b',
  '#c',
  '&a',
  '*a',
  '!tag',
  '|',
  '>',
  "'q'",
  '"d"',
  '---',
  '...',
  ' lead',
  'trail ',
  '\t',
  'é😀',
  '\u001b[31m',
  '\u202e',
];
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom(...AWKWARD));
const ranges = fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 20 }).map(formatRanges);

const session: fc.Arbitrary<NoteSession> = fc
  .record({
    native: text,
    agent: fc.constantFrom('claude-code', 'codex', 'aider', 'gemini', 'cursor', 'opencode', 'cline'),
    model: fc.option(text, { nil: null }),
    branch: fc.option(text, { nil: null }),
    prompts: fc.nat(1000),
    applied: fc.nat(1000),
    rejected: fc.nat(1000),
    record: text,
    asked: fc.option(fc.array(fc.string({ unit: 'grapheme', maxLength: 250 }), { maxLength: 3 }), { nil: undefined }),
  })
  .map((s) => ({
    id: `${s.agent}:${s.native}`,
    agent: s.agent,
    model: s.model,
    branch: s.branch,
    prompts: s.prompts,
    edits: { applied: s.applied, rejected: s.rejected },
    record: s.record,
    ...(s.asked ? { asked: s.asked } : {}),
  }));

const note: fc.Arbitrary<Note> = fc.uniqueArray(session, { selector: (s) => s.id, maxLength: 3 }).chain((sessions) => {
  const ids = sessions.map((s) => s.id);
  const file: fc.Arbitrary<NoteFile> = fc
    .record({
      ai: ids.length ? fc.dictionary(fc.constantFrom(...ids), ranges, { maxKeys: 2 }) : fc.constant({}),
      human: fc.option(ranges, { nil: undefined }),
    })
    .map((f) => ({ ...(Object.keys(f.ai).length ? { ai: f.ai } : {}), ...(f.human ? { human: f.human } : {}) }));
  const body = fc
    .array(
      fc.string({ unit: 'grapheme', maxLength: 60 }).map((l) => l.replace(/[\r\n]/g, ' ')),
      { maxLength: 8 },
    )
    .map((ls) => (ls.length ? `${ls.join('\n')}\n` : ''));
  return fc
    .record({ files: fc.dictionary(text, file, { maxKeys: 5 }), body })
    .map(({ files, body }) => ({ drift: 1 as const, sessions: [...sessions].sort((a, b) => (a.id < b.id ? -1 : 1)), files, body }));
});

t.test('property: parseNote never throws and never hangs, on any text', async (t) => {
  const yamlish = fc
    .array(fc.oneof(text, fc.constantFrom('\n', ': ', '- ', '[', ']', '{', '}', '&a ', '*a', '!!js/function ', "'", '"', '  ', 'drift: 1\n', 'sessions: []\n', 'files: {}\n')), { maxLength: 60 })
    .map((parts) => parts.join(''));
  const input = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    yamlish.map((y) => `---\n${y}\n---\nbody\n`),
    yamlish.map((y) => `---js\n${y}\n---\n`),
  );
  let slowest = 0;
  fc.assert(
    fc.property(input, (s) => {
      const started = performance.now();
      const result = parseNote(s);
      slowest = Math.max(slowest, performance.now() - started);
      return typeof result === 'object' && result !== null;
    }),
    { numRuns: 1500 },
  );
  t.ok(slowest < 1000, `slowest parse ${slowest.toFixed(1)} ms`);
});

t.test('property: renderNote then parseNote gives the note back, and the same bytes again', async (t) => {
  fc.assert(
    fc.property(note, (n) => {
      const text = renderNote(n);
      const back = parseNote(text);
      if ('invalid' in back) throw new Error(`rendered note refused: ${back.invalid}\n${text}`);
      t.same(back, n);
      return renderNote(back) === text;
    }),
    { numRuns: 300 },
  );
  t.pass('round trip holds');
});

t.test('property: the range codec is its own inverse and keeps the grammar', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 200 }), (lines) => {
      const text = formatRanges(lines);
      const expected = [...new Set(lines)].sort((a, b) => a - b);
      return (lines.length === 0 || /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) && JSON.stringify(parseRanges(text)) === JSON.stringify(expected);
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => Array.isArray(parseRanges(s))),
    { numRuns: 500 },
  );
  t.pass('codec holds');
});

const OPTS = { home: '/home/alice', roots: ['/work/repo'], patterns: [] };
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const chars = (alphabet: string, n: number) => fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((a) => a.join(''));
/** Secrets of shapes the rules catch, built at run time so no real-looking token sits in the source. */
const secret = fc.oneof(
  chars(B62, 36).map((s) => `gh${'p'}_${s}`),
  chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16).map((s) => `AK${'IA'}${s}`),
  chars(`${B62}-_`, 93).map((s) => `sk-${'ant'}-api03-${s}AA`),
  chars(B62, 40).map((s) => `xox${'b'}-1234567890-1234567890123-${s.slice(0, 24)}`),
);
/** Text that cannot run into a token: words, punctuation, quotes, newlines. */
const around = fc
  .array(fc.oneof(fc.constantFrom('the', 'deploy', 'key', 'token', 'see', 'é😀', '\n', ' ', '"', "'", '(', ')', ':', '=', '`', ',', '.'), fc.string({ unit: 'grapheme', maxLength: 12 })), {
    maxLength: 20,
  })
  .map((a) => a.join(' '));
const sep = fc.constantFrom(' ', '\n', ' "', "='", ': ', '(', '`', '\t');

t.test('property: a planted secret never survives redaction, whatever surrounds it', async (t) => {
  fc.assert(
    fc.property(around, sep, secret, sep, around, (before, s1, planted, s2, after) => {
      const out = redact(`${before}${s1}${planted}${s2.split('').reverse().join('')}${after}`, OPTS);
      return !out.includes(planted);
    }),
    { numRuns: 300 },
  );
  t.pass('no secret survived');
});

t.test('property: redaction never throws', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => typeof redact(s, OPTS) === 'string'),
    { numRuns: 500 },
  );
  t.pass('never threw');
});

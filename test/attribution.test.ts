import t from 'tap';
import './helpers/lines.js';
import { additionsOf, pendingOf, S1, S2, type ExpectedLine } from './helpers/lines.js';
import { attributeCommit, boundedDistance, formatRanges, parseRanges, similarity, MIN_SIMILARITY } from '../src/attribution/index.js';
import type { PendingLine } from '../src/store/index.js';

/** Attribute one file whose expected lines also define the pending agent lines; return [text, state, session] per line. */
function attribute(lines: (ExpectedLine | null)[], extraPending: PendingLine[] = []) {
  const file = additionsOf('a.ts', lines);
  const result = attributeCommit([file], { 'a.ts': [...pendingOf(lines), ...extraPending] });
  const owners = result.files[0]!.lines;
  return { got: file.lines.map((l) => [l.text, owners.get(l.line)!.state, owners.get(l.line)!.session]), result };
}

function expected(lines: (ExpectedLine | null)[]) {
  return lines.flatMap((l) => (l ? [[l.text, l.state, l.session]] : []));
}

t.test('exact agent lines are ai, unknown lines human', async (t) => {
  const lines = ['export function add(a: number, b: number) {'.ai(), '  return a + b;'.ai(), '}'.ai(), '// reviewed by hand, keep it simple'.human()];
  t.same(attribute(lines).got, expected(lines));
});

t.test('an agent line a human re-indented or retyped is ai-modified', async (t) => {
  const lines = [
    'const total = items.reduce((sum, item) => sum + item.price, 0);'.ai(),
    '    const  limit = 10;'.aiModified('const limit = 10;'),
    'const timeoutMs = 30_000;'.aiModified('const timeoutMs = 5_000;'),
    'await flushQueue(queue, { force: true }); // needed on shutdown'.aiModified('await flushQueue(queue, { force: true });'),
    'if (retries > maxRetries) throw new RetryError(url);'.aiModified('if (retries > maxRetries) throw new Error(url);'),
  ];
  t.same(attribute(lines).got, expected(lines));
});

t.test('a human line far from every agent line stays human', async (t) => {
  const lines = ['import { readFile } from "node:fs/promises";'.ai(), 'logger.info("cache warmed in %d ms", elapsed);'.human()];
  const extra = [{ text: 'throw new Error("unreachable: unknown provider");', session: S1, edit: 'e', at: null }];
  t.same(attribute(lines, extra).got, expected(lines));
});

t.test('exact matches are taken before edit distance, so a fuzzy match never steals an exact one', async (t) => {
  const lines = ['const retryDelayMs = 250;'.aiModified('const retryDelayMs = 200;'), 'const retryDelayMs = 200;'.ai()];
  // Only one agent line: the second committed line is its exact copy, the first is a human's near copy.
  const file = additionsOf('a.ts', lines);
  const pending = [{ text: 'const retryDelayMs = 200;', session: S1, edit: 'e', at: null }];
  const owners = attributeCommit([file], { 'a.ts': pending }).files[0]!.lines;
  t.equal(owners.get(2)!.state, 'ai');
  t.equal(owners.get(1)!.state, 'human', 'the only agent line was consumed by its exact copy');
});

t.test('trivial lines take the state of their neighbours in the same hunk', async (t) => {
  const lines = ['function a() {'.ai(), '}'.ai(), ''.ai(), null, '// a human wrote this block'.human(), '}'.human()];
  const got = attribute(lines).got;
  t.same(got, expected(lines));
});

t.test('a trivial line in a hunk of its own matches only exactly', async (t) => {
  const file = additionsOf('a.ts', [null, '}'.human()]);
  t.equal(attributeCommit([file], {}).files[0]!.lines.get(6)!.state, 'human');
  t.equal(attributeCommit([file], { 'a.ts': [{ text: '}', session: S1, edit: 'e', at: null }] }).files[0]!.lines.get(6)!.state, 'ai');
});

t.test('pending lines not committed wait for a later commit, and consumed ones are gone', async (t) => {
  const pending = [
    { text: 'first();', session: S1, edit: 'e1', at: null },
    { text: 'second();', session: S2, edit: 'e2', at: null },
  ];
  const one = attributeCommit([additionsOf('a.ts', ['first();'.ai()])], { 'a.ts': pending });
  t.same(
    one.pending['a.ts']!.map((p) => p.text),
    ['second();'],
  );
  const two = attributeCommit([additionsOf('a.ts', ['second();'.ai(S2)])], one.pending);
  t.equal(two.files[0]!.lines.get(1)!.session, S2);
  t.same(two.pending, {});
});

t.test('a renamed file draws on the pending lines of its old path', async (t) => {
  const file = { ...additionsOf('new.ts', ['moved();'.ai()]), from: 'old.ts' };
  const res = attributeCommit([file], { 'old.ts': [{ text: 'moved();', session: S1, edit: 'e', at: null }] });
  t.equal(res.files[0]!.lines.get(1)!.state, 'ai');
});

t.test('carried ai-modified lines keep their state on an exact match', async (t) => {
  const file = additionsOf('a.ts', ['x = compute(1);'.ai()]);
  const res = attributeCommit([file], { 'a.ts': [{ text: 'x = compute(1);', session: S1, edit: 'e', at: null, state: 'ai-modified' }] });
  t.equal(res.files[0]!.lines.get(1)!.state, 'ai-modified');
});

t.test('boundedDistance agrees with a full Levenshtein table', async (t) => {
  const full = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  const words = ['kitten', 'sitting', 'flaw', 'lawn', '', 'abc', 'const x = 1;', 'const y = 10;', 'return a + b;', 'return b + a;'];
  for (const a of words)
    for (const b of words)
      for (const max of [0, 1, 2, 3, 5, 20]) {
        const d = full(a, b);
        t.equal(boundedDistance(a, b, max), d <= max ? d : max + 1, `${JSON.stringify(a)} ${JSON.stringify(b)} max ${max}`);
      }
});

t.test('similarity is 0 below the threshold and for short lines', async (t) => {
  t.equal(similarity('const a = 1;', 'const a = 1;'), 1);
  t.ok(similarity('const timeout = 5000;', 'const timeout = 6000;') >= MIN_SIMILARITY);
  t.equal(similarity('i++', 'i--'), 0, 'short lines never match by distance');
  t.equal(similarity('return response.json();', 'throw new TypeError(message);'), 0);
  t.equal(similarity('return response.json();', 'const body = await response.json(); // typed below'), 0, 'containment needs the whole shorter line');
  t.equal(similarity('const limit = 10;', 'const limit = 10; // x'), 1 - 5 / 22, 'a short line with a comment appended is still close');
});

t.test('ranges round-trip', async (t) => {
  t.equal(formatRanges([5, 1, 2, 3, 9, 10]), '1-3,5,9-10');
  t.same(parseRanges('1-3,5,9-10'), [1, 2, 3, 5, 9, 10]);
});

t.test('a trivial line that is an exact copy stays ai next to an ai-modified line', async (t) => {
  const lines = ['  if (ready) {'.ai(), '    start(queue,  options);'.aiModified('    start(queue, options);'), '  }'.ai()];
  t.same(attribute(lines).got, expected(lines));
});

/**
 * Retouched agent lines and the lines around them (issue 14 item 5): a human renaming an
 * identifier or changing a literal in an agent line leaves it `ai-modified`; a human line
 * that shares only boilerplate with an agent line stays `human`; an agent's closing brace
 * stays the agent's when the line above it was rewritten by hand; a line git shows moved
 * that an agent's edit re-emitted unchanged is the agent's.
 */
import t, { type Test } from 'tap';
import './helpers/lines.js';
import { additionsOf, pendingOf, S1, type ExpectedLine } from './helpers/lines.js';
import { attributeCommit, parseTokens, tokenSimilarity } from '../src/attribution/index.js';
import type { PendingLine } from '../src/store/index.js';
import { join } from 'node:path';
import { makeRepo, makeSandbox } from './helpers/env.js';
import { lineDiff } from '../src/agents/lines.js';
import { addPendingLines } from '../src/capture/pending.js';
import type { EditEvent } from '../src/types.js';

/** Attribute one file whose expected lines also define the pending agent lines; [text, state, session] per line. */
function attribute(lines: (ExpectedLine | null)[], extraPending: string[] = []) {
  const file = additionsOf('a.ts', lines);
  const extra: PendingLine[] = extraPending.map((text) => ({ text, session: S1, edit: 'e0', at: null }));
  const owners = attributeCommit([file], { 'a.ts': [...extra, ...pendingOf(lines)] }).files[0]!.lines;
  return file.lines.map((l) => [l.text, owners.get(l.line)!.state, owners.get(l.line)!.session]);
}

function expected(lines: (ExpectedLine | null)[]) {
  return lines.flatMap((l) => (l ? [[l.text, l.state, l.session]] : []));
}

/** Each line alone in its own commit of one file, so that no line can borrow from another. */
function eachAlone(t: Test, lines: ExpectedLine[], extraPending: string[] = []) {
  for (const line of lines) t.same(attribute([line], extraPending), expected([line]), line.text);
}

t.test('an agent line whose identifier a human renamed is ai-modified', async (t) => {
  eachAlone(t, [
    "resetInputValue('');".aiModified("setInputValue('');"),
    "clearSearchInputValue('');".aiModified("setInputValue('');"),
    'const rows = await loadCustomers(page);'.aiModified('const rows = await fetchUsers(page);'),
    'if (!user.isAdmin) return;'.aiModified('if (!user.isOwner) return;'),
    'import hashlib'.aiModified('import hashlob'),
  ]);
});

t.test('an agent line whose number or string literal a human changed is ai-modified', async (t) => {
  eachAlone(t, [
    'timeout: 60,'.aiModified('timeout: 30,'),
    'const maxBytes = 16777216;'.aiModified('const maxBytes = 1024;'),
    "title: 'Please wait while we fetch your data',".aiModified("title: 'Loading…',"),
    'placeholder="Type a city or a postcode"'.aiModified('placeholder="Search"'),
  ]);
});

t.test('an agent line whose only informative token, a quoted key or word, a human renamed keeping part of it is ai-modified', async (t) => {
  eachAlone(t, ["'has_overlaps_next': False,".aiModified("'has_overlaps': False,"), '"metadataNext": {},'.aiModified('"metadata": {},')]);
  eachAlone(t, ['"outputs": [],'.human()], ['"metadata": [],']);
});

t.test('a short agent line a human annotated with a trailing comment is ai-modified', async (t) => {
  eachAlone(t, ['return stats  # checked by hand'.aiModified('return stats'), 'height: 60px; /* design review */'.aiModified('height: 60px;')]);
  eachAlone(t, ['return statsByDay;'.human()], ['return stats']);
});

t.test('an agent line with both an identifier renamed and a literal changed is ai-modified', async (t) => {
  eachAlone(t, ['sleepMs(5000);'.aiModified('sleep(250);'), "retry(fetchOrders, 'orders');".aiModified("retry(fetchInvoices, 'invoices');")]);
});

t.test('a human line that shares only keywords, built-ins and punctuation with an agent line stays human', async (t) => {
  eachAlone(t, ['const y = 2;'.human()], ['const x = 1;']);
  eachAlone(t, ['return undefined;'.human()], ['return null;']);
  eachAlone(t, ["import Vue from 'vue';".human()], ["import React from 'react';"]);
  eachAlone(t, ["clearSearchField('');".human()], ["setInputValue('');"]);
  eachAlone(t, ["throw new TypeError('bad input');".human()], ["throw new Error('unreachable');"]);
  eachAlone(t, ['console.log(total);'.human()], ['console.log(user);']);
  eachAlone(t, ['if (!isAdmin) return;'.human()], ['if (!isOwner) return;']);
});

t.test('a renamed identifier that keeps part of its old name counts, one that keeps nothing does not', async (t) => {
  const sim = (a: string, b: string) => tokenSimilarity(parseTokens(a)!, parseTokens(b)!);
  t.ok(sim("setInputValue('');", "resetInputValue('');") > 0);
  t.equal(sim("setInputValue('');", "clearSearchField('');"), 0);
  t.equal(sim('a + b', 'a+b'), 1, 'spacing alone changes no token');
  t.equal(sim('foo(a, b);', 'foo(a);'), 0, 'a different number of tokens is not a retouch');
  t.equal(sim('timeout: 30', 'timeout: "30"'), 0, 'a number turned into a string is not a literal change');
});

t.test("an agent's closing brace stays the agent's when the line above it was rewritten by hand", async (t) => {
  const block = ['if (ready) {'.ai(), 'await drainEverything(pool, { force: true });'.human(), '}'.ai()];
  t.same(attribute(block, ['start(queue);']), expected(block));
  const call = ['const server = createServer({'.ai(), 'port: 8080,'.ai(), 'onError: (e) => pageTheOnCallEngineer(e),'.human(), '});'.ai()];
  t.same(attribute(call, ['onError: log,']), expected(call));
});

t.test('a closing brace whose block opens before the hunk takes the agent line after it over the human line before it', async (t) => {
  const lines = ['await somethingEntirelyDifferent(now);'.human(), '}'.ai(), 'export function next() {'.ai(), 'return 1;'.ai(), '}'.ai()];
  t.same(attribute(lines, ['finish(job);']), expected(lines));
});

t.test('a closing brace of a block a human opened stays human, even next to agent lines', async (t) => {
  const lines = ['if (featureFlagEnabled) {'.human(), '  notifyDownstream(event);'.aiModified('notifyDownstream(event);'), '}'.human()];
  t.same(attribute(lines, ['}']), expected(lines));
  const human = ['function audit(event) {'.human(), 'recordTheAuditTrail(event);'.human(), '}'.human()];
  t.same(attribute(human, ['}']), expected(human));
});

t.test('a line the diff moves that an agent edit re-emitted unchanged belongs to that edit', async (t) => {
  const moved = 'export const third = makeThird();';
  const reemitted: PendingLine = { text: moved, session: S1, edit: 'e1', at: null, reemitted: true };
  const file = { ...additionsOf('a.ts', [moved.ai(), 'export const fourth = makeFourth();'.ai()]), removed: [moved] };
  const res = attributeCommit([file], { 'a.ts': [reemitted, { text: 'export const fourth = makeFourth();', session: S1, edit: 'e1', at: null }] });
  t.same(
    [...res.files[0]!.lines.values()].map((o) => [o.state, o.session]),
    [
      ['ai', S1],
      ['ai', S1],
    ],
  );
  t.same(res.pending, {}, 'the re-emitted line is consumed');
});

t.test('a re-emitted line claims no line the diff only adds, and is dropped once its file is committed', async (t) => {
  const kept = 'const reviewer = "typed by a human before the agent edit";';
  const reemitted: PendingLine = { text: kept, session: S1, edit: 'e1', at: null, reemitted: true };
  const file = additionsOf('a.ts', [kept.human()]);
  const res = attributeCommit([file], { 'a.ts': [reemitted], 'b.ts': [{ ...reemitted, text: 'other();' }] });
  t.equal(res.files[0]!.lines.get(1)!.state, 'human', 'not removed by the diff: not a move');
  t.same(Object.keys(res.pending), ['b.ts'], 'dropped for the committed file, kept for the other');
  const moved = attributeCommit([{ ...file, removed: [kept] }], { 'a.ts': [{ ...reemitted, text: 'something else entirely();' }] });
  t.equal(moved.files[0]!.lines.get(1)!.state, 'human', 'a move with no re-emitted copy of the line stays human');
});

t.test("an edit's re-emitted lines are filed as re-emitted pending lines, blank and punctuation lines aside", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const { added, removed, kept } = lineDiff('function a() {\n  first();\n}\n\nsecond();\n', 'second();\nfunction a() {\n  first();\n  extra();\n}\n');
  t.same([added, removed], [['  extra();'], ['']]);
  const edit: EditEvent = {
    id: 'e1',
    session: S1,
    at: null,
    kind: 'edit',
    tool: 'Edit',
    path: join(repo, 'a.ts'),
    op: 'update',
    movedTo: null,
    added,
    removed,
    kept,
    outcome: 'applied',
    rejection: null,
  };
  const pending: Record<string, PendingLine[]> = {};
  addPendingLines(pending, [edit], { roots: [repo], pathMap: [] });
  t.same(
    pending['a.ts']!.map((p) => [p.text, p.reemitted ?? false]),
    [
      ['  extra();', false],
      ['second();', true],
      ['function a() {', true],
      ['  first();', true],
    ],
  );
  addPendingLines(pending, [{ ...edit, id: 'e2', added: [], removed: [] }], { roots: [repo], pathMap: [] });
  t.equal(pending['a.ts']!.length, 4, 'a line already pending for the session is not filed twice');
});

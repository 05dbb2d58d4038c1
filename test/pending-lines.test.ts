/**
 * The index a capture files pending lines through (`src/capture/pending-lines.ts`): it
 * behaves as the plain list it stands for, and the lines it holds keep nothing of the log
 * text they were cut from alive (issue 15: a first capture's memory).
 */
import t, { type Test } from 'tap';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PendingFileLines, type PendingEdit } from '../src/capture/pending-lines.js';
import type { PendingLine } from '../src/store/index.js';
import type { SessionId } from '../src/ids.js';

/** A full garbage collection (`--expose-gc` turned on at run time, as for a child context). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A deterministic pseudo-random generator (mulberry32): numbers in [0, 1). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cap the list and the plain list it is compared with at `max` lines: the oldest go. */
function capBoth(list: PendingFileLines, model: PendingLine[], max: number): void {
  list.cap(max);
  model.splice(0, Math.max(0, model.length - max));
}

/** Check the list against the plain list after `step`: its lines, `has(session, text)` and `hasEdit(id)`. */
function compareWithModel(t: Test, list: PendingFileLines, model: PendingLine[], step: number, session: string, text: string, id: string): void {
  t.same(list.lines(), model, `the same lines after step ${step}`, { diagnostic: false });
  t.equal(
    list.has(session, text),
    model.some((l) => l.session === session && l.text === text),
    `has() after step ${step}`,
  );
  t.equal(
    list.hasEdit(id),
    model.some((l) => l.edit === id),
    `hasEdit(${id}) after step ${step}`,
  );
}

/** What `withdraw` does, on the plain list the tests compare with: the last line of `session` with `text` goes. */
function withdrawFromModel(model: PendingLine[], session: string, text: string): void {
  let i = model.length - 1;
  while (i >= 0 && !(model[i]!.session === session && model[i]!.text === text)) i--;
  if (i !== -1) model.splice(i, 1);
}

t.test('pending lines cut from big log texts do not keep those texts alive', async (t) => {
  collect();
  const before = process.memoryUsage().heapUsed;
  const list = new PendingFileLines([]);
  for (let i = 0; i < 100; i++) {
    // A 2 MiB text of its own on the heap (as JSON.parse makes a Write's content), and one line of it.
    const content = JSON.parse(`"${String.fromCharCode(97 + (i % 26)).repeat(2 * 1024 * 1024)}"`) as string;
    const line = content.slice(i, i + 40);
    list.push(line, { session: 'claude-code:s' as SessionId, edit: `e${i}`, at: null });
  }
  collect();
  const held = process.memoryUsage().heapUsed - before;
  t.ok(held < 20 * 1024 * 1024, `100 pending lines hold ${(held / 1024 / 1024).toFixed(1)} MiB (the texts they were cut from: 200 MiB)`);
  t.equal(list.lines().length, 100, 'every line is pending');
  t.equal(list.lines()[3]!.text, 'd'.repeat(40), 'with its text');
});

t.test('the index behaves as the plain list of pending lines, across the cap, withdrawals and repeated texts', async (t) => {
  const next = random(15);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const texts = Array.from({ length: 60 }, (_, i) => `line ${i} of a file the agent writes again and again`);
  const sessions = ['claude-code:a', 'codex:b'];
  const initial: PendingLine[] = Array.from({ length: 50 }, (_, i) => ({ text: pick(texts), session: pick(sessions) as PendingLine['session'], edit: `old${i % 7}`, at: null }));
  const model: PendingLine[] = initial.map((l) => ({ ...l }));
  const list = new PendingFileLines(initial.map((l) => ({ ...l })));
  let edits = 0;
  for (let step = 0; step < 3000; step++) {
    const session = pick(sessions);
    const edit: PendingEdit = { session: session as PendingEdit['session'], edit: `e${edits++}`, at: '2026-01-02T00:00:00Z', prompt: 'p' };
    for (let k = Math.floor(next() * 4); k > 0; k--) {
      const text = pick(texts);
      list.withdraw(session, text);
      withdrawFromModel(model, session, text);
    }
    for (let k = Math.floor(next() * 12); k > 0; k--) {
      const text = pick(texts);
      list.push(` ${text}`.slice(1), edit); // A fresh string each time, as each log line gives.
      model.push({ text, ...edit });
    }
    capBoth(list, model, step < 2000 ? 400 : 40);
    if (step % 97 === 0 || step === 2999) {
      const text = pick(texts);
      compareWithModel(t, list, model, step, session, text, `e${Math.max(0, edits - 1 - Math.floor(next() * 300))}`);
    }
  }
  t.equal(
    list.hasEdit('old1'),
    model.some((l) => l.edit === 'old1'),
    'lines loaded at the start drop out under the cap',
  );
});

t.test('lines filed an edit at a time behave as the plain list, the cap dropping whole edits and parts of one', async (t) => {
  const next = random(27);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  // Among them an empty text and texts holding a line end, as a hostile log may record.
  const texts = [...Array.from({ length: 40 }, (_, i) => `line ${i} of a file written whole, again and again`), '', 'two\nlines', '\n'];
  const sessions = ['claude-code:a', 'codex:b'];
  const initial: PendingLine[] = Array.from({ length: 30 }, (_, i) => ({ text: pick(texts), session: pick(sessions) as PendingLine['session'], edit: `old${i % 5}`, at: null }));
  const model: PendingLine[] = initial.map((l) => ({ ...l }));
  const list = new PendingFileLines(initial.map((l) => ({ ...l })));
  for (let step = 0; step < 2000; step++) {
    const session = pick(sessions);
    const edit: PendingEdit = { session: session as PendingEdit['session'], edit: `e${step}`, at: null };
    if (next() < 0.3) {
      const text = pick(texts);
      list.withdraw(session, text);
      withdrawFromModel(model, session, text);
    }
    const lines = Array.from({ length: Math.floor(next() * 30) }, () => pick(texts));
    list.pushAll(lines, edit);
    for (const text of lines) model.push({ text, ...edit });
    if (next() < 0.2) {
      // Re-emitted lines, one at a time, filed by one edit of their own.
      const reemitted: PendingEdit = { ...edit, reemitted: true };
      for (let k = Math.floor(next() * 5); k > 0; k--) {
        const text = pick(texts);
        if (list.has(session, text)) continue;
        list.push(text, reemitted);
        model.push({ text, ...reemitted });
      }
    }
    capBoth(list, model, step < 1000 ? 300 : step < 1500 ? 25 : 120);
    if (step % 89 === 0 || step === 1999) {
      const text = pick(texts);
      compareWithModel(t, list, model, step, session, text, `e${Math.max(0, step - Math.floor(next() * 40))}`);
    }
  }
});

/**
 * mergeNotes: two (or N) drift-note/1 notes of one commit become one that keeps every
 * session, every line claim and every body section, with one owner per line.
 */
import t from 'tap';
import { foldNotes, mergeNotes, mergeNoteTexts } from '../src/notes/merge.js';
import { NOTE_MAX_BYTES, parseNote, renderNote, type Note, type NoteFile, type NoteSession } from '../src/notes/index.js';

const S1 = 'claude-code:11111111-aaaa-4000-8000-000000000001';
const S2 = 'codex:22222222-bbbb-4000-8000-000000000002';
const S3 = 'claude-code:33333333-cccc-4000-8000-000000000003';

function session(id: string, over: Partial<NoteSession> = {}): NoteSession {
  const agent = id.slice(0, id.indexOf(':'));
  return { id, agent, model: 'm1', branch: 'main', prompts: 1, edits: { applied: 1, rejected: 0 }, record: `.prompts/sessions/x-${agent}.md`, ...over };
}

function section(id: string, text: string): string {
  const agent = id.slice(0, id.indexOf(':'));
  const id8 = id
    .slice(id.indexOf(':') + 1)
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 8);
  return `## ${agent} · ${id8} · m1\n\n### Prompts\n\n1.\n> ${text}\n`;
}

function note(sessions: NoteSession[], files: Record<string, NoteFile>, body?: string): Note {
  const text = body ?? sessions.map((s) => section(s.id, `work of ${s.id}`)).join('\n');
  return { drift: 1, sessions, files, body: text };
}

/** Every line of every file, with its state and session, from a note's ranges. */
function owners(n: Note): Map<string, string> {
  const out = new Map<string, string>();
  const put = (path: string, ranges: string, owner: string) => {
    for (const part of ranges.split(',')) {
      const [a, b] = part.split('-').map(Number);
      for (let l = a!; l <= (b ?? a!); l++) {
        const key = `${path}:${l}`;
        if (out.has(key)) throw new Error(`line ${key} has two owners: ${out.get(key)} and ${owner}`);
        out.set(key, owner);
      }
    }
  };
  for (const [path, f] of Object.entries(n.files)) {
    for (const [s, r] of Object.entries(f.ai ?? {})) put(path, r, `ai ${s}`);
    for (const [s, r] of Object.entries(f['ai-modified'] ?? {})) put(path, r, `ai-modified ${s}`);
    if (f.human) put(path, f.human, 'human');
  }
  return out;
}

t.test('renderNote(parseNote(text)) gives the text back', async (t) => {
  const text = renderNote(note([session(S1)], { 'a.ts': { ai: { [S1]: '1-3' }, human: '4' } }));
  const parsed = parseNote(text) as Note;
  t.equal(renderNote(parsed), text);
  t.ok(parsed.body.startsWith('## claude-code · 11111111 · m1'), 'the body starts at its first line');
});

t.test('sessions: the union by id, sorted, counts the larger, nulls filled from the other side', async (t) => {
  const a = note([session(S2, { prompts: 3, model: null })], {});
  const b = note([session(S1), session(S2, { prompts: 1, edits: { applied: 5, rejected: 2 }, model: 'gpt-5' })], {});
  const m = mergeNotes(a, b);
  t.same(
    m.sessions.map((s) => s.id),
    [S1, S2],
  );
  const s2 = m.sessions[1]!;
  t.equal(s2.prompts, 3);
  t.same(s2.edits, { applied: 5, rejected: 2 });
  t.equal(s2.model, 'gpt-5', 'the fuller side had no model: the other side gives it');
  const summed = mergeNotes(a, b, { counts: 'sum' }).sessions[1]!;
  t.equal(summed.prompts, 4, 'counts: sum adds the stretches of different commits');
  t.same(summed.edits, { applied: 6, rejected: 2 });
});

t.test('files: the union of line ranges per file and session, human lines recomputed', async (t) => {
  const a = note([session(S1)], {
    'a.ts': { ai: { [S1]: '1-3' }, human: '4-6' },
    'only-a.ts': { human: '1' },
  });
  const b = note([session(S2)], {
    'a.ts': { ai: { [S2]: '5' }, human: '1-4,7' },
    'only-b.ts': { 'ai-modified': { [S2]: '2' } },
  });
  const m = mergeNotes(a, b);
  t.same(m.files, {
    'a.ts': { ai: { [S1]: '1-3', [S2]: '5' }, human: '4,6-7' },
    'only-a.ts': { human: '1' },
    'only-b.ts': { 'ai-modified': { [S2]: '2' } },
  });
});

t.test('a line claimed twice gets one owner: ai over ai-modified, then the smallest session id', async (t) => {
  const a = note([session(S1), session(S2)], { 'a.ts': { 'ai-modified': { [S1]: '1-4' }, ai: { [S2]: '10' } } });
  const b = note([session(S2), session(S3)], { 'a.ts': { ai: { [S2]: '3-6', [S3]: '10' } } });
  const m = mergeNotes(a, b);
  t.same(m.files['a.ts']!['ai-modified'], { [S1]: '1-2' }, 'lines 3-4: ai beats ai-modified');
  t.ok(S3 < S2);
  t.same(m.files['a.ts']!.ai, { [S2]: '3-6', [S3]: '10' }, 'line 10: ai for two sessions, the smaller id wins');
  t.equal(m.files['a.ts']!.human, undefined);
});

t.test('body: both sides kept, each section once, in session order; the all-human sentence goes', async (t) => {
  const human = note([], { 'a.ts': { human: '1' } }, 'No agent session contributed to this commit: every added line is human.\n');
  const a = note([session(S2)], { 'a.ts': { ai: { [S2]: '1' } } });
  const b = note([session(S1), session(S2)], { 'a.ts': { ai: { [S1]: '1' } } });
  const m = foldNotes([human, a, b])!;
  t.equal(m.body, `${section(S1, `work of ${S1}`)}\n${section(S2, `work of ${S2}`)}`);
  t.equal(mergeNotes(human, human).body, human.body, 'two all-human notes stay all-human');
  const other = note([session(S1)], {}, section(S1, 'another stretch'));
  const both = mergeNotes(b, other).body;
  t.match(both, 'another stretch');
  t.match(both, `work of ${S1}`, 'two different sections of one session are both kept');
});

t.test('idempotent, commutative and associative on generated notes', async (t) => {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const ids = [S1, S2, S3];
  const gen = (): Note => {
    const files: Record<string, NoteFile> = {};
    for (const path of ['a.ts', 'b.ts'].filter(() => rand(3) > 0)) {
      const f: NoteFile = {};
      const lines = [...Array(12).keys()].map((i) => i + 1).filter(() => rand(2) === 0);
      for (const line of lines) {
        const r = rand(4);
        const s = ids[rand(3)]!;
        if (r === 0) f.human = f.human ? `${f.human},${line}` : `${line}`;
        else {
          const state = r === 1 ? 'ai-modified' : 'ai';
          const map = (f[state] ??= {});
          map[s] = map[s] ? `${map[s]},${line}` : `${line}`;
        }
      }
      files[path] = f;
    }
    const sessions = ids.filter(() => rand(2) === 0).map((id) => session(id, { prompts: rand(5) }));
    const cut = rand(4);
    return cut === 0 ? { ...note(sessions, files), truncated: rand(2) ? { cut: ['asked', 'human', 'files'], files: rand(9) + 1 } : { cut: ['asked'] } } : note(sessions, files);
  };
  for (let round = 0; round < 60; round++) {
    const [a, b, c] = [gen(), gen(), gen()];
    const ab = mergeNotes(a, b);
    t.same(renderNote(mergeNotes(ab, ab)), renderNote(ab), 'idempotent');
    t.equal(renderNote(ab), renderNote(mergeNotes(b, a)), 'commutative');
    t.equal(renderNote(mergeNotes(ab, c)), renderNote(mergeNotes(a, mergeNotes(b, c))), 'associative');
    const merged = owners(ab);
    const listed = new Set([...owners(a).keys(), ...owners(b).keys()]);
    t.same(new Set(merged.keys()), listed, 'every line either side lists, and no other');
    for (const [key, owner] of [...owners(a), ...owners(b)]) {
      if (owner !== 'human') t.not(merged.get(key), 'human', `${key}: a session claim is never lost to human`);
    }
  }
});

t.test('a note the size cap cut keeps its truncated marker through a merge', async (t) => {
  const cutA = { ...note([session(S1)], { 'a.ts': { ai: { [S1]: '1-3' } } }), truncated: { cut: ['human', 'files'], files: 4 } };
  const cutB = { ...note([session(S2)], { 'b.ts': { ai: { [S2]: '1' } } }), truncated: { cut: ['asked'] } };
  const whole = note([session(S3)], { 'c.ts': { ai: { [S3]: '2' } } });
  t.same(mergeNotes(cutA, whole).truncated, { cut: ['human', 'files'], files: 4 }, 'one side cut: the merge says so');
  t.same(mergeNotes(whole, cutA).truncated, { cut: ['human', 'files'], files: 4 }, 'whichever side it is');
  t.same(mergeNotes(cutB, cutA).truncated, { cut: ['asked', 'human', 'files'], files: 4 }, 'both cut: the union, in the cap order');
  t.notOk('truncated' in mergeNotes(whole, note([session(S1)], {})), 'neither cut: no marker');
  const text = renderNote(mergeNotes(cutA, whole));
  const back = parseNote(text);
  t.same('invalid' in back ? null : back.truncated, { cut: ['human', 'files'], files: 4 }, 'and the rendered note carries it');
});

t.test('a merged note is partial only when both notes are: a complete capture on either side owns every line', async (t) => {
  const a = { ...note([session(S1)], { 'a.ts': { ai: { [S1]: '1' } } }), partial: { unread: 4 } };
  const b = { ...note([session(S1)], { 'a.ts': { ai: { [S1]: '1' } } }), partial: { unread: 2 } };
  const whole = note([session(S1)], { 'a.ts': { ai: { [S1]: '1' } } });
  t.same(mergeNotes(a, b).partial, { unread: 2 }, 'both partial: the smaller count');
  t.notOk('partial' in mergeNotes(a, whole), 'one complete: not partial');
  t.notOk('partial' in mergeNotes(whole, a), 'whichever side');
});

t.test('a huge range merges without expanding it into lines', async (t) => {
  const a = note([session(S1)], { 'a.ts': { ai: { [S1]: '1-2000000000' } } });
  const b = note([], { 'a.ts': { human: '5-7,2000000001' } });
  const started = Date.now();
  t.same(mergeNotes(a, b).files['a.ts'], { ai: { [S1]: '1-2000000000' }, human: '2000000001' });
  // Expanding 2,000,000,000 lines would take minutes or run out of memory; the bound is loose
  // enough for a machine busy with other tests.
  t.ok(Date.now() - started < 5_000, 'not expanded into lines');
});

t.test('merging texts', async (t) => {
  const a = renderNote(note([session(S1)], { 'a.ts': { ai: { [S1]: '1' } } }));
  const b = renderNote(note([session(S2)], { 'a.ts': { ai: { [S2]: '2' } } }));
  t.test('identical texts stay byte for byte', async (t) => {
    t.equal(mergeNoteTexts(a, a), a);
  });
  t.test('two valid notes give the rendered merge', async (t) => {
    const m = mergeNoteTexts(a, b);
    t.equal(m, renderNote(mergeNotes(parseNote(a) as Note, parseNote(b) as Note)));
    t.same((parseNote(m) as Note).files['a.ts'], { ai: { [S1]: '1', [S2]: '2' } });
  });
  t.test('an invalid text is kept after the valid note, which stays readable', async (t) => {
    const junk = 'not a note at all\n';
    for (const m of [mergeNoteTexts(a, junk), mergeNoteTexts(junk, a)]) {
      t.ok(m.startsWith(a));
      t.ok(m.endsWith(junk));
      t.notOk('invalid' in parseNote(m));
    }
    t.equal(mergeNoteTexts('x\n', 'y\n'), 'x\n\ny\n', 'two invalid texts: both, in byte order');
    t.equal(mergeNoteTexts('y\n', 'x\n'), 'x\n\ny\n');
  });
  t.test('the merged note keeps within NOTE_MAX_BYTES like renderNote', async (t) => {
    const big = (id: string) => renderNote(note([session(id)], {}, section(id, 'x'.repeat(40_000))));
    const m = mergeNoteTexts(big(S1), big(S2));
    t.ok(Buffer.byteLength(m) <= NOTE_MAX_BYTES);
    t.match(m, /\[truncated: \d+ bytes\]/);
    t.same(
      (parseNote(m) as Note).sessions.map((s) => s.id),
      [S1, S2],
      'the frontmatter is whole',
    );
  });
});

t.test('keeps the prompt behind each line, re-keyed to the merged asked lists', async (t) => {
  const a = note([session(S1, { asked: ['add retries'] })], { 'a.ts': { ai: { [S1]: '1-3' }, prompt: { [`${S1}#0`]: '1-3' } } });
  const b = note([session(S1, { asked: ['log failures', 'add retries'] })], { 'a.ts': { ai: { [S1]: '1-5' }, prompt: { [`${S1}#0`]: '4-5', [`${S1}#1`]: '1-3' } } });
  const merged = mergeNotes(a, b);
  t.same(merged.sessions[0]!.asked, ['add retries', 'log failures']);
  t.same(merged.files['a.ts']!.prompt, { [`${S1}#0`]: '1-3', [`${S1}#1`]: '4-5' });
  t.same(mergeNotes(merged, merged).files['a.ts']!.prompt, merged.files['a.ts']!.prompt, 'idempotent');
});

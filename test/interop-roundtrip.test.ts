/**
 * Round trips over generated notes (fast-check): drift → git-ai → drift keeps every agent
 * line (`ai` and `ai-modified`) with its session, and drift → Agent Trace → drift gives the
 * note's lines back exactly. Pure: the codecs and mappings, with the commit's added lines
 * being every line the note lists.
 */
import t from 'tap';
import fc from 'fast-check';
import { parseRanges, formatRanges } from '../src/attribution/ranges.js';
import type { Note, NoteFile, NoteSession } from '../src/notes/index.js';
import { validateNote } from '../src/notes/validate.js';
import { parseGitAiNote } from '../src/interop/git-ai/parse.js';
import { renderGitAiNote } from '../src/interop/git-ai/render.js';
import { noteFromGitAi } from '../src/interop/git-ai/to-note.js';
import { renderAgentTrace } from '../src/interop/agent-trace/render.js';
import { parseAgentTraces } from '../src/interop/agent-trace/parse.js';
import { noteFromTrace } from '../src/interop/agent-trace/to-note.js';
import type { AddedLines } from '../src/interop/lines.js';

const AGENTS = ['claude-code', 'codex', 'cursor', 'aider', 'gemini', 'opencode', 'cline'];
const COMMIT = 'a'.repeat(40);

const session = fc.record({
  agent: fc.constantFrom(...AGENTS),
  native: fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom(...'abcdef0123456789-_.:XYZ é'.split('')) }).filter((s) => s.trim() === s && s.length > 0),
  model: fc.option(fc.constantFrom('claude-sonnet-4-5', 'gpt-5-codex', 'gemini-2.5-pro', 'o3', 'some-local-model'), { nil: null }),
  author: fc.option(fc.constantFrom('dev@example.com', 'Dev <dev@example.com>'), { nil: undefined }),
});

const path = fc
  .string({ minLength: 1, maxLength: 30, unit: fc.constantFrom(...'abc/._- "XYZé'.split('')) })
  .filter((p) => !p.startsWith('/') && !p.endsWith('/') && !p.includes('//') && p.trim() === p);

/** A note: sessions, and per file each line 1..n given to an owner (a session's ai or ai-modified, or human). */
const note = fc
  .record({
    sessions: fc.uniqueArray(session, { minLength: 0, maxLength: 4, selector: (s) => `${s.agent}:${s.native}` }),
    files: fc.uniqueArray(fc.record({ path, owners: fc.array(fc.nat(20), { minLength: 1, maxLength: 60 }) }), { maxLength: 4, selector: (f) => f.path }),
  })
  .map(({ sessions, files }): Note => {
    const list: NoteSession[] = sessions.map((s) => ({
      id: `${s.agent}:${s.native}`,
      agent: s.agent,
      model: s.model,
      branch: null,
      prompts: 1,
      edits: { applied: 1, rejected: 0 },
      record: '',
      ...(s.author ? { author: s.author } : {}),
    }));
    const out: Record<string, NoteFile> = {};
    for (const f of files) {
      const per = new Map<string, number[]>();
      f.owners.forEach((o, i) => {
        const s = list.length > 0 && o < 14 ? list[o % list.length]!.id : null;
        const key = s === null ? 'human' : `${o % 2 === 0 ? 'ai' : 'ai-modified'}\0${s}`;
        (per.get(key) ?? per.set(key, []).get(key)!).push(i + 1);
      });
      const file: NoteFile = {};
      for (const [key, lines] of per) {
        if (key === 'human') file.human = formatRanges(lines);
        else {
          const [state, id] = key.split('\0') as ['ai' | 'ai-modified', string];
          (file[state] ??= {})[id] = formatRanges(lines);
        }
      }
      out[f.path] = file;
    }
    const owning = new Set(Object.values(out).flatMap((f) => [...Object.keys(f.ai ?? {}), ...Object.keys(f['ai-modified'] ?? {})]));
    return { drift: 1, sessions: list.filter((s) => owning.has(s.id)).sort((x, y) => (x.id < y.id ? -1 : 1)), files: out, body: '' };
  });

/** Every line the note lists, per file: the commit's added lines. */
function addedOf(n: Note): AddedLines {
  const added: AddedLines = new Map();
  for (const [p, f] of Object.entries(n.files)) {
    const all = [f.human ?? '', ...Object.values(f.ai ?? {}), ...Object.values(f['ai-modified'] ?? {})].flatMap((r) => (r ? parseRanges(r) : []));
    added.set(
      p,
      [...new Set(all)].sort((a, b) => a - b),
    );
  }
  return added;
}

/** line → owner (`ai <session>` / `ai-modified <session>` / `human`) of every file. */
function owners(n: Note, merge: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p, f] of Object.entries(n.files)) {
    for (const l of parseRanges(f.human ?? '')) out.set(`${p}:${l}`, 'human');
    for (const state of ['ai', 'ai-modified'] as const) {
      for (const [s, r] of Object.entries(f[state] ?? {})) for (const l of parseRanges(r)) out.set(`${p}:${l}`, `${merge ? 'ai' : state} ${s}`);
    }
  }
  return out;
}

t.test('the generated notes are valid drift-note/1', async (t) => {
  fc.assert(
    fc.property(note, (n) => validateNote(n) === null),
    { numRuns: 200 },
  );
  t.pass();
});

t.test('drift → git-ai → drift keeps every agent line with its session', async (t) => {
  fc.assert(
    fc.property(note, (n) => {
      const parsed = parseGitAiNote(renderGitAiNote(n, COMMIT));
      if ('invalid' in parsed) throw new Error(parsed.invalid);
      const back = noteFromGitAi(parsed, addedOf(n), new Map());
      if ('invalid' in back) throw new Error(back.invalid);
      t.same(owners(back, true), owners(n, true));
      t.same(
        back.sessions.map((s) => [s.id, s.model, s.author]),
        n.sessions.map((s) => [s.id, s.model, s.author]),
      );
      return validateNote(back) === null;
    }),
    { numRuns: 300 },
  );
});

t.test('drift → Agent Trace → drift gives every line back with its state and session', async (t) => {
  fc.assert(
    fc.property(note, (n) => {
      const record = renderAgentTrace({ commit: COMMIT, date: '2026-11-20T12:00:00Z', note: n, version: '0.1.0' });
      const { records, problems } = parseAgentTraces(JSON.stringify(record));
      if (problems.length > 0 || records.length !== 1) throw new Error(JSON.stringify(problems));
      const back = noteFromTrace(records[0]!, addedOf(n));
      if ('invalid' in back) throw new Error(back.invalid);
      t.same(back.files, n.files);
      t.same(
        back.sessions,
        n.sessions.map((s) => ({ ...s, source: 'agent-trace' })),
      );
      return true;
    }),
    { numRuns: 300 },
  );
});

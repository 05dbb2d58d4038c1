/**
 * `git drift export agent-trace` and `import agent-trace` in real repositories: exported
 * records valid against the specification's JSON Schema, a round trip that gives back
 * every note exactly, and records in the reference implementation's shape (revision =
 * HEAD at edit time, JSON lines, pseudo-paths, a bad line) given to the commit made on top.
 */
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PROJECT, git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { drift } from './helpers/replay.js';
import { parseNote, renderNote, type Note } from '../src/notes/index.js';

const FIXTURES = join(PROJECT, 'test', 'fixtures', 'agent-trace');
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

function commitFile(sb: Sandbox, repo: string, path: string, text: string, message: string): string {
  writeFileSync(join(repo, path), text);
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', message]);
  return git(sb, repo, ['rev-parse', 'HEAD']);
}

function driftNote(sb: Sandbox, repo: string, sha: string): Note {
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', sha]) + '\n');
  if ('invalid' in note) throw new Error(note.invalid);
  return note;
}

const A = 'claude-code:5f1c2a3b-0000-4000-8000-000000000001';
const B = 'codex:019a0000-0000-7000-8000-00000000000b';

t.test('exports one schema-valid record per annotated commit and imports them back exactly', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const one = commitFile(sb, repo, 'a.ts', '1\n2\n3\n4\n5\n', 'one');
  const two = commitFile(sb, repo, 'b c.ts', '1\n2\n3\n', 'two');
  const notes: Record<string, Note> = {
    [one]: {
      drift: 1,
      sessions: [
        { id: A, agent: 'claude-code', model: 'claude-sonnet-4-5', branch: 'main', prompts: 2, edits: { applied: 3, rejected: 1 }, record: '.prompts/sessions/a.md', asked: ['Add a.ts'] },
        { id: B, agent: 'codex', model: null, branch: null, prompts: 1, edits: { applied: 1, rejected: 0 }, record: '.prompts/sessions/b.md' },
      ],
      files: { 'a.ts': { ai: { [A]: '1-2', [B]: '5' }, 'ai-modified': { [A]: '3' }, human: '4', prompt: { [`${A}#0`]: '1-2' } } },
      body: 'Captured.\n',
    },
    [two]: { drift: 1, sessions: [], files: { 'b c.ts': { human: '1-3' } }, body: 'No agent session contributed to this commit: every added line is human.\n' },
  };
  for (const [sha, note] of Object.entries(notes)) git(sb, repo, ['notes', '--ref=drift', 'add', '-F', '-', sha], renderNote(note));

  drift(sb, repo, ['export', 'agent-trace', '--output', 'traces.jsonl']);
  const lines = readFileSync(join(repo, 'traces.jsonl'), 'utf8').trimEnd().split('\n');
  t.equal(lines.length, 2, 'one record per annotated commit');
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(FIXTURES, 'trace-record.schema.json'), 'utf8')) as object);
  for (const line of lines) t.ok(validate(JSON.parse(line)), `valid against the spec's JSON Schema: ${JSON.stringify(validate.errors)}`);
  const first = JSON.parse(lines[0]!) as { vcs: { revision: string }; files: { conversations: { contributor: { type: string; model_id?: string } }[] }[] };
  t.equal(first.vcs.revision, one, 'oldest commit first; the revision is the commit itself');
  t.same(
    first.files[0]!.conversations.map((c) => [c.contributor.type, c.contributor.model_id ?? null]),
    [
      ['ai', 'anthropic/claude-sonnet-4-5'],
      ['ai', null],
      ['mixed', 'anthropic/claude-sonnet-4-5'],
      ['human', null],
    ],
  );
  t.equal(drift(sb, repo, ['export', 'agent-trace']), `${lines.join('\n')}\n`, 'standard output by default; the same bytes on every run');

  git(sb, repo, ['update-ref', '-d', 'refs/notes/drift']);
  const out = JSON.parse(drift(sb, repo, ['import', 'agent-trace', 'traces.jsonl', '--json'])) as Record<string, unknown>;
  t.same(out, { source: 'agent-trace', imported: 2, merged: 0, unchanged: 0, skipped: [] });
  for (const [sha, note] of Object.entries(notes)) {
    const back = driftNote(sb, repo, sha);
    const { prompt: _p, ...files } = note.files['a.ts'] ?? {};
    t.same(back.files, sha === one ? { 'a.ts': files } : note.files, 'every line with its state and session');
    t.same(
      back.sessions,
      note.sessions.map(({ asked: _a, ...s }) => ({ ...s, source: 'agent-trace' })),
      'the sessions, with their source',
    );
  }
  t.same(JSON.parse(drift(sb, repo, ['import', 'agent-trace', 'traces.jsonl', '--json'])), { source: 'agent-trace', imported: 0, merged: 0, unchanged: 2, skipped: [] }, 'idempotent');
  t.match(drift(sb, repo, ['blame', 'a.ts']), /claude-code 5f1c2a3b \(agent-trace\)/, 'blame shows where the session came from');
});

t.test("gives the reference implementation's records (revision = HEAD at edit time) to the commit made on top", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const head = commitFile(sb, repo, 'app.txt', 'x\n', 'before the agent');
  const child = commitFile(sb, repo, 'app.txt', 'x\nb\nc\nd\ne\n', 'the agent edits');
  const traces = readFileSync(join(FIXTURES, 'reference-records.jsonl'), 'utf8')
    .replace(/PARENT/g, head)
    .replace(/src\/app\.ts/g, 'app.txt');
  writeFileSync(join(sb.root, 'traces.jsonl'), traces);
  const out = JSON.parse(drift(sb, repo, ['import', 'agent-trace', join(sb.root, 'traces.jsonl'), '--json'])) as { imported: number; skipped: { commit: string | null; reason: string }[] };
  t.equal(out.imported, 1);
  t.same(
    out.skipped.map((s) => s.reason.replace(/:.*$/, '')),
    ['line 2', 'record 7d0c6f8e-1a2b-4c3d-8e4f-5a6b7c8d9e03'],
    'the line that is not JSON, the record with no git revision',
  );
  const note = driftNote(sb, repo, child);
  const S = 'claude-code:3b9d2c1a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  t.same(note.files, { 'app.txt': { ai: { [S]: '2-3' }, 'ai-modified': { [S]: '5' }, human: '4' } }, 'ai, mixed → ai-modified, the rest human');
  t.same(
    note.sessions.map((s) => [s.id, s.model, s.source]),
    [[S, 'claude-sonnet-4-5', 'agent-trace']],
  );

  const records = traces.split('\n').filter((l) => l.startsWith('{'));
  writeFileSync(join(sb.root, 'array.json'), `[${records.slice(0, 2).join(',')}]`);
  t.same(
    JSON.parse(drift(sb, repo, ['import', 'agent-trace', join(sb.root, 'array.json'), '--json'])),
    { source: 'agent-trace', imported: 0, merged: 0, unchanged: 1, skipped: [] },
    'a JSON array of the same records changes nothing',
  );
});

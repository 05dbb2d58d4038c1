/**
 * `git drift import git-ai` and `export git-ai` in real repositories: the real notes of the
 * corpus (pretty-printed JSON, legacy prompt keys, known humans, an empty attestation
 * section, a legacy blob), our own fixtures (7-hex keys, unsorted ranges, quoted paths,
 * bad notes), merging with captured notes, idempotence, and the export's round trip.
 */
import t, { type Test } from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CORPUS, NEEDS_CORPUS, PROJECT, git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { drift } from './helpers/replay.js';
import { parseNote, renderNote, type Note } from '../src/notes/index.js';
import { parseGitAiNote } from '../src/interop/git-ai/parse.js';

const FIXTURES = join(PROJECT, 'test', 'fixtures', 'git-ai');

/** Write `files` (path → number of lines, or text) in `repo` and commit them; returns the commit sha. */
function commit(sb: Sandbox, repo: string, files: Record<string, number | string>, message: string): string {
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    const text = typeof body === 'string' ? body : Array.from({ length: body }, (_, i) => `${path} line ${i + 1}`).join('\n') + '\n';
    writeFileSync(join(repo, path), text);
  }
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', message]);
  return git(sb, repo, ['rev-parse', 'HEAD']);
}

function addGitAiNote(sb: Sandbox, repo: string, sha: string, text: string): void {
  git(sb, repo, ['notes', '--ref=ai', 'add', '-f', '-F', '-', sha], text.replace(/BASE/g, sha));
}

function driftNote(sb: Sandbox, repo: string, sha: string): Note {
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', sha]) + '\n');
  if ('invalid' in note) throw new Error(note.invalid);
  return note;
}

interface ImportJson {
  source: string;
  imported: number;
  merged: number;
  unchanged: number;
  skipped: { commit: string | null; reason: string }[];
}

function setUp(t: Test): { sb: Sandbox; repo: string } {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  return { sb, repo: makeRepo(sb) };
}

t.test('imports the real git-ai notes of the corpus, legacy blob included, and a second run changes nothing', { skip: NEEDS_CORPUS }, async (t) => {
  const { sb, repo } = setUp(t);
  const corpus = (name: string) => readFileSync(join(CORPUS, 'git-ai', name), 'utf8');
  const humans = commit(sb, repo, { 'AGENTS.md': 16 }, 'agents');
  addGitAiNote(sb, repo, humans, corpus('known-humans.note'));
  const release = commit(sb, repo, { '.github/workflows/release.yml': 347 }, 'release');
  addGitAiNote(sb, repo, release, corpus('prompts-legacy-keys.note'));
  const mixed = commit(
    sb,
    repo,
    {
      'tests/integration/windsurf.rs': 618,
      'src/daemon.rs': 5943,
      'tests/integration/main.rs': 83,
      'src/commands/checkpoint_agent/orchestrator.rs': 389,
      'tests/integration/pending_ai_edit_suppression.rs': 257,
    },
    'daemon',
  );
  addGitAiNote(sb, repo, mixed, corpus('sessions-and-prompts.note'));
  const empty = commit(sb, repo, { 'notes.txt': 3 }, 'notes');
  addGitAiNote(sb, repo, empty, corpus('no-attestations.note'));
  const legacy = commit(sb, repo, { '.github/workflows/pr-comment.yml': 30 }, 'pr comment');
  const blob = git(sb, repo, ['hash-object', '-w', '--stdin'], corpus('legacy-0.0.1-03c09275096ace7da9fe84f15e2ad8d58b2d59cc.json'));
  git(sb, repo, ['update-ref', `refs/ai/authorship/${legacy}`, blob]);

  const first = JSON.parse(drift(sb, repo, ['import', 'git-ai', '--json'])) as ImportJson;
  t.same(first, { source: 'git-ai', imported: 5, merged: 0, unchanged: 0, skipped: [] });

  const h = driftNote(sb, repo, humans);
  t.same(h.sessions, [
    {
      id: 'claude-code:52faaf7a-10cf-40f8-98a8-fcc7f4f083b2',
      agent: 'claude-code',
      model: 'claude-opus-4-8',
      branch: null,
      prompts: 0,
      edits: { applied: 0, rejected: 0 },
      record: '',
      source: 'git-ai',
      author: 'Sasha Varlamov <sasha@sashavarlamov.com>',
    },
  ]);
  t.same(h.files['AGENTS.md'], { ai: { 'claude-code:52faaf7a-10cf-40f8-98a8-fcc7f4f083b2': '1-4,6-16' }, human: '5' }, 'the known human keeps line 5');

  const r = driftNote(sb, repo, release);
  t.same(
    r.sessions.map((s) => s.id),
    ['claude-code:4f32d4d1-91e9-4da6-a608-57c5b826f8f9', 'claude-code:9279810e-3d8b-4f0a-8444-0a82624fd8eb'],
    'only the prompts the attestations name',
  );
  t.same(r.files['.github/workflows/release.yml']!.ai, { 'claude-code:4f32d4d1-91e9-4da6-a608-57c5b826f8f9': '340-347', 'claude-code:9279810e-3d8b-4f0a-8444-0a82624fd8eb': '36,246,251' });

  const m = driftNote(sb, repo, mixed);
  t.same(
    m.sessions.map((s) => s.id),
    ['claude-code:6d23d467-ab18-439c-87a8-4fb42a1d5320'],
    'a legacy prompt key and a session key of one conversation are one session',
  );
  t.equal(
    m.files['src/daemon.rs']!.ai!['claude-code:6d23d467-ab18-439c-87a8-4fb42a1d5320'],
    '3857-3859,3952,4113-4125,4133-4139,4141-4149,4151-4157,4159-4163,4168-4172,5834-5835,5837-5841,5845-5847,5849,5870,5872-5873,5938-5943',
  );

  t.same(driftNote(sb, repo, empty).sessions, [], 'no attestations: every added line is human');
  t.equal(driftNote(sb, repo, empty).files['notes.txt']!.human, '1-3');
  const l = driftNote(sb, repo, legacy);
  t.same(l.files['.github/workflows/pr-comment.yml']!.ai, { [`claude-code:legacy-${legacy.slice(0, 12)}`]: '22' }, 'the legacy blob of refs/ai/authorship');

  const second = JSON.parse(drift(sb, repo, ['import', 'git-ai', '--json'])) as ImportJson;
  t.same(second, { source: 'git-ai', imported: 0, merged: 0, unchanged: 5, skipped: [] }, 'idempotent');
});

t.test('maps legacy 7-hex and 16-hex keys, unsorted ranges, quoted paths and known humans; keeps only the lines the commit adds', async (t) => {
  const { sb, repo } = setUp(t);
  commit(sb, repo, { 'src/app.ts': 'one\ntwo\n' }, 'base');
  const sha = commit(sb, repo, { 'src/app.ts': 'one\ntwo\n3\n4\n5\n6\n7\n8\n', 'docs/read me.md': 4 }, 'app');
  addGitAiNote(sb, repo, sha, readFileSync(join(FIXTURES, 'compact-mixed-keys.note'), 'utf8'));
  const out = JSON.parse(drift(sb, repo, ['import', 'git-ai', '--json'])) as ImportJson;
  t.same(out.imported, 1);
  const note = driftNote(sb, repo, sha);
  t.same(
    note.sessions.map((s) => [s.id, s.model, s.author ?? null, s.source]),
    [
      ['claude-code:c0ffee00-1111-4222-8333-444455556666', 'claude-sonnet-4-5', null, 'git-ai'],
      ['codex:019a-conv-1', 'gpt-5-codex', 'dev@example.com', 'git-ai'],
      ['windsurf:ws-77', 'swe-1', 'Dev <dev@example.com>', 'git-ai'],
    ],
  );
  t.same(
    note.files,
    {
      'docs/read me.md': { ai: { 'claude-code:c0ffee00-1111-4222-8333-444455556666': '1-2,4' }, human: '3' },
      'src/app.ts': { ai: { 'codex:019a-conv-1': '5-6', 'windsurf:ws-77': '8' }, human: '3-4,7' },
    },
    'lines 1-2 of src/app.ts are attested but not added by the commit: left out',
  );
  const blame = JSON.parse(drift(sb, repo, ['blame', '--json', 'src/app.ts'])) as { lines: { state: string; session: string | null; source: string | null }[] };
  t.same(
    blame.lines.map((l) => [l.state, l.source]).slice(4, 6),
    [
      ['ai', 'git-ai'],
      ['ai', 'git-ai'],
    ],
    'blame names the source',
  );
  t.match(drift(sb, repo, ['log', '-n', '1']), /\[codex\] 019aconv .* · imported from git-ai/, 'log names the source');
});

t.test('skips bad notes with a reason and never guesses', async (t) => {
  const { sb, repo } = setUp(t);
  const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
  const past = commit(sb, repo, { 'src/app.ts': 10 }, 'ten lines');
  addGitAiNote(sb, repo, past, fixture('past-end.note'));
  const unparseable = commit(sb, repo, { 'src/b.ts': 2 }, 'b');
  addGitAiNote(sb, repo, unparseable, fixture('unparseable.note'));
  const unknown = commit(sb, repo, { 'src/c.ts': 2 }, 'c');
  addGitAiNote(sb, repo, unknown, fixture('unknown-key.note'));
  const out = JSON.parse(drift(sb, repo, ['import', 'git-ai', '--json'])) as ImportJson;
  t.same([out.imported, out.merged, out.unchanged], [0, 0, 0]);
  const reasons = new Map(out.skipped.map((s) => [s.commit, s.reason]));
  t.match(reasons.get(past), /past the end of the file \(10 lines/);
  t.match(reasons.get(unparseable), /no `---` line/);
  t.match(reasons.get(unknown), /has no entry in the metadata/);
  t.equal(git(sb, repo, ['notes', '--ref=drift', 'list']), '', 'no drift note written');
  t.match(drift(sb, repo, ['import', 'git-ai']), /0 new notes.*3 skipped\.\n {2}skipped [0-9a-f]{12}: /s);
});

t.test('merges into a captured drift note instead of replacing it, and --ref and ranges choose the notes', async (t) => {
  const { sb, repo } = setUp(t);
  const a = commit(sb, repo, { 'a.txt': 3 }, 'a');
  const b = commit(sb, repo, { 'b.txt': 2 }, 'b');
  drift(sb, repo, ['capture', a]);
  t.same(driftNote(sb, repo, a).sessions, [], 'captured: all human');
  const meta = (sha: string) => `---\n{"schema_version":"authorship/3.0.0","base_commit_sha":"${sha}","prompts":{"0123456789abcdef":{"agent_id":{"tool":"cursor","id":"cur-1","model":"gpt-5"}}}}\n`;
  git(sb, repo, ['notes', '--ref=theirs', 'add', '-F', '-', a], `a.txt\n  0123456789abcdef 2-3\n${meta(a)}`);
  git(sb, repo, ['notes', '--ref=theirs', 'add', '-F', '-', b], `b.txt\n  0123456789abcdef 1\n${meta(b)}`);
  const out = JSON.parse(drift(sb, repo, ['import', 'git-ai', 'HEAD~1', '--ref', 'refs/notes/theirs', '--json'])) as ImportJson;
  t.same([out.imported, out.merged], [0, 1], 'only the commit of the range');
  const note = driftNote(sb, repo, a);
  t.same(note.files['a.txt'], { ai: { 'cursor:cur-1': '2-3' }, human: '1' });
  t.match(note.body, /No agent session|imported from a git-ai/);
  t.notMatch(git(sb, repo, ['notes', '--ref=drift', 'list']), b, 'b is outside the range');
});

t.test('exports drift notes as git-ai notes that import back to the same agent lines', async (t) => {
  const { sb, repo } = setUp(t);
  const sha = commit(sb, repo, { 'src/x.ts': 6, 'my file.md': 2 }, 'x');
  const ID = 'claude-code:5f1c2a3b-0000-4000-8000-000000000001';
  const original: Note = {
    drift: 1,
    sessions: [{ id: ID, agent: 'claude-code', model: 'claude-sonnet-4-5', branch: 'main', prompts: 2, edits: { applied: 3, rejected: 1 }, record: '.prompts/sessions/x.md' }],
    files: { 'src/x.ts': { ai: { [ID]: '1-3' }, 'ai-modified': { [ID]: '4' }, human: '5-6' }, 'my file.md': { ai: { [ID]: '1-2' } } },
    body: 'A captured note.\n',
  };
  git(sb, repo, ['notes', '--ref=drift', 'add', '-F', '-', sha], renderNote(original));
  const out = JSON.parse(drift(sb, repo, ['export', 'git-ai', '--json'])) as { exported: number; unchanged: number; skipped: unknown[] };
  t.same(out, { ref: 'refs/notes/ai', exported: 1, unchanged: 0, skipped: [] });
  const text = git(sb, repo, ['notes', '--ref=ai', 'show', sha]) + '\n';
  const parsed = parseGitAiNote(text);
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  t.same(
    parsed.files.map((f) => [f.path, f.entries.map((e) => e.ranges)]),
    [
      ['my file.md', [[[1, 2]]]],
      ['src/x.ts', [[[1, 4]]]],
    ],
    'ai and ai-modified lines attested; the quoted path read back',
  );
  t.match(text, /^"my file\.md"\n {2}s_[0-9a-f]{14}::t_[0-9a-f]{14} 1-2\n/);
  t.same([...parsed.agents.values()], [{ tool: 'claude', id: '5f1c2a3b-0000-4000-8000-000000000001', model: 'claude-sonnet-4-5', humanAuthor: null }]);
  t.same(JSON.parse(drift(sb, repo, ['export', 'git-ai', '--json'])), { ref: 'refs/notes/ai', exported: 0, unchanged: 1, skipped: [] }, 'a second export changes nothing');

  git(sb, repo, ['update-ref', '-d', 'refs/notes/drift']);
  drift(sb, repo, ['import', 'git-ai']);
  const back = driftNote(sb, repo, sha);
  t.same(back.files, { 'my file.md': { ai: { [ID]: '1-2' } }, 'src/x.ts': { ai: { [ID]: '1-4' }, human: '5-6' } }, 'every agent line with its session (ai-modified comes back as ai)');

  git(sb, repo, ['notes', '--ref=drift', 'add', '-f', '-F', '-', sha], renderNote({ ...original, files: { 'src/x.ts': { ai: { [ID]: '1' }, human: '2-6' } } }));
  const kept = JSON.parse(drift(sb, repo, ['export', 'git-ai', '--json'])) as { skipped: { reason: string }[] };
  t.match(kept.skipped[0]?.reason, /already has a note on refs\/notes\/ai \(--force replaces it\)/);
  t.same(JSON.parse(drift(sb, repo, ['export', 'git-ai', '--force', '--json'])), { ref: 'refs/notes/ai', exported: 1, unchanged: 0, skipped: [] });
});

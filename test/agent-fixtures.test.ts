/**
 * Every reader end to end on fixtures of our own (`test/fixtures/<agent>/`, written for these
 * tests in each agent's real format, see /work/shared/research/session-formats.md): the
 * fixture is placed where the agent keeps its logs for this repository, the work tree holds
 * what the agent's applied edits made, `git commit` runs the installed hooks, and the note
 * attributes the applied lines to the agent's session while rejected edits stay out. Needs
 * no corpus: a lone clone tests these readers.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT, git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { drift, installDrift } from './helpers/replay.js';
import { parseNote, type Note } from '../src/notes/index.js';

const FIXTURES = join(PROJECT, 'test', 'fixtures');

/** A fixture's text with `__REPO__` (the recorded working directory) and `__HASH__` filled in. */
function readFixture(rel: string, repo: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8').replaceAll('__REPO__', repo).replaceAll('__HASH__', createHash('sha256').update(repo).digest('hex'));
}

function writeAt(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function commitNote(sb: Sandbox, repo: string): Note {
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'agent work']);
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  return note;
}

interface SessionRow {
  id: string;
  agent: string;
  prompts: number;
  edits: { applied: number; rejected: number };
}

t.test('codex: an apply_patch rollout is captured, its declined patch left out', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const name = 'rollout-2026-11-20T10-00-00-0199f0a1-2b3c-7d4e-8f50-6a7b8c9d0e1f.jsonl';
  writeAt(join(sb.home, '.codex', 'sessions', '2026', '11', '20', name), readFixture(`codex/${name}`, repo));
  writeAt(join(repo, 'lib', 'clamp.js'), 'export function clamp(n, lo, hi) {\n  return Math.min(hi, Math.max(lo, n));\n}\n');
  writeAt(join(repo, 'NOTES.md'), 'clamp is used by the slider\n');
  const note = commitNote(sb, repo);
  const session = note.sessions.find((s) => s.agent === 'codex');
  t.ok(session, 'the note lists the codex session');
  t.same(note.files['lib/clamp.js'], { ai: { [session!.id]: '1-3' }, prompt: { [`${session!.id}#0`]: '1-3' } }, "the added file is the agent's, from its first prompt");
  t.same(note.files['NOTES.md'], { human: '1' });
  const rows = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as SessionRow[];
  t.same(
    rows.map((r) => [r.agent, r.prompts, r.edits]),
    [['codex', 2, { applied: 1, rejected: 1 }]],
    'two prompts, one patch applied and one declined',
  );
});

t.test('gemini: replace and write_file of a chat are captured, the cancelled write left out', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  writeAt(join(repo, 'lib', 'text.js'), "export const words = (s) => s.split(' ');\n");
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'text helpers']);
  installDrift(sb, repo);
  const hash = createHash('sha256').update(repo).digest('hex');
  const name = 'session-2026-11-20T10-00-7e5d0c2a.json';
  writeAt(join(sb.home, '.gemini', 'tmp', hash, 'chats', name), readFixture(`gemini/${name}`, repo));
  writeAt(join(repo, 'lib', 'text.js'), 'export const words = (s) => s.trim().split(/\\s+/);\nexport const count = (s) => words(s).length;\n');
  writeAt(join(repo, 'docs', 'text.md'), '# Text helpers\n\n`words(s)` splits on white space.\n');
  const note = commitNote(sb, repo);
  const session = note.sessions.find((s) => s.agent === 'gemini');
  t.ok(session, 'the note lists the gemini session');
  t.same(note.files['lib/text.js'], { ai: { [session!.id]: '1-2' }, prompt: { [`${session!.id}#0`]: '1-2' } }, "the replaced lines are the agent's, from its prompt");
  t.same(note.files['docs/text.md']?.ai, { [session!.id]: '1-3' }, "the written file is the agent's");
  t.notOk(note.files['lib/legacy.js'], 'the cancelled write made nothing');
  const rows = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as SessionRow[];
  t.same(
    rows.map((r) => [r.agent, r.prompts, r.edits]),
    [['gemini', 1, { applied: 2, rejected: 1 }]],
    'one prompt, two edits applied, the cancelled one rejected',
  );
});

/**
 * Every reader end to end on fixtures of our own (`test/fixtures/<agent>/`, written for these
 * tests in each agent's real format, see /work/shared/research/session-formats.md): the
 * fixture is placed where the agent keeps its logs for this repository, the work tree holds
 * what the agent's applied edits made, `git commit` runs the installed hooks, and the note
 * attributes the applied lines to the agent's session while rejected edits stay out. Cursor's
 * and OpenCode's SQLite databases are built at test time from the committed SQL
 * (`test/helpers/sqlite.ts`, python3's sqlite3 module). Needs no corpus: a lone clone tests
 * every reader.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PROJECT, git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { drift, installDrift } from './helpers/replay.js';
import { sandboxTemplate } from './helpers/template.js';
import { writeDatabase } from './helpers/sqlite.js';
import { projectSlug } from '../src/agents/claude-code/index.js';
import { cursorProjectSlug } from '../src/agents/cursor/index.js';
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

/** A repository with one commit and git drift installed: built once, restored fresh for each test. */
const installed = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  return { repo };
});

t.test('codex: an apply_patch rollout is captured, its declined patch left out', async (t) => {
  const { sb, repo } = installed(t);
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

t.test('claude-code: Write, Edit and MultiEdit of a session are captured, the declined Write left out', async (t) => {
  const { sb, repo } = installed(t);
  const name = '5b2c9a10-7d3e-4f81-9a6b-0c1d2e3f4a5b.jsonl';
  writeAt(join(sb.home, '.claude', 'projects', projectSlug(repo), name), readFixture(`claude-code/${name}`, repo));
  writeAt(join(repo, 'lib', 'slug.js'), "/** A URL slug of a title. */\nexport function slugify(s) {\n  return s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-');\n}\n");
  writeAt(join(repo, 'README.md'), '# test\nslugify(s) in lib/slug.js turns a title into a URL slug.\nMaintained by the web team.\n');
  const note = commitNote(sb, repo);
  const id = 'claude-code:5b2c9a10-7d3e-4f81-9a6b-0c1d2e3f4a5b';
  t.ok(
    note.sessions.some((s) => s.id === id && s.model === 'claude-sonnet-4-5-20250929'),
    'the note lists the session and its model',
  );
  t.same(note.files['lib/slug.js'], { ai: { [id]: '1-4' }, prompt: { [`${id}#0`]: '2,4', [`${id}#1`]: '1,3' } }, 'the Write made lines 2 and 4, the MultiEdit of the second prompt lines 1 and 3');
  t.same(note.files['README.md'], { ai: { [id]: '2' }, human: '3', prompt: { [`${id}#0`]: '2' } }, "the Edit's line is the agent's, the line typed after it the human's");
  t.notOk(note.files['test/slug.test.js'], 'the declined Write made nothing');
  const rows = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as SessionRow[];
  t.same(
    rows.map((r) => [r.agent, r.prompts, r.edits]),
    [['claude-code', 3, { applied: 3, rejected: 1 }]],
    'three prompts (not the interruption or the /cost echo), three edits applied and the declined one',
  );
});

t.test('aider: SEARCH/REPLACE blocks aider applied are captured, the skipped and the failed ones left out', async (t) => {
  const { sb, repo } = installed(t);
  writeAt(join(repo, '.git', 'info', 'exclude'), '.aider*\n');
  writeAt(join(repo, '.aider.chat.history.md'), readFixture('aider/chat.history.md', repo));
  writeAt(join(repo, '.aider.input.history'), readFixture('aider/input.history', repo));
  writeAt(join(repo, 'stats.py'), 'def mean(xs):\n    if not xs:\n        raise ValueError("mean of an empty list")\n    return sum(xs) / len(xs)\ndef total(xs):\n    return sum(xs)\n');
  const note = commitNote(sb, repo);
  const session = note.sessions.find((s) => s.agent === 'aider');
  t.ok(session, 'the note lists the aider session');
  t.equal(session?.model, 'anthropic/claude-sonnet-4-5', 'the main model of the banner');
  const id = session!.id;
  t.same(
    note.files['stats.py'],
    { ai: { [id]: '1-6' }, prompt: { [`${id}#0`]: '1,4', [`${id}#1`]: '2-3', [`${id}#2`]: '5-6' } },
    "each applied block is the agent's, from the prompt that asked for it",
  );
  t.notOk(note.files['median.py'], 'the skipped new file made nothing');
  const rows = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as (SessionRow & { started: string; ended: string })[];
  t.same(
    rows.map((r) => [r.agent, r.prompts, r.edits, r.started, r.ended]),
    [['aider', 3, { applied: 3, rejected: 2 }, '2026-11-20T10:00:00.000Z', '2026-11-20T10:02:40.900Z']],
    'three prompts (not the /run command), the block skipped and the block that failed to match rejected, times from the input history',
  );
});

t.test('cursor: tool calls of a composer and a transcript are captured, the rejected search_replace left out', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  writeAt(join(repo, 'src', 'search.js'), "export function search() {}\ninput.addEventListener('input', search);\n");
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'search box']);
  installDrift(sb, repo);
  const user = join(sb.home, '.config', 'Cursor', 'User');
  const ws = join(user, 'workspaceStorage', '3f2a9c1e8b7d6a5f4e3d2c1b0a998877');
  mkdirSync(ws, { recursive: true });
  mkdirSync(join(user, 'globalStorage'), { recursive: true });
  writeDatabase(join(ws, 'state.vscdb'), readFixture('cursor/workspace-state.sql', repo));
  writeFileSync(join(ws, 'workspace.json'), JSON.stringify({ folder: `file://${repo}` }));
  writeDatabase(join(user, 'globalStorage', 'state.vscdb'), readFixture('cursor/global-state.sql', repo));
  const transcript = '8c7b6a59-4d3e-4f2a-9b1c-0d9e8f7a6b5c';
  writeAt(join(sb.home, '.cursor', 'projects', cursorProjectSlug(repo), 'agent-transcripts', `${transcript}.jsonl`), readFixture('cursor/agent-transcript.jsonl', repo));
  writeAt(
    join(repo, 'src', 'debounce.js'),
    'export function debounce(fn, ms = 250) {\n  let timer;\n  return (...args) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), ms);\n  };\n}\n',
  );
  writeAt(join(repo, 'src', 'search.js'), "import { debounce } from './debounce.js';\nexport function search() {}\ninput.addEventListener('input', debounce(search, 300));\n");
  writeAt(join(repo, 'docs', 'debounce.md'), '# debounce\n\nCalls fn once the calls have stopped for ms milliseconds (250 by default).\n');
  const note = commitNote(sb, repo);
  const composer = 'cursor:6d1e7f20-3a4b-4c5d-8e9f-0a1b2c3d4e5f';
  const chat = `cursor:${transcript}`;
  t.same(
    note.sessions.map((s) => [s.id, s.model]).sort(),
    [
      [composer, 'gpt-5'],
      [chat, null],
    ],
    'the composer of the global database and the transcript',
  );
  t.same(note.files['src/debounce.js'], { ai: { [composer]: '1-7' }, prompt: { [`${composer}#0`]: '1-7' } }, 'the write and the apply_patch of the first prompt');
  t.same(note.files['src/search.js'], { ai: { [composer]: '1,3' }, prompt: { [`${composer}#1`]: '1,3' } }, "the edit_file's lines are the agent's, the kept line stays the first commit's");
  t.same(note.files['docs/debounce.md'], { ai: { [chat]: '1-3' }, prompt: { [`${chat}#0`]: '1-3' } }, "the transcript's Write and StrReplace");
  const rows = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as SessionRow[];
  t.same(
    rows.map((r) => [r.id, r.prompts, r.edits]).sort(),
    [
      [composer, 2, { applied: 3, rejected: 1 }],
      [chat, 1, { applied: 2, rejected: 0 }],
    ],
    'the composer: two prompts, three edits applied, the search_replace rejected; the transcript: one prompt, two edits',
  );
});

t.test('opencode: write, edit and apply_patch parts of a session are captured, the refused edit left out', async (t) => {
  const { sb, repo } = installed(t);
  const data = join(sb.home, '.local', 'share', 'opencode');
  mkdirSync(data, { recursive: true });
  writeDatabase(join(data, 'opencode.db'), readFixture('opencode/opencode.sql', repo));
  writeAt(
    join(repo, 'src', 'retry.ts'),
    'export async function retry<T>(fn: () => Promise<T>, times = 3): Promise<T> {\n  for (let i = 1; ; i++) {\n    try {\n      return await fn();\n    } catch (err) {\n      if (i >= times) throw err;\n      console.warn(`retry ${i} of ${times} failed`);\n    }\n  }\n}\n',
  );
  const note = commitNote(sb, repo);
  const id = 'opencode:ses_1a2b3c4d5effHk2mQ9rT7vW3xY';
  t.same(
    note.sessions.map((s) => [s.id, s.model]),
    [[id, 'claude-sonnet-4-5']],
    "the session of this repository only, not the other project's in the same database",
  );
  t.same(note.files['src/retry.ts'], { ai: { [id]: '1-10' }, prompt: { [`${id}#0`]: '1-6,8-10', [`${id}#1`]: '7' } }, 'the write and edit of the first prompt, the patch line of the second');
  const rows = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as SessionRow[];
  t.same(
    rows.map((r) => [r.agent, r.prompts, r.edits]),
    [['opencode', 2, { applied: 3, rejected: 1 }]],
    'two prompts, three edits applied, the edit whose permission was refused rejected',
  );
});

t.test('cline: the edits a task recorded are captured, auto-approved or approved at the ask, the edit the user turned down left out', async (t) => {
  const { sb, repo } = installed(t);
  writeAt(join(sb.home, '.cline', 'data', 'tasks', '1795168800000', 'ui_messages.json'), readFixture('cline/ui_messages.json', repo));
  writeAt(
    join(repo, 'src', 'format.js'),
    "/** `n` bytes as text with a binary unit, e.g. `2.0 KB`. */\nexport function formatBytes(n) {\n  const units = ['B', 'KB', 'MB', 'GB'];\n  let i = 0;\n  while (n >= 1024 && i < units.length - 1) {\n    n /= 1024;\n    i++;\n  }\n  return `${n.toFixed(1)} ${units[i]}`;\n}\n",
  );
  const note = commitNote(sb, repo);
  const id = 'cline:1795168800000';
  t.same(
    note.sessions.map((s) => [s.id, s.model]),
    [[id, 'claude-sonnet-4-5']],
    'the note lists the task and its model',
  );
  t.same(
    note.files['src/format.js'],
    { ai: { [id]: '1-10' }, prompt: { [`${id}#0`]: '1', [`${id}#1`]: '2-8,10', [`${id}#2`]: '9' } },
    'the new file of the task, the line its SEARCH/REPLACE changed from the follow-up, the comment the user approved at the ask',
  );
  t.same(
    note.sessions.find((s) => s.id === id)?.asked,
    ['Leave the README alone.', 'Add a formatBytes(n) helper in src/format.js', 'Round to one decimal place.'],
    'each line under the prompt it answered: the approved comment came after the last follow-up',
  );
  t.notOk(note.files['README.md'], 'the README edit the user turned down made nothing');
  const rows = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as (SessionRow & { started: string })[];
  t.same(
    rows.map((r) => [r.agent, r.prompts, r.edits, r.started]),
    [['cline', 3, { applied: 3, rejected: 1 }, '2026-11-20T10:00:00.000Z']],
    'the task and two follow-ups, three edits applied, the one the next request reports denied rejected',
  );
});

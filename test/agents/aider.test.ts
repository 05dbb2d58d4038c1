/**
 * Tests for the Aider reader against every aider history in the shared corpus (counts made
 * independently, see EXPECTED), synthetic histories for the cases the corpus lacks, and
 * replays: a real history in a repository, a real `git commit`, the note.
 */
import t from 'tap';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aiderReader, initialAiderState, parseAiderHistory, parseInputHistory } from '../../src/agents/aider/index.js';
import { isAiderCommit } from '../../src/agents/aider/commits.js';
import type { DriftEvent, EditEvent } from '../../src/types.js';
import { parseNote, type Note } from '../../src/notes/index.js';
import { parseRanges } from '../../src/attribution/index.js';
import { CORPUS, git, makeRepo, makeSandbox, NEEDS_CORPUS } from '../helpers/env.js';
import { applyEdits, blamedAgentLines, drift, installDrift } from '../helpers/replay.js';

const DIR = join(CORPUS, 'aider');

function parseCorpus(name: string, root = '/repo') {
  const chat = readFileSync(join(DIR, name, '.aider.chat.history.md'), 'utf8');
  const inputPath = join(DIR, name, '.aider.input.history');
  const inputs = existsSync(inputPath) ? parseInputHistory(readFileSync(inputPath, 'utf8')) : [];
  const state = initialAiderState();
  return { ...parseAiderHistory(chat, 0, state, inputs, root), state, chat };
}

const ofKind = <K extends DriftEvent['kind']>(events: DriftEvent[], kind: K) => events.filter((e): e is Extract<DriftEvent, { kind: K }> => e.kind === kind);

function tally(events: DriftEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of ofKind(events, 'edit')) {
    const key = e.outcome === 'applied' ? `${e.tool}:applied` : `${e.tool}:${e.rejection!.kind}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/*
 * Expected values, counted without this reader:
 * - sessions: `grep -c '^# aider chat started at'`.
 * - prompts: runs of consecutive `#### ` lines that end in two spaces (aider's own line
 *   break; `grep -n '^####' | grep -v '  $'` finds only the two `#### If you're using…`
 *   headings of a reply in AndrewJacop), minus runs that are empty, `<blank>` or start with
 *   `/` (aider commands), counted with awk. All prompts of the three files with an input
 *   history find their time there (AndrewJacop's `/code <msg>` inputs match `<msg>`).
 * - edits: a python script (kept out of the repo) split each history into replies (text
 *   between runs of `> ` lines), counted the `<<<<<<< SEARCH` blocks of each reply and the
 *   `> Applied edit to` / `> Skipping edits to` lines and failure reports that follow:
 *   AbdulAlkawasmeh: 24 blocks in 12 replies, every file confirmed → 24 applied.
 *   AndrewJacop: 25 blocks (SOURCES.md's 26 counts the copy inside the failure report):
 *     18 confirmed, one reply of 6 with "1 block failed … The other 5 were applied" → 23
 *     applied + 1 rejected; 1 block never confirmed (a qwen reply in whole mode) → no edit;
 *     10 `Applied edit` lines with no block in their reply (whole edit format): 9 follow a
 *     fence under that file name, 1 (`If you're using **npm**`) has none → 10 more applied.
 *   Aquaticat: 42 blocks (SOURCES.md's 49 minus the 7 copies in failure reports): 30
 *     applied (incl. 3 "other block applied"), 7 rejected by SearchReplaceNoExactMatch
 *     reports, 2 declined ("Allow edits …? n" → "Skipping edits to CONVENTIONS.md"),
 *     3 never confirmed (replies aider did not apply) → no edit.
 *   AdrianGhazvini (2023): no blocks, no Applied lines.
 * - own commits: `> Commit <sha>` lines whose previous `> ` line is `> Applied edit to` (awk):
 *   12 of AbdulAlkawasmeh's 14 (the other two follow "Committing … before applying edits"
 *   and the startup), 20 of Aquaticat's 43 (the rest are /commit and dirty commits), 0 else.
 */
const EXPECTED = [
  { name: 'AbdulAlkawasmeh__metadata-aider', sessions: 1, prompts: 12, timed: 12, edits: { 'search-replace:applied': 24 }, commits: 12, version: '0.86.1', model: 'openrouter/openai/gpt-4o-mini' },
  { name: 'AdrianGhazvini__cra-js', sessions: 4, prompts: 2, timed: 2, edits: {}, commits: 0, version: undefined, model: 'gpt-4' },
  {
    name: 'AndrewJacop__Simple-Calulator',
    sessions: 1,
    prompts: 16,
    timed: 16,
    edits: { 'search-replace:applied': 23, 'search-replace:tool-error': 1, 'whole:applied': 9, 'aider:applied': 1 },
    commits: 0,
    version: '0.82.2',
    model: 'openai/deepseek.deepseek-chat',
  },
  {
    name: 'Aquaticat__Monochromatic',
    sessions: 19,
    prompts: 25,
    timed: 0,
    edits: { 'search-replace:applied': 30, 'search-replace:tool-error': 7, 'search-replace:user-declined': 2 },
    commits: 20,
    version: '0.84.0',
    model: 'gemini/gemini-2.5-pro-preview-05-06',
  },
];

for (const exp of EXPECTED) {
  t.test(`reads the sessions, prompts and edits of ${exp.name}`, { skip: NEEDS_CORPUS }, async (t) => {
    const r = parseCorpus(exp.name);
    t.equal(r.sessions.length, exp.sessions, 'sessions');
    const prompts = ofKind(r.events, 'prompt');
    t.equal(prompts.length, exp.prompts, 'prompts');
    t.equal(prompts.filter((p) => p.at !== null).length, exp.timed, 'prompts dated by the input history');
    t.notOk(
      prompts.some((p) => p.text.startsWith('/') || p.text.startsWith('If you')),
      'no commands, no reply headings',
    );
    t.same(tally(r.events), exp.edits, 'edits by tool and outcome');
    t.equal(Object.keys(r.state.commits).length, exp.commits, "aider's own commits");
    const last = r.sessions[r.sessions.length - 1]!;
    t.equal(last.version, exp.version, 'version of the last session');
    t.equal(last.model, exp.model, 'model of the last session');
    t.equal(new Set(r.events.map((e) => e.id)).size, r.events.length, 'event ids are unique');
    t.ok(
      ofKind(r.events, 'edit').every((e) => e.path.startsWith('/repo/')),
      'paths are under the history directory',
    );
  });
}

t.test('a SearchReplaceNoExactMatch report rejects the failed block and applies the others', { skip: NEEDS_CORPUS }, async (t) => {
  const r = parseCorpus('AndrewJacop__Simple-Calulator');
  const rejected = ofKind(r.events, 'edit').filter((e) => e.outcome === 'rejected');
  t.equal(rejected.length, 1);
  t.equal(rejected[0]!.path, '/repo/src/components/EmojiBubble.jsx');
  t.match(rejected[0]!.rejection!.reason, /^SearchReplaceNoExactMatch: This SEARCH block failed to exactly match lines in src\/components\/EmojiBubble.jsx/);
  t.ok(rejected[0]!.added.includes('const MIN_APPEAR_DELAY = 5000; // Minimum ms before appearing'), 'the rejected block keeps its lines');
});

t.test('prompts get the time typed in the input history (local time of this machine)', { skip: NEEDS_CORPUS }, async (t) => {
  const r = parseCorpus('AbdulAlkawasmeh__metadata-aider');
  const first = ofKind(r.events, 'prompt')[0]!;
  t.match(first.text, /^Please create an \.aidar\.json file/);
  t.equal(first.at, new Date(2025, 11, 3, 14, 46, 2, 414).toISOString(), '`# 2025-12-03 14:46:02.414589`');
  t.equal(r.sessions[0]!.started, new Date(2025, 11, 3, 14, 43, 45).toISOString());
});

t.test('edits committed by aider in the same read keep their count but not their lines', { skip: NEEDS_CORPUS }, async (t) => {
  const r = parseCorpus('AbdulAlkawasmeh__metadata-aider');
  t.ok(
    ofKind(r.events, 'edit').every((e) => e.added.length === 0),
    "every edit was followed by aider's own commit",
  );
  const text = r.chat;
  const cut = text.indexOf('> Commit 1b2614a');
  const state = initialAiderState();
  const first = parseAiderHistory(text.slice(0, cut), 0, state, [], '/repo');
  const [created] = ofKind(first.events, 'edit');
  t.same(created!.added, ['{', '    "project": {', '        "directory": "path/to/your/project",', '        "tracked_files": []', '    }', '}']);
  t.equal(created!.op, 'create');
  const second = parseAiderHistory(text.slice(cut), Buffer.byteLength(text.slice(0, cut)), state, [], '/repo');
  const ids = new Set([...first.events, ...second.events].map((e) => e.id));
  t.same(ids, new Set(r.events.map((e) => e.id)), 'the same events whatever the cut');
  t.equal(state.commits['1b2614a'], r.sessions[0]!.nativeId);
});

t.test('recognises aider commits by author, trailer or neither', async (t) => {
  t.ok(isAiderCommit('Jane Doe (aider)', 'feat: x'));
  t.ok(isAiderCommit('Jane Doe', 'feat: x\n\nCo-authored-by: aider (openrouter/openai/gpt-4o-mini) <noreply@aider.chat>'));
  t.notOk(isAiderCommit('Jane Doe', 'feat: aider was here'));
  t.notOk(isAiderCommit('aider fan', 'x'));
});

t.test('udiff and patch replies, and a truncated block, are read', async (t) => {
  const history = [
    '# aider chat started at 2026-01-02 10:00:00',
    '',
    '> Model: gpt-4o with udiff edit format  ',
    '',
    '#### change both files  ',
    '',
    '```diff',
    '--- a/src/a.py',
    '+++ b/src/a.py',
    '@@ ... @@',
    '-old = 1',
    '+new = 2',
    '```',
    '',
    '*** Begin Patch',
    '*** Add File: src/b.py',
    '+print("b")',
    '*** End Patch',
    '',
    'src/c.py',
    '```',
    '<<<<<<< SEARCH',
    'x',
    '=======',
    '',
    '',
    '> Applied edit to src/a.py  ',
    '> Applied edit to src/b.py  ',
    '',
  ].join('\n');
  const r = parseAiderHistory(history, 0, initialAiderState(), [], '/w');
  const edits = ofKind(r.events, 'edit');
  t.same(
    edits.map((e: EditEvent) => [e.tool, e.path, e.added, e.removed]),
    [
      ['udiff', '/w/src/a.py', ['new = 2'], ['old = 1']],
      ['patch', '/w/src/b.py', ['print("b")'], []],
    ],
  );
  t.equal(r.sessions[0]!.model, 'gpt-4o');
});

t.test('paths are data: an applied edit to constructor or __proto__ is an edit without lines, not Object', async (t) => {
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
  const history = ['# aider chat started at 2026-01-02 10:00:00', '', '#### change them  ', '', 'Here are the changes.', '', 'toString', '```', 'a whole file', '```', ''];
  for (const name of names) history.push(`> Applied edit to ${name}  `);
  const r = parseAiderHistory(history.join('\n') + '\n', 0, initialAiderState(), [], '/w');
  t.same(
    ofKind(r.events, 'edit').map((e: EditEvent) => [e.path, e.tool, e.added]),
    [
      ['/w/constructor', 'aider', []],
      ['/w/__proto__', 'aider', []],
      ['/w/toString', 'whole', ['a whole file']],
      ['/w/hasOwnProperty', 'aider', []],
    ],
  );
});

t.test('discovers the history of each work tree root, honouring AIDER_CHAT_HISTORY_FILE', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const a = join(sb.root, 'a');
  const b = join(sb.root, 'b');
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(join(a, '.aider.chat.history.md'), '');
  writeFileSync(join(b, 'chat.md'), '');
  const files = await aiderReader.discover({ env: sb.env, roots: [a, b] });
  t.same(
    files.map((f) => [f.path, f.cwd]),
    [[join(a, '.aider.chat.history.md'), a]],
  );
  const custom = await aiderReader.discover({ env: { ...sb.env, AIDER_CHAT_HISTORY_FILE: 'chat.md' }, roots: [a, b] });
  t.same(
    custom.map((f) => f.path),
    [join(b, 'chat.md')],
  );
});

function readNote(sb: ReturnType<typeof makeSandbox>, repo: string): Note {
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  return note;
}

/** Place a corpus history in `repo` (aider ignores its own files: `.aider*` in .gitignore). */
function placeHistory(repo: string, name: string): void {
  for (const f of ['.aider.chat.history.md', '.aider.input.history']) {
    if (existsSync(join(DIR, name, f))) copyFileSync(join(DIR, name, f), join(repo, f));
  }
  writeFileSync(join(repo, '.gitignore'), '.aider*\n');
}

t.test('a replayed aider session: git commit attributes the applied edits to aider', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  placeHistory(repo, 'AndrewJacop__Simple-Calulator');
  const parsed = parseCorpus('AndrewJacop__Simple-Calulator', repo);
  const applied = ofKind(parsed.events, 'edit').filter((e) => e.outcome === 'applied' && e.added.length > 0 && !e.path.includes('*'));
  const agentLines = applyEdits(sb, repo, applied);
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'the emoji bubble']);
  const note = readNote(sb, repo);
  const id = `aider:${parsed.sessions[0]!.nativeId}`;
  t.ok(
    note.sessions.some((s) => s.id === id && s.agent === 'aider'),
    'the note lists the aider session',
  );
  let ai = 0;
  for (const [path, lines] of agentLines) {
    const ranges = note.files[path]?.ai?.[id];
    if (!ranges) continue;
    const text = git(sb, repo, ['show', `HEAD:${path}`]).split('\n');
    const owned = parseRanges(ranges).map((n) => text[n - 1]!);
    t.ok(
      owned.every((l) => lines.includes(l) || l.trim().length <= 4),
      `every ai line of ${path} is an aider line`,
    );
    ai += owned.length;
  }
  t.ok(ai > 100, `aider lines found: ${ai}`);
  const log = JSON.parse(drift(sb, repo, ['log', '-n', '1', '--json']));
  t.ok(
    log[0].sessions.some((s: { id: string; lines: { ai: number } }) => s.id === id && s.lines.ai === ai),
    'log --json agrees',
  );
  const blamed = blamedAgentLines(sb, repo, agentLines, id);
  t.same([blamed.lines, blamed.strangers], [ai, []], 'git drift blame --json gives aider exactly those lines');
  const sessions = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as { agent: string; prompts: number; edits: { applied: number; rejected: number } }[];
  t.same(
    sessions.map((s) => [s.agent, s.prompts, s.edits]),
    [['aider', 16, { applied: 33, rejected: 1 }]],
  );
});

t.test("aider's own commit is aider's even though its edits were committed before drift read them", { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  placeHistory(repo, 'AbdulAlkawasmeh__metadata-aider');
  writeFileSync(join(repo, 'human.py'), 'typed_by_hand = True\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'by hand']);
  t.same(readNote(sb, repo).sessions, [], 'a human commit stays human although the history was read');
  mkdirSync(join(repo, 'src'));
  writeFileSync(join(repo, 'src', 'dataset.py'), 'import pandas as pd\nimport torch\n');
  git(sb, repo, ['add', '-A']);
  git({ ...sb, env: { ...sb.env, GIT_AUTHOR_NAME: 'Test User (aider)' } }, repo, ['commit', '-q', '-m', 'feat: dataset']);
  const note = readNote(sb, repo);
  const parsed = parseCorpus('AbdulAlkawasmeh__metadata-aider', repo);
  const id = `aider:${parsed.sessions[0]!.nativeId}`;
  t.same(note.files['src/dataset.py'], { ai: { [id]: '1-2' } }, 'every line of the aider commit');
  t.same(
    note.sessions.map((s) => s.id),
    [id],
  );
});

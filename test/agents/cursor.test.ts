/**
 * Tests for the Cursor reader over both Cursor samples of the shared corpus (the 2024
 * workspace database and an agent transcript; counts made with sqlite3 and jq, see below),
 * a 2025-format global database built with python3's sqlite3 module, and a replay of the real
 * workspace database into a repository through `drift.pathMap`.
 */
import t from 'tap';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cursorReader, cursorUserData } from '../../src/agents/cursor/index.js';
import type { ChunkResult, LogFile } from '../../src/agents/reader.js';
import type { DriftEvent, EditEvent } from '../../src/types.js';
import { parseNote } from '../../src/notes/index.js';
import { CORPUS, git, makeRepo, makeSandbox, type Sandbox, NEEDS_CORPUS } from '../helpers/env.js';
import { applyEdits, blamedAgentLines, drift, installDrift } from '../helpers/replay.js';
import { writeDatabase } from '../helpers/sqlite.js';

const WORKSPACE_DB = join(CORPUS, 'cursor/slevin48__cursor-history/state.vscdb');
const TRANSCRIPT = join(CORPUS, 'cursor/git-ai-project__git-ai/cursor-session-simple.jsonl');
const RECORDED = 'c:/Users/ydebray/Documents/mobilechat';

const ofKind = <K extends DriftEvent['kind']>(events: DriftEvent[], kind: K) => events.filter((e): e is Extract<DriftEvent, { kind: K }> => e.kind === kind);

/** A Cursor user data dir in the sandbox holding the corpus workspace database for `folder`. */
function placeWorkspace(sb: Sandbox, folder: string): { userData: string; file: LogFile } {
  const userData = join(sb.root, 'cursor-data');
  const ws = join(userData, 'User', 'workspaceStorage', '0123abcd');
  mkdirSync(ws, { recursive: true });
  copyFileSync(WORKSPACE_DB, join(ws, 'state.vscdb'));
  writeFileSync(join(ws, 'workspace.json'), JSON.stringify({ folder }));
  return { userData, file: { agent: 'cursor', path: join(ws, 'state.vscdb'), sessionNativeId: '', sidechain: false, companions: [] } };
}

/*
 * The 2024 workspace database, counted with `sqlite3 'file:…?immutable=1' "select value from
 * ItemTable where key='composer.composerData'" | jq`: 26 composers in `allComposers`; 41 bubbles
 * of type 1 and 41 of type 2 with text; `codeBlockData` versions by status: accepted 45,
 * completed 26 (kept in the file: applied), rejected 8, cancelled 8 (declined), outdated 31
 * (superseded by a later version: no outcome of their own) → 71 applied, 16 rejected.
 */
t.test('reads the composers of the 2024 workspace database in the corpus', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const { file } = placeWorkspace(sb, 'file:///c%3A/Users/ydebray/Documents/mobilechat');
  t.equal(await cursorReader.probe(file), RECORDED, 'the folder of workspace.json');
  const r = await cursorReader.readSnapshot!(file, cursorReader.initialState(file));
  t.same(r.diagnostics, []);
  t.equal(r.sessions!.length, 26, 'composers');
  t.equal(ofKind(r.events, 'prompt').length, 41);
  t.equal(ofKind(r.events, 'message').length, 41);
  const edits = ofKind(r.events, 'edit');
  t.equal(edits.filter((e) => e.outcome === 'applied').length, 71);
  t.same(
    edits.filter((e) => e.outcome === 'rejected').map((e) => e.rejection!.kind),
    Array(16).fill('user-declined'),
  );
  t.ok(
    edits.every((e) => e.path.startsWith(`${RECORDED}/`)),
    'paths as recorded, with / separators',
  );
  t.same(readdirSync(join(file.path, '..')).sort(), ['state.vscdb', 'workspace.json'], 'no -wal, -shm or lock left beside the database');
});

/*
 * The transcript, read with jq: 11 lines; one user text (`<user_query>` unwrapped), assistant
 * texts other than `[REDACTED]`: 3; one `Write` whose `contents` has 104 lines; Read, Grep,
 * WebSearch and WebFetch calls are not events.
 */
t.test('reads the agent transcript in the corpus', { skip: NEEDS_CORPUS }, async (t) => {
  const file: LogFile = { agent: 'cursor', path: TRANSCRIPT, sessionNativeId: 'simple', sidechain: false, cwd: '/r' };
  const r = await cursorReader.readSnapshot!(file, { offset: 0 });
  t.same(
    r.events.map((e) => e.kind),
    ['prompt', 'message', 'message', 'edit', 'message'],
  );
  t.equal(ofKind(r.events, 'prompt')[0]!.text, "Generate a file with all the HBO shows from the 90's in it");
  const [edit] = ofKind(r.events, 'edit') as EditEvent[];
  t.same([edit!.tool, edit!.op, edit!.added.length, edit!.outcome], ['Write', 'create', 104, 'applied']);
});

t.test('reads 2025 composers from the global database', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const dir = join(sb.root, 'ws');
  mkdirSync(dir);
  const head = JSON.stringify({ allComposers: [{ type: 'head', composerId: 'c1', name: 'greet', createdAt: 1767225600000, lastUpdatedAt: 1767225660000 }] });
  const composer = JSON.stringify({
    composerId: 'c1',
    modelConfig: { modelName: 'gpt-5' },
    fullConversationHeadersOnly: [
      { bubbleId: 'b1', type: 1 },
      { bubbleId: 'b2', type: 2 },
      { bubbleId: 'b3', type: 2 },
    ],
  });
  const patch = '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-old\n+new line\n*** End Patch';
  const bubbles = [
    { bubbleId: 'b1', type: 1, text: 'add a greeting', createdAt: '2026-01-01T00:00:10Z' },
    {
      bubbleId: 'b2',
      type: 2,
      text: '',
      toolFormerData: {
        name: 'apply_patch',
        toolCallId: 't1',
        status: 'completed',
        rawArgs: JSON.stringify({ file_path: 'src/a.ts', patch }),
        result: JSON.stringify({ diff: { chunks: [{ diffString: '-old\n+new line' }] } }),
      },
    },
    {
      bubbleId: 'b3',
      type: 2,
      text: 'Done.',
      toolFormerData: {
        name: 'search_replace',
        toolCallId: 't2',
        status: 'completed',
        userDecision: 'rejected',
        rawArgs: JSON.stringify({ file_path: '/w/src/b.ts', old_string: 'a', new_string: 'b' }),
      },
    },
  ];
  const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;
  writeDatabase(join(dir, 'state.vscdb'), `CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB); INSERT INTO ItemTable VALUES ('composer.composerData', ${sql(head)});`);
  const global = join(sb.root, 'global.vscdb');
  const rows = [`('composerData:c1', ${sql(composer)})`, ...bubbles.map((b) => `('bubbleId:c1:${b.bubbleId}', ${sql(JSON.stringify(b))})`), `('bubbleId:c2:x', '{}')`];
  writeDatabase(global, `CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB); INSERT INTO cursorDiskKV VALUES ${rows.join(',')};`);
  writeFileSync(join(dir, 'workspace.json'), JSON.stringify({ folder: 'file:///w' }));
  const file: LogFile = { agent: 'cursor', path: join(dir, 'state.vscdb'), sessionNativeId: '', sidechain: false, companions: [`${join(dir, 'state.vscdb')}-wal`, global] };
  const r: ChunkResult = await cursorReader.readSnapshot!(file, { offset: 0 });
  t.same(
    r.sessions!.map((s) => [s.nativeId, s.model, s.title, s.started]),
    [['c1', 'gpt-5', 'greet', '2026-01-01T00:00:00.000Z']],
  );
  t.same(
    r.events.map((e) => (e.kind === 'edit' ? `${e.kind}:${e.path}:${e.outcome}:${e.added.join('|')}` : e.kind)),
    ['prompt', 'edit:/w/src/a.ts:applied:new line', 'message', 'edit:/w/src/b.ts:rejected:b'],
  );
});

t.test('the user data directory follows the platform and CURSOR_USER_DATA_DIR', async (t) => {
  t.equal(cursorUserData({ HOME: '/h' }, 'linux'), '/h/.config/Cursor');
  t.equal(cursorUserData({ HOME: '/h' }, 'darwin'), '/h/Library/Application Support/Cursor');
  t.equal(cursorUserData({ HOME: '/h', APPDATA: 'C:/AppData' }, 'win32'), join('C:/AppData', 'Cursor'));
  t.equal(cursorUserData({ HOME: '/h', CURSOR_USER_DATA_DIR: '/c' }), '/c');
});

t.test('a replayed Cursor workspace: git commit attributes accepted code blocks to cursor', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  git(sb, repo, ['config', 'drift.pathMap', `${RECORDED}=${repo}`]);
  const { userData, file } = placeWorkspace(sb, 'file:///c%3A/Users/ydebray/Documents/mobilechat');
  sb.env.CURSOR_USER_DATA_DIR = userData;
  const r = await cursorReader.readSnapshot!(file, { offset: 0 });
  const session = 'cursor:7ab14174-a536-4e2c-98e9-8c5e28fa2006'; // the selected composer
  const edits = ofKind(r.events, 'edit')
    .filter((e) => e.session === session && e.outcome === 'applied')
    .map((e) => ({ ...e, path: e.path.replace(RECORDED, repo) }));
  t.ok(edits.length > 0, 'the composer has accepted code blocks');
  const agentLines = applyEdits(sb, repo, edits);
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'cursor work']);
  const parsed = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  t.ok(
    parsed.sessions.some((s) => s.id === session && s.agent === 'cursor'),
    'the note lists the composer',
  );
  const files = [...agentLines.keys()];
  t.ok(
    files.every((p) => parsed.files[p]?.ai?.[session]),
    'each edited file has cursor lines',
  );
  const log = JSON.parse(drift(sb, repo, ['log', '-n', '1', '--json']));
  const noted = log[0].sessions.find((s: { id: string }) => s.id === session) as { lines: { ai: number } } | undefined;
  t.ok(noted && noted.lines.ai > 0, 'log --json shows the composer with lines');
  const blamed = blamedAgentLines(sb, repo, agentLines, session);
  t.same([blamed.lines, blamed.strangers], [noted?.lines.ai, []], 'git drift blame --json gives cursor exactly the noted lines');
});

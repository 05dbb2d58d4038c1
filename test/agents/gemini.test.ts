/**
 * Tests for the Gemini CLI reader over every Gemini chat in the shared corpus (counts made
 * with jq, see EXPECTED), discovery by hash, `.project_root` and `projects.json`, and a replay:
 * the real JSONL session into a repository, `git commit`, the note.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { geminiReader, type GeminiState } from '../../src/agents/gemini/index.js';
import type { ChunkResult, LogFile } from '../../src/agents/reader.js';
import type { DriftEvent, EditEvent } from '../../src/types.js';
import { parseNote, type Note } from '../../src/notes/index.js';
import { parseRanges } from '../../src/attribution/index.js';
import { CORPUS, git, makeRepo, makeSandbox, NEEDS_CORPUS } from '../helpers/env.js';
import { applyEdits, blamedAgentLines, drift, installDrift, rewriteCwd } from '../helpers/replay.js';

const DIR = join(CORPUS, 'gemini-cli');
const TP = join(DIR, 'AnthonyontheHub__TP-Tutor/tmp/anthonyguera/chats/session-2026-04-25T06-41-8dddde09.jsonl');
const MYFLIX = join(DIR, 'Ju-l-e-s__Myflix/tmp/jules/chats/session-2026-02-23T00-55-233c8b2b.json');
const BRAIN = join(DIR, 'Tar-ive__brain-system/tmp/596d3688fee3b82f59f4aa1d0b90f625ade4afad4f1c4d84b80bd2f4141260aa/chats/session-2025-09-16T20-39-38d857b1.json');

/** Read a chat as the driver would, keeping each event id once. */
async function readChat(path: string, nativeId: string, cwd = '/home/anthonyguera'): Promise<ChunkResult & { state: GeminiState }> {
  const file: LogFile = { agent: 'gemini', path, sessionNativeId: nativeId, sidechain: false, cwd };
  const state = geminiReader.initialState(file);
  const r = await geminiReader.readSnapshot!(file, state);
  const seen = new Set<string>();
  return { ...r, events: r.events.filter((e) => !seen.has(e.id) && !!seen.add(e.id)), state };
}

const ofKind = <K extends DriftEvent['kind']>(events: DriftEvent[], kind: K) => events.filter((e): e is Extract<DriftEvent, { kind: K }> => e.kind === kind);

/*
 * Expected values, counted with jq over the raw files (message records deduplicated by id,
 * tool calls by id with their last status):
 * - prompts: distinct `type=="user"` message ids; messages: distinct `type=="gemini"` ids
 *   whose content is non-empty;
 * - edits: `toolCalls[]` named `replace`/`write_file` by final status — TP-Tutor: replace
 *   5 success + 1 error ("0 occurrences found for old_string"), write_file 12 success;
 *   the two JSON chats have none (Myflix: only run_shell_command ×8; brain-system: no
 *   toolCalls at all, as recorded in Sep 2025);
 * - commands: `run_shell_command` calls (TP-Tutor 11, Myflix 8);
 * - started/ended/model: metadata `startTime`, last `lastUpdated` or message timestamp,
 *   last `model`.
 */
const EXPECTED = [
  {
    name: 'TP-Tutor JSONL op-log',
    path: TP,
    id: '8dddde09',
    prompts: 4,
    messages: 50,
    commands: 11,
    applied: { replace: 5, write_file: 12 },
    rejected: ['replace:tool-error'],
    model: 'gemini-3-flash-preview',
    started: '2026-04-25T06:41:51.210Z',
    ended: '2026-04-25T07:05:59.964Z',
  },
  {
    name: 'Myflix JSON record',
    path: MYFLIX,
    id: '233c8b2b',
    prompts: 5,
    messages: 13,
    commands: 8,
    applied: {},
    rejected: [],
    model: 'gemini-3-flash-preview',
    started: '2026-02-23T00:55:29.495Z',
    ended: '2026-02-23T01:06:19.294Z',
  },
  {
    name: 'brain-system JSON record (2025, no tool calls)',
    path: BRAIN,
    id: '38d857b1',
    prompts: 3,
    messages: 27,
    commands: 0,
    applied: {},
    rejected: [],
    model: 'gemini-2.5-pro',
    started: '2025-09-16T20:40:32.382Z',
    ended: '2025-09-16T23:06:44.803Z',
  },
];

for (const exp of EXPECTED) {
  t.test(`reads the ${exp.name}`, { skip: NEEDS_CORPUS }, async (t) => {
    const r = await readChat(exp.path, exp.id);
    t.same(r.diagnostics, []);
    t.equal(ofKind(r.events, 'prompt').length, exp.prompts, 'prompts');
    t.equal(ofKind(r.events, 'message').length, exp.messages, 'messages');
    t.equal(ofKind(r.events, 'command').length, exp.commands, 'commands');
    const applied: Record<string, number> = {};
    for (const e of ofKind(r.events, 'edit').filter((e) => e.outcome === 'applied')) applied[e.tool] = (applied[e.tool] ?? 0) + 1;
    t.same(applied, exp.applied, 'applied edits');
    t.same(
      ofKind(r.events, 'edit')
        .filter((e) => e.outcome === 'rejected')
        .map((e) => `${e.tool}:${e.rejection!.kind}`),
      exp.rejected,
      'rejected edits',
    );
    t.same({ model: r.session.model, started: r.session.started, ended: r.session.ended }, { model: exp.model, started: exp.started, ended: exp.ended });
  });
}

t.test('edit lines come from resultDisplay.fileDiff; write_file of a new file is a create', { skip: NEEDS_CORPUS }, async (t) => {
  const r = await readChat(TP, '8dddde09');
  const first = ofKind(r.events, 'edit')[0] as EditEvent;
  t.equal(first.path, '/home/anthonyguera/TP-Tutor/src/types/mastery.ts');
  t.same([first.added.length, first.removed.length], [25, 3], 'diffStat says model_added_lines 25, model_removed_lines 3');
  const created = ofKind(r.events, 'edit')
    .filter((e) => e.op === 'create')
    .map((e) => e.path.split('/').pop());
  t.same(created, ['DailyReviewWidget.tsx', 'RoadmapWidget.tsx', 'VocabWing.tsx', 'PhraseWing.tsx'], 'the four isNewFile writes');
});

t.test('a JSONL chat is read from where the last read stopped', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const text = readFileSync(TP, 'utf8');
  const half = text.indexOf('\n', text.length / 2) + 1;
  const path = join(sb.root, 'session-x-8dddde09.jsonl');
  writeFileSync(path, text.slice(0, half));
  const file: LogFile = { agent: 'gemini', path, sessionNativeId: '8dddde09', sidechain: false, cwd: '/home/anthonyguera' };
  const state = geminiReader.initialState(file);
  const first = await geminiReader.readSnapshot!(file, state);
  t.equal(state.offset, Buffer.byteLength(text.slice(0, half)));
  writeFileSync(path, text);
  const second = await geminiReader.readSnapshot!(file, state);
  const whole = await readChat(TP, '8dddde09');
  t.same(new Set([...first.events, ...second.events].map((e) => e.id)), new Set(whole.events.map((e) => e.id)));
});

t.test('discovers chats by root hash, .project_root and projects.json under GEMINI_CLI_HOME', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const home = join(sb.root, 'gem');
  const tmp = join(home, '.gemini', 'tmp');
  const hash = createHash('sha256').update('/w/a').digest('hex');
  for (const dir of [hash, 'b-name', 'c-name', 'unknown']) mkdirSync(join(tmp, dir, 'chats'), { recursive: true });
  for (const dir of [hash, 'b-name', 'c-name', 'unknown']) writeFileSync(join(tmp, dir, 'chats', 'session-2026-01-01T00-00-0123abcd.json'), '{}');
  writeFileSync(join(tmp, 'b-name', '.project_root'), '/w/b\n');
  writeFileSync(join(home, '.gemini', 'projects.json'), JSON.stringify({ projects: { '/w/c': 'c-name' } }));
  const files = await geminiReader.discover({ env: { ...sb.env, GEMINI_CLI_HOME: home }, roots: ['/w/a'] });
  t.same(
    files.map((f) => [f.cwd, f.sessionNativeId]),
    [
      ['/w/a', '0123abcd'],
      ['/w/b', '0123abcd'],
      ['/w/c', '0123abcd'],
    ],
  );
  t.equal(geminiReader.home({ HOME: '/h' }), '/h/.gemini');
});

function readNote(sb: ReturnType<typeof makeSandbox>, repo: string): Note {
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  return note;
}

t.test('a replayed Gemini session: git commit attributes its replace/write_file lines to gemini', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const dir = join(sb.home, '.gemini', 'tmp', createHash('sha256').update(repo).digest('hex'), 'chats');
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'session-2026-04-25T06-41-8dddde09.jsonl');
  writeFileSync(log, rewriteCwd(readFileSync(TP, 'utf8'), '/home/anthonyguera/TP-Tutor', repo));
  const r = await readChat(log, '8dddde09', repo);
  const edits = ofKind(r.events, 'edit').filter((e) => e.outcome === 'applied');
  const agentLines = applyEdits(sb, repo, edits);
  writeFileSync(join(repo, 'NOTES.md'), 'typed by hand\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'dashboard']);
  const note = readNote(sb, repo);
  t.same(
    note.sessions.map((s) => [s.id, s.agent, s.model, s.edits]),
    [['gemini:8dddde09', 'gemini', 'gemini-3-flash-preview', { applied: 17, rejected: 1 }]],
  );
  let ai = 0;
  for (const [path, lines] of agentLines) {
    const ranges = note.files[path]?.ai?.['gemini:8dddde09'];
    if (!ranges) continue;
    const text = git(sb, repo, ['show', `HEAD:${path}`]).split('\n');
    const owned = parseRanges(ranges).map((n) => text[n - 1]!);
    t.ok(
      owned.every((l) => lines.includes(l) || l.trim().length <= 4),
      `every ai line of ${path} is a gemini line`,
    );
    ai += owned.length;
  }
  t.ok(ai > 300, `gemini lines: ${ai}`);
  t.same(note.files['NOTES.md'], { human: '1' });
  const logJson = JSON.parse(drift(sb, repo, ['log', '-n', '1', '--json']));
  t.ok(logJson[0].sessions.some((s: { id: string; lines: { ai: number } }) => s.id === 'gemini:8dddde09' && s.lines.ai === ai));
  const blamed = blamedAgentLines(sb, repo, agentLines, 'gemini:8dddde09');
  t.same([blamed.lines, blamed.strangers], [ai, []], 'git drift blame --json gives gemini exactly those lines');
});

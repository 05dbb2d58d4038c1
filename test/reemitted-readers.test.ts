/**
 * Lines an agent's edit re-emitted unchanged (issue 14 item 5), recorded by every reader
 * whose log holds an edit's old and new text (`EditEvent.kept`): Aider's SEARCH/REPLACE
 * blocks, Gemini CLI's `replace` and `write_file`, OpenCode's `edit` and `apply_patch`,
 * Cline's SEARCH/REPLACE diffs, Cursor's `apply_patch`, code block versions and
 * `StrReplace`. Real corpus sessions (../shared/corpus) and our fixtures (test/fixtures/);
 * the end-to-end test moves a line with an aider edit and commits through the hooks.
 */
import t from 'tap';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initialAiderState, parseAiderHistory } from '../src/agents/aider/history.js';
import { parseInputHistory } from '../src/agents/aider/input.js';
import { clineReader } from '../src/agents/cline/index.js';
import { cursorReader } from '../src/agents/cursor/index.js';
import { geminiReader } from '../src/agents/gemini/index.js';
import { opencodeReader } from '../src/agents/opencode/index.js';
import type { LogFile } from '../src/agents/reader.js';
import { parseRanges } from '../src/attribution/index.js';
import { parseNote } from '../src/notes/index.js';
import type { DriftEvent, EditEvent } from '../src/types.js';
import { CORPUS, PROJECT, git, makeRepo, makeSandbox, NEEDS_CORPUS } from './helpers/env.js';
import { installDrift } from './helpers/replay.js';
import { writeDatabase } from './helpers/sqlite.js';

const FIXTURES = join(PROJECT, 'test', 'fixtures');
const REPO = '/repo';

const editsOf = (events: DriftEvent[]) => events.filter((e): e is EditEvent => e.kind === 'edit');

/** `[tool, path, kept]` of each edit, `kept` null when absent. */
const keptOf = (events: DriftEvent[]) => editsOf(events).map((e) => [e.tool, e.path, e.kept ?? null]);

function fixture(rel: string, repo = REPO): string {
  return readFileSync(join(FIXTURES, rel), 'utf8').replaceAll('__REPO__', repo);
}

function aiderEdits(chat: string, inputs = '') {
  return parseAiderHistory(chat, 0, initialAiderState(), parseInputHistory(inputs), REPO).events;
}

t.test('aider: an applied SEARCH/REPLACE block re-emits the lines in both its SEARCH and REPLACE text, a failed one nothing (fixture)', async (t) => {
  t.same(keptOf(aiderEdits(fixture('aider/chat.history.md'))), [
    ['search-replace', `${REPO}/stats.py`, null],
    ['search-replace', `${REPO}/median.py`, null],
    ['search-replace', `${REPO}/stats.py`, ['def mean(xs):', '    return sum(xs) / len(xs)']],
    ['search-replace', `${REPO}/stats.py`, null],
    ['search-replace', `${REPO}/stats.py`, ['    return sum(xs) / len(xs)']],
  ]);
});

t.test('aider: the blocks of a real history re-emit their common lines (corpus)', { skip: NEEDS_CORPUS }, async (t) => {
  const dir = join(CORPUS, 'aider', 'AndrewJacop__Simple-Calulator');
  const events = aiderEdits(readFileSync(join(dir, '.aider.chat.history.md'), 'utf8'), readFileSync(join(dir, '.aider.input.history'), 'utf8'));
  const app = editsOf(events).filter((e) => e.path === `${REPO}/src/App.js` && e.kept);
  t.ok(
    app.some((e) => e.kept!.includes('function App() {') && e.kept!.includes('  const [display, setDisplay] = useState("");')),
    'a block that rewrote App keeps the lines it wrote again',
  );
  t.ok(
    editsOf(events).every((e) => !e.kept || e.outcome === 'applied'),
    'only applied edits carry re-emitted lines',
  );
});

t.test('gemini: a replace re-emits the lines of both its old_string and new_string, a write_file the lines it wrote again (corpus)', { skip: NEEDS_CORPUS }, async (t) => {
  const path = join(CORPUS, 'gemini-cli/AnthonyontheHub__TP-Tutor/tmp/anthonyguera/chats/session-2026-04-25T06-41-8dddde09.jsonl');
  const file: LogFile = { agent: 'gemini', path, sessionNativeId: '8dddde09', sidechain: false, cwd: '/home/anthonyguera' };
  const { events } = await geminiReader.readSnapshot!(file, geminiReader.initialState(file));
  const edits = editsOf(events);
  const replace = edits.find((e) => e.tool === 'replace' && e.path.endsWith('/src/types/mastery.ts') && e.kept);
  t.ok(replace?.kept?.includes('export interface VocabWord {'), 'the replace keeps the interface it wrote again');
  const write = edits.find((e) => e.tool === 'write_file' && e.path.endsWith('/src/store/masteryStore.ts') && e.kept);
  t.ok(write?.kept?.includes("import { create } from 'zustand';"), 'the rewrite of the store keeps its unchanged imports');
  t.same(
    edits.filter((e) => e.outcome === 'rejected' && e.kept),
    [],
    'a failed replace re-emits nothing',
  );
});

t.test("opencode: an apply_patch re-emits its hunks' context, an edit only what its oldString and newString share (fixture)", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const db = join(sb.root, 'opencode.db');
  writeDatabase(db, fixture('opencode/opencode.sql'));
  const file: LogFile = { agent: 'opencode', path: db, sessionNativeId: '', sidechain: false, roots: [REPO] };
  const { events } = await opencodeReader.readSnapshot!(file, {});
  t.same(keptOf(events), [
    ['write', `${REPO}/src/retry.ts`, null],
    ['edit', `${REPO}/src/retry.ts`, null],
    ['edit', `${REPO}/src/retry.ts`, null],
    ['apply_patch', `${REPO}/src/retry.ts`, ['      if (i >= times) throw err;', '    }']],
  ]);
});

t.test('cline: a SEARCH/REPLACE diff re-emits the lines in both its sides, a declined one nothing (fixture)', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const path = join(sb.root, 'ui_messages.json');
  writeFileSync(path, fixture('cline/ui_messages.json'));
  const file: LogFile = { agent: 'cline', path, sessionNativeId: '1795168800000', sidechain: false };
  const { events } = await clineReader.readSnapshot!(file, clineReader.initialState(file));
  t.same(keptOf(events), [
    ['newFileCreated', `${REPO}/src/format.js`, null],
    ['editedExistingFile', `${REPO}/src/format.js`, ['    i++;', '  }']],
    ['editedExistingFile', `${REPO}/README.md`, null], // declined at the ask: re-emits nothing
    ['editedExistingFile', `${REPO}/src/format.js`, ['export function formatBytes(n) {']], // approved at the ask
  ]);
});

t.test("cursor: an apply_patch re-emits its hunks' context, a rejected search_replace nothing (fixture)", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const ws = join(sb.root, 'ws');
  mkdirSync(ws);
  writeDatabase(join(ws, 'state.vscdb'), fixture('cursor/workspace-state.sql'));
  writeFileSync(join(ws, 'workspace.json'), JSON.stringify({ folder: `file://${REPO}` }));
  const global = join(sb.root, 'global.vscdb');
  writeDatabase(global, fixture('cursor/global-state.sql'));
  const file: LogFile = { agent: 'cursor', path: join(ws, 'state.vscdb'), sessionNativeId: '', sidechain: false, companions: [join(ws, 'state.vscdb-wal'), global] };
  const { events } = await cursorReader.readSnapshot!(file, cursorReader.initialState(file));
  t.same(keptOf(events), [
    ['write', `${REPO}/src/debounce.js`, null],
    ['apply_patch', `${REPO}/src/debounce.js`, ['  let timer;']],
    ['search_replace', `${REPO}/src/search.js`, null],
    ['edit_file', `${REPO}/src/search.js`, null],
  ]);
});

t.test('cursor: a later version of a code block re-emits the lines the earlier one had (corpus)', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const ws = join(sb.root, 'ws');
  mkdirSync(ws);
  copyFileSync(join(CORPUS, 'cursor/slevin48__cursor-history/state.vscdb'), join(ws, 'state.vscdb'));
  writeFileSync(join(ws, 'workspace.json'), JSON.stringify({ folder: 'file:///c%3A/Users/ydebray/Documents/mobilechat' }));
  const file: LogFile = { agent: 'cursor', path: join(ws, 'state.vscdb'), sessionNativeId: '', sidechain: false, companions: [] };
  const { events } = await cursorReader.readSnapshot!(file, cursorReader.initialState(file));
  const edits = editsOf(events);
  t.ok(
    edits.some((e) => e.path.endsWith('/src/app/copilot/copilot.page.ts') && e.kept?.includes("import { FormsModule } from '@angular/forms';")),
    'the copilot page keeps the imports it wrote again',
  );
  t.same(
    edits.filter((e) => e.outcome === 'rejected' && e.kept),
    [],
    'declined versions re-emit nothing',
  );
});

t.test("an aider edit that moves a line makes it the agent's, through the hooks", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const head = ['def first():', '    return make_first()', '', 'def second():', '    return make_second()', '', 'def third():', '    return make_third()'];
  writeFileSync(join(repo, 'funcs.py'), `${head.join('\n')}\n`);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['add', 'funcs.py']);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '-m', 'three functions']);
  const search = head.join('\n');
  const after = [
    'def third():',
    '    return make_third()',
    '',
    'def first():',
    '    return make_first()',
    '',
    'def second():',
    '    return make_second()',
    '',
    'def fourth():',
    '    return make_fourth()',
  ];
  const reply = ['funcs.py', '```python', '<<<<<<< SEARCH', search, '=======', after.join('\n'), '>>>>>>> REPLACE', '```'].join('\n');
  const history = ['', '# aider chat started at 2026-11-20 10:00:00', '', '#### Put third first and add a fourth function.  ', '', reply, '', '> Applied edit to funcs.py  ', ''].join('\n');
  writeFileSync(join(repo, '.aider.chat.history.md'), history);
  writeFileSync(join(repo, 'funcs.py'), `${after.join('\n')}\n`);
  git(sb, repo, ['commit', '-q', '-am', 'reorder']);
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  const entry = note.files['funcs.py']!;
  const ai = Object.values(entry.ai ?? {})
    .flatMap((r) => parseRanges(r))
    .map((n) => after[n - 1]);
  t.ok(ai.includes('def third():') && ai.includes('    return make_third()'), "the moved function is the agent's");
  t.ok(ai.includes('def fourth():'), "the new function is the agent's");
  t.same(parseRanges(entry.human ?? ''), [], 'no line is human');
});

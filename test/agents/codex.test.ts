import t from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { codexLogFile, codexReader, probeHead, type CodexState } from '../../src/agents/codex/index.js';
import type { ChunkResult, LogFile } from '../../src/agents/reader.js';
import type { CommandEvent, DriftEvent, EditEvent, SessionInfo } from '../../src/types.js';
import { CORPUS, makeSandbox, NEEDS_CORPUS } from '../helpers/env.js';

const DIR = join(CORPUS, 'codex');
const LEGACY = join(DIR, 'JaydenXsoe__ocodex/sessions/2025/09/06/rollout-2025-09-06T00-46-49-0006b370-3ba0-4783-b4ad-22ce45b53420.jsonl');
const CPOLAR = join(DIR, 'Hoper-J__cpolar-connect/sessions/2025/09/16/rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl');
const FEISHU = join(DIR, '7567491__Feishu_ClaudeCode/sessions/2025/11/27/rollout-2025-11-27T11-39-23-019ac364-f0dc-7043-9750-594e12f5fd21.jsonl');
const BLUBBER = join(DIR, 'blubber__dotfiles/sessions/2026/02/07/rollout-2026-02-07T09-32-13-019c373a-e799-76a0-839f-1d739e71eefa.jsonl');
const XU = join(DIR, 'Xu-Wentao__dotfile/sessions/2026/04/07/rollout-2026-04-07T23-24-08-019d688b-3b5f-72c0-8028-4a4af562b9f5.jsonl');

/** Parse `text` in chunks cut after the given line-end character indexes, persisting the state as JSON between chunks. */
function parseInChunks(file: LogFile, text: string, cuts: number[]): ChunkResult & { state: CodexState } {
  let state = codexReader.initialState(file);
  const result: ChunkResult = { events: [], session: {}, diagnostics: [] };
  let start = 0;
  for (const end of [...cuts, text.length]) {
    const piece = text.slice(start, end);
    const r = codexReader.parseChunk(piece, Buffer.byteLength(text.slice(0, start)), state, file);
    result.events.push(...r.events);
    Object.assign(result.session, r.session);
    result.diagnostics.push(...r.diagnostics);
    state = JSON.parse(JSON.stringify(state)) as CodexState;
    start = end;
  }
  return { ...result, state };
}

function parseFile(path: string): ChunkResult & { state: CodexState } {
  return parseInChunks(codexLogFile(path), readFileSync(path, 'utf8'), []);
}

function ofKind<K extends DriftEvent['kind']>(events: DriftEvent[], kind: K): Extract<DriftEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<DriftEvent, { kind: K }> => e.kind === kind);
}

function exitCodes(events: DriftEvent[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const c of ofKind(events, 'command')) codes[String(c.exitCode)] = (codes[String(c.exitCode)] ?? 0) + 1;
  return codes;
}

/** Per edit: op, path relative to the session cwd, '+' count, '-' count, outcome. */
function editSummary(edits: EditEvent[], cwd: string): string[] {
  return edits.map((e) => `${e.op} ${posix.relative(cwd, e.path)} +${e.added.length} -${e.removed.length} ${e.outcome}`);
}

/**
 * Expected values per corpus file, established WITHOUT this reader:
 * - prompts: `jq 'select(.type=="event_msg" and .payload.type=="user_message")'` (legacy: the
 *   user messages read by eye, minus <user_instructions>/<environment_context>);
 * - messages: response_item assistant messages, checked equal as a set to the agent_message events;
 * - commands: function_call names from `jq -r '.payload.name' | sort | uniq -c` minus the apply_patch
 *   calls (`grep -c 'Begin Patch'`), exit codes from grepping `"exit_code":N`, `Exit code: N`,
 *   `Process exited with code N` and the sandbox error texts in the outputs;
 * - edits: the patch texts extracted with jq (`.command[2]` of the heredoc shell calls,
 *   `.input` of custom_tool_call) and counted with
 *   `awk '/^\*\*\* Begin Patch/{…} /^\*\*\* (Add|Update|Delete) File: /{…} /^\+/{a++} /^-/{r++}'`;
 *   every matching output says `Success.` with exit_code 0;
 * - session facts: session_meta / turn_context read with jq, SOURCES.md for versions and models.
 */
const EXPECTED = [
  {
    name: 'legacy ocodex build (no envelope, shell argv, no patches)',
    path: LEGACY,
    cwd: '/Users/kobra/Dev/Chatgpt-Apps/Intel',
    prompts: [
      'search web for AI platforms such as Intelligence/Mil, Education, Cybersecurity, Providers, Food/Agro, etc all possible, make this comprehensive, do as many searches needed to refine search results, mkdir _ai_plats/ and within that outline a document with findings',
      'why was there no results?',
      'use google api key, run search again',
      'use serpapi key and run search for googles latest AI worlds model',
    ],
    messages: 2,
    commands: 2, // shell ×2 (mkdir, echo); search__search.query ×3 and web_search ×1 are not shell tools
    exitCodes: { '0': 2 },
    todos: 0,
    edits: [] as string[],
    session: { model: undefined, branch: 'main', version: undefined, started: '2025-09-06T00:46:49.621Z', ended: '2025-09-06T00:46:49.621Z' },
  },
  {
    name: 'Codex 0.36 (shell heredoc apply_patch)',
    path: CPOLAR,
    cwd: '/Users/home/Downloads/CpolarAutoUpdater',
    prompts: 6,
    messages: 9,
    commands: 34, // shell ×47 minus 13 apply_patch heredocs
    exitCodes: { '0': 33, '1': 1 }, // one pytest run "failed in sandbox … exit code: 1"
    todos: 4,
    edits: [
      'update src/cpolar_connect/__init__.py +7 -7 applied',
      'update src/cpolar_connect/cli.py +95 -13 applied',
      'update src/cpolar_connect/doctor.py +27 -31 applied',
      'update src/cpolar_connect/tunnel.py +14 -4 applied',
      'update src/cpolar_connect/i18n.py +8 -0 applied',
      'update src/cpolar_connect/config.py +27 -14 applied',
      'create tests/test_config_basic.py +37 -0 applied',
      'update README.md +6 -0 applied',
      'update README_en.md +6 -0 applied',
      'update src/cpolar_connect/cli.py +55 -32 applied',
      'update src/cpolar_connect/i18n.py +18 -0 applied',
      'create tests/test_status_local_only.py +30 -0 applied',
      'update tests/test_status_local_only.py +12 -7 applied',
    ],
    session: { model: 'gpt-5-codex', branch: 'master', version: '0.36.0', started: '2025-09-16T04:47:48.362Z', ended: '2025-09-16T06:12:30.447Z' },
  },
  {
    name: 'Codex 0.63 (shell_command, custom_tool_call apply_patch)',
    path: FEISHU,
    cwd: '/home/ccp',
    prompts: 4,
    messages: 4,
    commands: 10,
    exitCodes: { '0': 9, '2': 1 }, // `ls AGENTS.md` before the file existed
    todos: 4,
    edits: ['create AGENTS.md +2 -0 applied'],
    session: { model: 'gpt-5.1-codex-max', branch: 'main', version: '0.63.0', started: '2025-11-27T03:39:23.740Z', ended: '2025-11-27T03:42:00.997Z' },
  },
  {
    name: 'Codex dev build 0.0.0 (exec_command, custom_tool_call apply_patch)',
    path: BLUBBER,
    cwd: '/Users/tiemo/dotfiles',
    prompts: 4,
    messages: 18,
    commands: 54,
    exitCodes: { '0': 52, '1': 1, '128': 1 }, // 128: `git` denied by the sandbox ("exec_command failed: … exit_code: 128")
    todos: 0,
    edits: [
      'update .config/opencode/opencode.json +1 -1 applied',
      'update .local/bin/playlist +1 -1 applied',
      'update .local/bin/tmux-sessionizer +5 -5 applied',
      'update .gitignore +13 -0 applied',
      'update .gitignore +5 -0 applied',
    ],
    session: { model: 'gpt-5.3-codex', branch: 'main', version: '0.0.0', started: '2026-02-07T08:32:13.209Z', ended: '2026-02-07T08:43:08.288Z' },
  },
  {
    name: 'Codex 0.118 (exec_command with exec_command_end events, no edits)',
    path: XU,
    cwd: '/Users/xuwentao/Projects/github/patent-platform',
    prompts: 2,
    messages: 6,
    commands: 19,
    exitCodes: { '0': 18, '127': 1 },
    todos: 0,
    edits: [] as string[],
    session: { model: 'gpt-5.4', branch: 'main', version: '0.118.0', started: '2026-04-07T15:24:08.430Z', ended: '2026-04-07T15:26:39.800Z' },
  },
];

for (const exp of EXPECTED) {
  t.test(`reads every event of the ${exp.name} corpus file`, { skip: NEEDS_CORPUS }, async (t) => {
    const file = codexLogFile(exp.path);
    t.equal(await codexReader.probe(file), exp.cwd, 'probe finds the recorded cwd');
    const r = parseFile(exp.path);
    t.same(r.diagnostics, [], 'no diagnostics on a clean file');
    const prompts = ofKind(r.events, 'prompt').map((p) => p.text);
    if (Array.isArray(exp.prompts)) t.same(prompts, exp.prompts);
    else t.equal(prompts.length, exp.prompts, 'prompts');
    t.notOk(
      prompts.some((p) => p.includes('<environment_context>') || p.includes('AGENTS.md instructions')),
      'no injected context',
    );
    t.equal(ofKind(r.events, 'message').length, exp.messages, 'messages');
    t.equal(ofKind(r.events, 'command').length, exp.commands, 'commands');
    t.same(exitCodes(r.events), exp.exitCodes, 'exit codes');
    t.equal(ofKind(r.events, 'todo').length, exp.todos, 'todos');
    const edits = ofKind(r.events, 'edit');
    t.same(editSummary(edits, exp.cwd), exp.edits, 'one edit per file op, with line counts and outcome');
    t.ok(
      edits.every((e) => e.path.startsWith(`${exp.cwd}/`)),
      'edit paths are absolute under the session cwd',
    );
    t.same(Object.keys(r.state.calls), [], 'every call found its output');
    const s: Partial<SessionInfo> = r.session;
    t.same(
      { nativeId: s.nativeId, cwd: s.cwd, model: s.model, branch: s.branch, version: s.version, started: s.started, ended: s.ended },
      { nativeId: file.sessionNativeId, cwd: exp.cwd, ...exp.session },
    );
    t.equal(new Set(r.events.map((e) => e.id)).size, r.events.length, 'event ids are unique');
    t.ok(r.events.every((e) => e.session === `codex:${file.sessionNativeId}`));
  });
}

t.test('legacy events have no timestamps and current ones do', { skip: NEEDS_CORPUS }, async (t) => {
  t.ok(parseFile(LEGACY).events.every((e) => e.at === null));
  t.ok(parseFile(FEISHU).events.every((e) => typeof e.at === 'string'));
});

t.test('details of the Feishu session: AGENTS.md content, todo items, a failed command', { skip: NEEDS_CORPUS }, async (t) => {
  const r = parseFile(FEISHU);
  const [edit] = ofKind(r.events, 'edit');
  t.same(edit, {
    id: edit!.id,
    session: 'codex:019ac364-f0dc-7043-9750-594e12f5fd21',
    at: '2025-11-27T03:40:33.799Z', // the custom_tool_call line's timestamp (jq), not its output's
    kind: 'edit',
    tool: 'apply_patch',
    path: '/home/ccp/AGENTS.md',
    op: 'create',
    movedTo: null,
    added: ['中文对话，用最简单的方法完成任务', '不要创建新文件，除非我告诉你这么做'],
    removed: [],
    outcome: 'applied',
    rejection: null,
  });
  const [todo] = ofKind(r.events, 'todo');
  t.same(
    todo!.items.map((i) => i.status),
    ['in_progress', 'pending', 'pending'],
  );
  t.equal(todo!.items[0]!.text, 'Inspect project scripts/config to see available checks and entrypoints');
  const failed = ofKind(r.events, 'command').find((c) => c.exitCode === 2)!;
  t.equal(failed.command, 'ls AGENTS.md');
  t.equal(failed.output, "ls: cannot access 'AGENTS.md': No such file or directory\n");
});

t.test('a cpolar heredoc command keeps only the script of bash -lc and the output tail', { skip: NEEDS_CORPUS }, async (t) => {
  const commands = ofKind(parseFile(CPOLAR).events, 'command');
  t.equal(commands[0]!.command, 'ls -la');
  t.ok(commands.every((c) => c.output.length <= 400));
  t.ok(
    commands.some((c) => c.output.length === 400),
    'long outputs are cut to their last 400 characters',
  );
  t.notOk(
    commands.some((c) => c.command.includes('apply_patch')),
    'apply_patch calls are edits, not commands',
  );
});

/** The character index just after the line that contains `needle` (first match at or after `from`). */
function cutAfterLine(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  return text.indexOf('\n', at) + 1;
}

for (const path of [LEGACY, CPOLAR, FEISHU, BLUBBER, XU]) {
  t.test(`splitting ${path.split('/')[path.split('/').indexOf('codex') + 1]} in the middle gives the same events`, { skip: NEEDS_CORPUS }, async (t) => {
    const text = readFileSync(path, 'utf8');
    const whole = parseFile(path);
    const middle = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
    const split = parseInChunks(codexLogFile(path), text, [middle]);
    t.same(split.events, whole.events);
    t.same(split.session, whole.session);
    t.same(split.diagnostics, []);
  });
}

t.test('a call in one chunk and its output in the next give the same edit as one chunk', { skip: NEEDS_CORPUS }, async (t) => {
  const text = readFileSync(CPOLAR, 'utf8');
  const file = codexLogFile(CPOLAR);
  const cut = cutAfterLine(text, 'Begin Patch'); // the first heredoc apply_patch call; its output is on a later line
  const first = codexReader.parseChunk(text.slice(0, cut), 0, codexReader.initialState(file), file);
  t.equal(ofKind(first.events, 'edit').length, 0, 'no edit before its output is read');
  const whole = parseFile(CPOLAR);
  const split = parseInChunks(file, text, [cut]);
  t.same(split.events, whole.events);
  // Cut at every line of the Feishu file: each boundary must be invisible.
  const feishu = readFileSync(FEISHU, 'utf8');
  const cuts: number[] = [];
  for (let i = feishu.indexOf('\n'); i >= 0 && i < feishu.length - 1; i = feishu.indexOf('\n', i + 1)) cuts.push(i + 1);
  t.same(parseInChunks(codexLogFile(FEISHU), feishu, cuts).events, parseFile(FEISHU).events);
});

t.test('a corrupt line and a truncated line become diagnostics, the rest is still read', { skip: NEEDS_CORPUS }, async (t) => {
  const lines = readFileSync(FEISHU, 'utf8').split('\n');
  lines.splice(10, 0, '{"timestamp":"2025-11-27T03:39:30.000Z","type":"response_item","payload":{"type":"mess');
  lines.splice(20, 0, '42');
  const text = `${lines.join('\n').replace(/\n$/, '')}\n{"timestamp":"2025-11-27T03:43:00.000Z","type":"event_msg","pay\n`;
  const file = codexLogFile(FEISHU);
  const r = codexReader.parseChunk(text, 0, codexReader.initialState(file), file);
  const last = text.split('\n').length - 1; // the chunk ends with '\n': the truncated line is the last one
  t.equal(last, 138, '135 corpus lines + 2 inserted + 1 truncated');
  t.same(
    r.diagnostics.map((d) => d.line),
    [11, 21, last],
  );
  t.ok(r.diagnostics.every((d) => d.file === FEISHU));
  t.equal(ofKind(r.events, 'prompt').length, 4);
  t.equal(ofKind(r.events, 'edit').length, 1);
});

// ---------------------------------------------------------------------------------------------
// Synthetic rollouts for the shapes the corpus does not cover.

const FAKE = codexLogFile('/tmp/rollout-2026-01-02T10-00-00-01234567-89ab-cdef-0123-456789abcdef.jsonl');
const TS = '2026-01-02T10:00:00.000Z';

function line(type: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ timestamp: TS, type, payload });
}
function meta(cwd = '/work/repo'): string {
  return line('session_meta', { id: 'x', timestamp: TS, cwd, cli_version: '0.50.0', git: { branch: 'feature/x' } });
}
function fnCall(name: string, args: unknown, callId: string): string {
  return line('response_item', { type: 'function_call', name, arguments: JSON.stringify(args), call_id: callId });
}
function fnOutput(callId: string, output: string): string {
  return line('response_item', { type: 'function_call_output', call_id: callId, output });
}
function parseLines(lines: string[]): ChunkResult {
  return codexReader.parseChunk(`${lines.join('\n')}\n`, 0, codexReader.initialState(FAKE), FAKE);
}

const PATCH = '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-old\n+new\n*** End Patch';
const SUCCESS = JSON.stringify({ output: 'Success. Updated the following files:\nM src/a.ts\n', metadata: { exit_code: 0 } });

t.test('call ids are data: __proto__, constructor and toString are ids like any other', async (t) => {
  const r = parseLines([
    meta(),
    fnCall('shell', { command: ['apply_patch', PATCH] }, '__proto__'),
    fnOutput('__proto__', SUCCESS),
    fnOutput('constructor', SUCCESS),
    fnOutput('toString', SUCCESS),
    fnCall('shell', { command: ['apply_patch', PATCH] }, 'hasOwnProperty'),
    fnOutput('hasOwnProperty', SUCCESS),
  ]);
  t.same(
    ofKind(r.events, 'edit').map((e) => [e.path, e.outcome]),
    [['/work/repo/src/a.ts', 'applied']],
    'outputs with no call of their own give nothing; a call named like an Object method is read',
  );
  t.match(r.diagnostics, [{ message: /call_id __proto__, ignored/ }]);
});

t.test('recognises apply_patch in all its disguises', async (t) => {
  const r = parseLines([
    meta(),
    fnCall('shell', { command: ['apply_patch', PATCH] }, 'c1'),
    fnOutput('c1', SUCCESS),
    fnCall('shell', { command: ['bash', '-lc', `apply_patch << 'PATCH'\n${PATCH}\nPATCH`], workdir: '/work/repo/pkg' }, 'c2'),
    fnOutput('c2', SUCCESS),
    line('response_item', { type: 'custom_tool_call', name: 'apply_patch', input: PATCH, call_id: 'c3', status: 'completed' }),
    line('response_item', { type: 'custom_tool_call_output', call_id: 'c3', output: SUCCESS }),
    fnCall('apply_patch', { input: PATCH }, 'c4'),
    fnOutput('c4', 'Success. Updated the following files:\nM src/a.ts\n'),
    fnCall('shell_command', { command: `apply_patch <<'EOF'\n${PATCH}\nEOF`, workdir: 'sub' }, 'c5'),
    fnOutput('c5', 'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess.\n'),
    fnCall('exec_command', { cmd: `apply_patch <<'EOF'\n${PATCH}\nEOF` }, 'c6'),
    fnOutput('c6', 'Chunk ID: 1\nWall time: 0.1 seconds\nProcess exited with code 0\nOutput:\nSuccess.\n'),
    line('response_item', { type: 'local_shell_call', call_id: 'c7', status: 'completed', action: { type: 'exec', command: ['apply_patch', PATCH], working_directory: '/elsewhere' } }),
    fnOutput('c7', SUCCESS),
  ]);
  t.same(r.diagnostics, []);
  const edits = ofKind(r.events, 'edit');
  t.same(
    edits.map((e) => [e.path, e.outcome, e.tool]),
    [
      ['/work/repo/src/a.ts', 'applied', 'apply_patch'],
      ['/work/repo/pkg/src/a.ts', 'applied', 'apply_patch'],
      ['/work/repo/src/a.ts', 'applied', 'apply_patch'],
      ['/work/repo/src/a.ts', 'applied', 'apply_patch'],
      ['/work/repo/sub/src/a.ts', 'applied', 'apply_patch'],
      ['/work/repo/src/a.ts', 'applied', 'apply_patch'],
      ['/elsewhere/src/a.ts', 'applied', 'apply_patch'],
    ],
  );
  t.same(ofKind(r.events, 'command'), [], 'none of them is a command');
  t.ok(edits.every((e) => e.added[0] === 'new' && e.removed[0] === 'old'));
});

t.test('resolves relative paths against workdir, then the latest turn_context cwd, then session_meta', async (t) => {
  const multi = '*** Begin Patch\n*** Add File: new.txt\n+hi\n*** Delete File: /abs/gone.txt\n*** Update File: ../up/x.txt\n*** Move to: y/x.txt\n@@\n-a\n+b\n*** End Patch';
  const r = parseLines([
    meta('/m'),
    fnCall('apply_patch', { input: multi }, 'a'),
    fnOutput('a', SUCCESS),
    line('turn_context', { cwd: '/t/one', model: 'm1' }),
    line('turn_context', { cwd: '/t/two', model: 'm2' }),
    fnCall('apply_patch', { input: multi }, 'b'),
    fnOutput('b', SUCCESS),
  ]);
  const edits = ofKind(r.events, 'edit');
  t.same(
    edits.map((e) => [e.op, e.path, e.movedTo]),
    [
      ['create', '/m/new.txt', null],
      ['delete', '/abs/gone.txt', null],
      ['move', '/up/x.txt', '/m/y/x.txt'],
      ['create', '/t/two/new.txt', null],
      ['delete', '/abs/gone.txt', null],
      ['move', '/t/up/x.txt', '/t/two/y/x.txt'],
    ],
  );
  t.equal(r.session.model, 'm2', 'the latest turn_context model wins');
  t.equal(r.session.cwd, '/m', 'the session cwd is the session_meta one');
  t.equal(r.session.branch, 'feature/x');
  t.equal(new Set(edits.map((e) => e.id)).size, 6, 'one id per file op');
});

t.test('tells applied, user-declined and tool-error outcomes apart', async (t) => {
  const long = `Failed to find expected lines in src/a.ts:\n${'x'.repeat(800)}`;
  const r = parseLines([
    meta(),
    fnCall('apply_patch', { input: PATCH }, 'ok'),
    fnOutput('ok', SUCCESS),
    line('response_item', { type: 'custom_tool_call', name: 'apply_patch', input: PATCH, call_id: 'no' }),
    line('response_item', { type: 'custom_tool_call_output', call_id: 'no', output: 'patch rejected by user' }),
    fnCall('shell', { command: ['apply_patch', PATCH] }, 'ab'),
    fnOutput('ab', 'aborted'),
    fnCall('shell', { command: ['apply_patch', PATCH] }, 'err'),
    fnOutput('err', JSON.stringify({ output: long, metadata: { exit_code: 1 } })),
    fnCall('apply_patch', { input: PATCH }, 'ev1'),
    line('event_msg', { type: 'patch_apply_end', call_id: 'ev1', success: false, stdout: '', stderr: 'conflict in src/a.ts' }),
    fnOutput('ev1', SUCCESS),
    fnCall('apply_patch', { input: PATCH }, 'ev2'),
    line('event_msg', { type: 'patch_apply_end', call_id: 'ev2', success: true, stdout: 'Success.', stderr: '' }),
  ]);
  const edits = ofKind(r.events, 'edit');
  t.same(
    edits.map((e) => [e.outcome, e.rejection?.kind ?? null]),
    [
      ['applied', null],
      ['rejected', 'user-declined'],
      ['rejected', 'user-declined'],
      ['rejected', 'tool-error'],
      ['rejected', 'tool-error'],
      ['applied', null],
    ],
  );
  t.equal(edits[1]!.rejection!.reason, 'patch rejected by user');
  t.equal(edits[3]!.rejection!.reason.length, 500, 'reason is cut to 500 characters');
  t.ok(edits[3]!.rejection!.reason.startsWith('Failed to find expected lines'));
  t.equal(edits[4]!.rejection!.reason, 'conflict in src/a.ts', 'patch_apply_end settles the call first');
});

t.test('reads exit codes of every era and the command text of each tool', async (t) => {
  const r = parseLines([
    meta(),
    fnCall('shell', { command: ['git', 'commit', '-m', "it's done"] }, 's1'),
    fnOutput('s1', JSON.stringify({ output: 'nothing to commit\n', metadata: { exit_code: 1, duration_seconds: 0.1 } })),
    fnCall('shell_command', { command: 'npm test', workdir: '/work/repo' }, 's2'),
    fnOutput('s2', 'Exit code: 3\nWall time: 1 seconds\nOutput:\nboom\n'),
    fnCall('exec_command', { cmd: 'make' }, 's3'),
    fnOutput('s3', `Command: /bin/zsh -lc make\nChunk ID: 9\nWall time: 2 seconds\nProcess exited with code 0\nOriginal token count: 1\nOutput:\n${'y'.repeat(1000)}END`),
    fnCall('exec_command', { cmd: 'sleep 100' }, 's4'),
    fnOutput('s4', 'Chunk ID: 7\nWall time: 1 seconds\nProcess running with session ID 12\nOutput:\n'),
    line('response_item', { type: 'local_shell_call', call_id: 's5', status: 'completed', action: { type: 'exec', command: ['bash', '-lc', 'ls -la'] } }),
    fnOutput('s5', JSON.stringify({ output: 'total 0\n', metadata: { exit_code: 0 } })),
    fnCall('shell', { command: ['bash', '-lc', 'pytest'] }, 's6'),
    fnOutput('s6', 'failed in sandbox Seatbelt with execution error: sandbox denied exec error, exit code: 1, stdout: F'),
  ]);
  const commands = ofKind(r.events, 'command');
  t.same(
    commands.map((c: CommandEvent) => [c.command, c.exitCode]),
    [
      ["git commit -m 'it'\\''s done'", 1],
      ['npm test', 3],
      ['make', 0],
      ['sleep 100', null],
      ['ls -la', 0],
      ['pytest', 1],
    ],
  );
  t.equal(commands[1]!.output, 'boom\n', 'the output after "Output:"');
  t.equal(commands[2]!.output.length, 400);
  t.ok(commands[2]!.output.endsWith('END'), 'the tail, not the head');
});

t.test('counts a prompt once when both the response item and the user_message event exist', async (t) => {
  const r = parseLines([
    meta(),
    line('response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: '<permissions instructions>\nx' }] }),
    line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: '# AGENTS.md instructions for /work/repo\n\n<INSTRUCTIONS>x</INSTRUCTIONS>' }] }),
    line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/work/repo</cwd>\n</environment_context>' }] }),
    line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'fix the bug' }] }),
    line('event_msg', { type: 'user_message', message: 'fix the bug', images: [] }),
    line('event_msg', { type: 'agent_message', message: 'On it.' }),
    line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'On it.' }] }),
    line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'On it.' }] }),
    line('event_msg', { type: 'agent_message', message: 'On it.' }),
  ]);
  t.same(
    ofKind(r.events, 'prompt').map((p) => p.text),
    ['fix the bug'],
  );
  t.same(
    ofKind(r.events, 'message').map((m) => m.text),
    ['On it.', 'On it.'],
    'two real messages, each once',
  );
});

t.test('falls back to response-item prompts when a current file has no user_message events', async (t) => {
  const r = parseLines([
    meta(),
    line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/w</cwd>\n</environment_context>' }] }),
    line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] }),
    line('response_item', { type: 'reasoning', summary: [] }),
    fnCall('update_plan', { plan: [] }, 'plan'),
    line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'second' }] }),
    line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] }),
    line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'still waiting for an answer' }] }),
  ]);
  t.same(
    ofKind(r.events, 'prompt').map((p) => p.text),
    ['first', 'second'],
    'the last one waits until the model answers',
  );
  t.same(
    r.events.map((e) => e.kind),
    ['prompt', 'todo', 'prompt', 'message'],
    'a prompt is released as soon as the model starts its turn',
  );
  t.equal(r.events[0]!.at, TS, 'a held prompt keeps the time of its own line');
});

t.test('an interrupted turn settles the calls still waiting', async (t) => {
  const r = parseLines([
    meta(),
    fnCall('apply_patch', { input: PATCH }, 'p'),
    fnCall('shell', { command: ['sleep', '9'] }, 'c'),
    line('event_msg', { type: 'turn_aborted', reason: 'interrupted' }),
    fnOutput('p', SUCCESS),
  ]);
  const [edit] = ofKind(r.events, 'edit');
  t.equal(edit!.outcome, 'rejected');
  t.same(edit!.rejection, { kind: 'user-declined', reason: 'turn aborted (interrupted)' });
  const [command] = ofKind(r.events, 'command');
  t.same([command!.command, command!.exitCode], ['sleep 9', null]);
  t.equal(r.events.length, 2, 'the late output adds nothing');
});

t.test('update_plan becomes a todo list; unknown types and fields are ignored', async (t) => {
  const r = parseLines([
    meta(),
    line('world_state', { anything: 1 }),
    line('compacted', { message: 'summary', replacement_history: [] }),
    line('response_item', { type: 'ghost_snapshot', ghost_commit: { id: 'x' } }),
    line('event_msg', { type: 'token_count', info: null }),
    fnCall('update_plan', { plan: [{ step: 'a', status: 'completed' }, { step: 'b', status: 'weird' }, { nope: 1 }] }, 'u'),
    fnCall('web_search', { query: 'x' }, 'w'),
  ]);
  t.same(r.diagnostics, []);
  t.same(
    r.events.map((e) => e.kind),
    ['todo'],
  );
  t.same(ofKind(r.events, 'todo')[0]!.items, [
    { text: 'a', status: 'completed' },
    { text: 'b', status: 'pending' },
  ]);
});

t.test('bad arguments and malformed patches are diagnostics', async (t) => {
  const r = parseLines([
    meta(),
    line('response_item', { type: 'function_call', name: 'shell', arguments: '{not json', call_id: 'x' }),
    fnCall('apply_patch', { input: '*** Begin Patch\n*** Add File: a\n+x\n' }, 'y'),
    fnOutput('y', SUCCESS),
  ]);
  t.same(
    r.diagnostics.map((d) => d.line),
    [2, 2, 3],
  );
  t.match(r.diagnostics[0]!.message, /not valid JSON/);
  t.match(r.diagnostics[1]!.message, /without a command/);
  t.match(r.diagnostics[2]!.message, /End Patch/);
  t.same(
    ofKind(r.events, 'edit').map((e) => e.path),
    ['/work/repo/a'],
    'the ops parsed so far still count',
  );
});

// ---------------------------------------------------------------------------------------------
// Files on disk.

t.test('home honours CODEX_HOME, else HOME/.codex', async (t) => {
  t.equal(codexReader.home({ HOME: '/h' }), '/h/.codex');
  t.equal(codexReader.home({ HOME: '/h', CODEX_HOME: '/c' }), '/c');
});

t.test('discovers dated and archived rollouts by name only', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const uuid = '019b0000-1111-7222-8333-444455556666';
  const day = join(sb.home, '.codex', 'sessions', '2026', '01', '02');
  mkdirSync(day, { recursive: true });
  writeFileSync(join(day, `rollout-2026-01-02T10-00-00-${uuid}.jsonl`), 'not even json\n');
  writeFileSync(join(day, 'notes.txt'), '');
  mkdirSync(join(sb.home, '.codex', 'sessions', 'latest'), { recursive: true });
  writeFileSync(join(sb.home, '.codex', 'sessions', 'latest', `rollout-x-${uuid}.jsonl`), '');
  const archived = join(sb.home, '.codex', 'archived_sessions');
  mkdirSync(archived, { recursive: true });
  writeFileSync(join(archived, 'rollout-2025-12-01T00-00-00-0006b370-3ba0-4783-b4ad-22ce45b53420.jsonl'), '');
  const files = await codexReader.discover({ env: sb.env, roots: ['/anything'] });
  t.same(files, [
    { agent: 'codex', path: join(day, `rollout-2026-01-02T10-00-00-${uuid}.jsonl`), sessionNativeId: uuid, sidechain: false },
    { agent: 'codex', path: join(archived, 'rollout-2025-12-01T00-00-00-0006b370-3ba0-4783-b4ad-22ce45b53420.jsonl'), sessionNativeId: '0006b370-3ba0-4783-b4ad-22ce45b53420', sidechain: false },
  ]);
  t.equal(await codexReader.probe(files[0]!), null, 'a head without a cwd probes to null');

  const other = join(sb.root, 'codex-home');
  const otherDay = join(other, 'sessions', '2026', '02', '03');
  mkdirSync(otherDay, { recursive: true });
  writeFileSync(join(otherDay, `rollout-2026-02-03T00-00-00-${uuid}.jsonl`), `${meta('/from/codex/home')}\n`);
  const viaEnv = await codexReader.discover({ env: { ...sb.env, CODEX_HOME: other }, roots: [] });
  t.same(
    viaEnv.map((f) => f.path),
    [join(otherDay, `rollout-2026-02-03T00-00-00-${uuid}.jsonl`)],
  );
  t.equal(await codexReader.probe(viaEnv[0]!), '/from/codex/home');

  t.same(await codexReader.discover({ env: { HOME: join(sb.root, 'missing') }, roots: [] }), [], 'no Codex home, no files');
});

t.test('probe reads a session_meta line longer than the head and never throws', async (t) => {
  const huge = JSON.stringify({ timestamp: TS, type: 'session_meta', payload: { id: 'x', cwd: '/big/"quoted"', base_instructions: { text: 'z'.repeat(300_000) } } });
  t.equal(probeHead(huge.slice(0, 1000)), '/big/"quoted"');
  t.equal(probeHead(line('turn_context', { cwd: '/from/turn' })), '/from/turn');
  t.equal(probeHead('garbage'), null);
  t.equal(await codexReader.probe(codexLogFile('/nonexistent/rollout-x.jsonl')), null);
});

/**
 * Tests for the Claude Code reader against every Claude Code transcript in the shared
 * corpus (expectations counted by hand with jq, see the comments), synthetic lines for the
 * cases the corpus lacks, and discovery in a sandboxed HOME.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { claudeCodeReader, projectSlug } from '../../src/agents/claude-code/index.js';
import type { ClaudeState } from '../../src/agents/claude-code/index.js';
import { promptText } from '../../src/agents/claude-code/parse.js';
import { forgetCall, MAX_CWDS, MAX_PENDING_CALLS, rememberCall, type PendingCall } from '../../src/agents/claude-code/state.js';
import type { ChunkResult, LogFile } from '../../src/agents/reader.js';
import type { DriftEvent, EditEvent, SessionInfo } from '../../src/types.js';
import { CORPUS, makeSandbox, NEEDS_CORPUS } from '../helpers/env.js';

const CC = join(CORPUS, 'claude-code');

/** A LogFile for a corpus transcript, as discovery would describe it. */
function corpusFile(rel: string, sessionNativeId?: string, sidechain = false): LogFile {
  const path = join(CC, rel);
  return { agent: 'claude-code', path, sessionNativeId: sessionNativeId ?? basename(path, '.jsonl'), sidechain };
}

/** Parse text in one chunk from offset 0 with a fresh state. */
function parseAll(file: LogFile, text = readFileSync(file.path, 'utf8')): ChunkResult & { state: ClaudeState } {
  const state = claudeCodeReader.initialState(file);
  return { ...claudeCodeReader.parseChunk(text, 0, state, file), state };
}

/** Parse text cut after `cut` complete lines, persisting the state as JSON in between (as the store does). */
function parseSplit(file: LogFile, text: string, cut: number): { events: DriftEvent[]; session: Partial<SessionInfo>; first: ClaudeState } {
  const lines = text.split(/(?<=\n)/);
  const head = lines.slice(0, cut).join('');
  const first = claudeCodeReader.initialState(file);
  const a = claudeCodeReader.parseChunk(head, 0, first, file);
  const stored = JSON.parse(JSON.stringify(first)) as ClaudeState;
  const b = claudeCodeReader.parseChunk(lines.slice(cut).join(''), Buffer.byteLength(head, 'utf8'), stored, file);
  return { events: [...a.events, ...b.events], session: { ...a.session, ...b.session }, first };
}

const edits = (events: DriftEvent[]): EditEvent[] => events.filter((e): e is EditEvent => e.kind === 'edit');
const count = (events: DriftEvent[], kind: DriftEvent['kind']): number => events.filter((e) => e.kind === kind).length;

/** Applied edit events per tool, and rejected ones as `tool:kind`. */
function editTally(events: DriftEvent[]): { applied: Record<string, number>; rejected: string[] } {
  const applied: Record<string, number> = {};
  const rejected: string[] = [];
  for (const e of edits(events)) {
    if (e.outcome === 'applied') applied[e.tool] = (applied[e.tool] ?? 0) + 1;
    else rejected.push(`${e.tool}:${e.rejection?.kind}`);
  }
  return { applied, rejected };
}

interface Expected {
  rel: string;
  parent?: string;
  sidechain?: boolean;
  prompts: number;
  messages: number;
  commands: number;
  todos: number;
  applied: Record<string, number>;
  rejected: string[];
  session: Partial<SessionInfo>;
}

/*
 * Expectations, counted independently from the raw files:
 * - tool calls: `jq 'select(.type=="assistant")|.message.content[]?|select(.type=="tool_use")|.name'`;
 *   outcomes: joining each tool_use id with the `tool_result` of the same `tool_use_id` and
 *   reading its `is_error` and the line's `toolUseResult` (string = failure).
 * - prompts: user lines whose content is a string or text blocks, then removing by hand
 *   isMeta lines, isSidechain lines, `<command-…>`/`<local-command-…>` texts and
 *   `[Request interrupted by user…]` (session-formats.md §1.7).
 * - messages: `text` blocks with non-blank text on assistant lines that are not
 *   sidechain and whose model is not `<synthetic>`.
 * - commands: Bash calls that have a tool_result (a call without result is not emitted).
 * - session: gitBranch / cwd / version / model values via `jq -r .gitBranch | uniq -c` etc.;
 *   started/ended = min/max `timestamp`.
 */
const EXPECTED: Expected[] = [
  {
    // 1.0.17. Calls: Write×8, Edit×17, NotebookEdit×4, Bash×12, TodoWrite×13.
    // Results: Write 8 ok (type "create"), NotebookEdit 4 ok, Edit 16 ok + 1 is_error
    // ("String to replace not found in file." → tool-error). Bash: 8 ok + 3 is_error = 11
    // results; `python radical_musical_ai.py` never got one. Prompts: 5 plain texts, no
    // meta/interruptions. Messages 14. No gitBranch field at all in this version.
    rel: 'chiphuyen__sniffly/-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl',
    prompts: 5,
    messages: 14,
    commands: 11,
    todos: 13,
    applied: { Write: 8, Edit: 16, NotebookEdit: 4 },
    rejected: ['Edit:tool-error'],
    session: { model: 'claude-sonnet-4-20250514', version: '1.0.17', cwd: '/Users/chip/dev/ai-music', started: '2025-06-08T11:00:11.669Z', ended: '2025-06-08T11:56:46.820Z' },
  },
  {
    // 1.0.108. Calls: Edit×1, MultiEdit×1, Bash×5, TodoWrite×5, Task×3. The Edit failed
    // ("File has not been read yet…" → tool-error); the MultiEdit applied (one event from
    // its 3-hunk structuredPatch). Bash 4 ok + 1 error. Prompts: 1 — the only human input
    // is a `/orchestrator` slash command whose <command-args> hold the user's words (grep
    // -c '<command-args>[^<]' gives 1); the rest is isMeta or sidechain (Task sub-agent
    // lines inline). Messages: 7 text blocks, 4 of them sidechain → 3.
    rel: 'd-kimuson__claude-code-viewer/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl',
    prompts: 1,
    messages: 3,
    commands: 5,
    todos: 5,
    applied: { MultiEdit: 1 },
    rejected: ['Edit:tool-error'],
    session: { model: 'claude-sonnet-4-20250514', branch: 'main', version: '1.0.108', cwd: '/path/to/Demo' },
  },
  {
    // 1.0.111. Edit×2 + MultiEdit×1 all ok, TodoWrite×2, no Bash. Prompts: "Make the colors
    // green and yellow" (the other user text is "[Request interrupted by user]"). Messages 10.
    rel: 'git-ai-project__git-ai/example-claude-code.jsonl',
    prompts: 1,
    messages: 10,
    commands: 0,
    todos: 2,
    applied: { Edit: 2, MultiEdit: 1 },
    rejected: [],
    session: { model: 'claude-sonnet-4-20250514', branch: 'main', version: '1.0.111', cwd: '/Users/aidancunniffe/Desktop/ghq' },
  },
  {
    // 2.0.69. One Edit ok; one prompt; 2 text blocks (thinking blocks are not messages).
    rel: 'git-ai-project__git-ai/claude-code-with-thinking.jsonl',
    prompts: 1,
    messages: 2,
    commands: 0,
    todos: 0,
    applied: { Edit: 1 },
    rejected: [],
    session: { model: 'claude-sonnet-4-5-20250929', branch: 'master', version: '2.0.69', started: '2025-12-16T00:35:39.299Z', ended: '2025-12-16T00:35:54.952Z' },
  },
  {
    // 1.0.115. Write×6 (all type "create"), Bash×28 (26 ok + 2 error), TodoWrite×3.
    // User texts: 10, two of them "[Request interrupted by user]" → 8 prompts. gitBranch is
    // "" on every line → no branch.
    rel: 'Tar-ive__brain-system/projects/-home-tarive/8a5d0d23-b010-4b48-a41c-af16f4d65f57.jsonl',
    prompts: 8,
    messages: 29,
    commands: 28,
    todos: 3,
    applied: { Write: 6 },
    rejected: [],
    session: { model: 'claude-opus-4-1-20250805', version: '1.0.115', cwd: '/home/tarive' },
  },
  {
    // 2.0.28 old-layout sub-agent: "Warmup" (sidechain, not a prompt) + a `<synthetic>`
    // API-error reply (no message). Reports no session facts beyond its parent's identity.
    rel: 'eyerematthew__testing/projects/-home-matt24/agent-277f009f.jsonl',
    parent: '0b223d21-a2f0-4f64-801b-4707e43f4c3c',
    sidechain: true,
    prompts: 0,
    messages: 0,
    commands: 0,
    todos: 0,
    applied: {},
    rejected: [],
    session: {},
  },
  {
    // 2.1.19. Edit×2 ok; Bash×28 with 27 results (17 ok + 10 error). gitBranch is "" on 173
    // lines and "master" on 25 → "master". 3 prompts.
    rel: 'R3zil__duck_town/projects/-home-gastown-gt-Conducktor-rig/1e4b949a-2a13-4f07-9e0d-8f501a5377be.jsonl',
    prompts: 3,
    messages: 8,
    commands: 27,
    todos: 0,
    applied: { Edit: 2 },
    rejected: [],
    session: { model: 'claude-sonnet-4-5-20250929', branch: 'master', version: '2.1.19', cwd: '/home/gastown/gt/Conducktor_rig' },
  },
  {
    // 2.1.69. Write×1 + Edit×7 all ok (4 user rejections in this file are of ExitPlanMode /
    // AskUserQuestion, not edits). User texts: "[Request interrupted…]" (line 2, copied from
    // session e37d1146), the plan hand-off "Implement the following plan…" and one Korean
    // prompt → 2. Models: 5 haiku lines then 31 sonnet-4-6 lines; gitBranch always "HEAD".
    rel: '213MD__my-profile-site/projects/-Users-marklin-workspace-my-profile-site/8aa38336-8954-412e-8870-f0873618235e.jsonl',
    prompts: 2,
    messages: 7,
    commands: 0,
    todos: 0,
    applied: { Write: 1, Edit: 7 },
    rejected: [],
    session: { model: 'claude-sonnet-4-6', branch: 'HEAD', version: '2.1.69', started: '2026-03-06T01:28:31.515Z', ended: '2026-03-06T01:43:03.361Z' },
  },
  {
    // 2.1.81. Edit×4 + Write×1 ok, Bash×1 ok. User texts: 10 − 2 isMeta (skill texts) − 1
    // interruption = 7 prompts. Title from the `custom-title` lines.
    rel: '4thehalibit__omarchy-backup/projects/-home-vwestberg-Claude/44ef5cbf-9cc3-4f7b-ac40-337a4d39713b.jsonl',
    prompts: 7,
    messages: 6,
    commands: 1,
    todos: 0,
    applied: { Edit: 4, Write: 1 },
    rejected: [],
    session: { model: 'claude-sonnet-4-6', branch: 'HEAD', version: '2.1.81', title: 'add-teams-keybinding', cwd: '/home/vwestberg/Claude' },
  },
  {
    // 2.1.81 new-layout sub-agent of the session above: Bash×13 with 13 results (3 ok without
    // toolUseResult, 10 errors: exit codes, "Cancelled: parallel tool call", "Permission … denied").
    // All lines are sidechain → no prompts, no messages.
    rel: '4thehalibit__omarchy-backup/projects/-home-vwestberg-Claude/44ef5cbf-9cc3-4f7b-ac40-337a4d39713b/subagents/agent-a71969c1296961234.jsonl',
    parent: '44ef5cbf-9cc3-4f7b-ac40-337a4d39713b',
    sidechain: true,
    prompts: 0,
    messages: 0,
    commands: 13,
    todos: 0,
    applied: {},
    rejected: [],
    session: {},
  },
  {
    // 2.1.121 driven by a local llama.cpp model. Edit×15 ok, Bash×23 (21 ok + 2 "Exit code
    // 101"). Prompts 3: the caveat (isMeta), `/exit` command and its stdout are excluded.
    rel: 'LaEsperantisto__fihter/projects/-home-aster-dev-rust-Obstruct/15799b31-0eab-4065-b952-3b76c514677c.jsonl',
    prompts: 3,
    messages: 38,
    commands: 23,
    todos: 0,
    applied: { Edit: 15 },
    rejected: [],
    session: { model: 'Qwen3.6-35B-A3B-UD-Q4_K_M.gguf', branch: 'main', version: '2.1.121', cwd: '/home/aster/dev/rust/Obstruct' },
  },
];

t.test('covers every Claude Code transcript in the corpus', { skip: NEEDS_CORPUS }, async (t) => {
  const onDisk = execFileSync('find', [CC, '-name', '*.jsonl'], { encoding: 'utf8' }).trim().split('\n').sort();
  t.same(EXPECTED.map((e) => join(CC, e.rel)).sort(), onDisk);
});

for (const exp of EXPECTED) {
  t.test(`reads ${basename(exp.rel)} with the hand-counted events`, { skip: NEEDS_CORPUS }, async (t) => {
    const file = corpusFile(exp.rel, exp.parent, exp.sidechain);
    const { events, session, diagnostics } = parseAll(file);
    t.same(diagnostics, [], 'every line is valid JSON');
    t.equal(count(events, 'prompt'), exp.prompts, 'prompts');
    t.equal(count(events, 'message'), exp.messages, 'messages');
    t.equal(count(events, 'command'), exp.commands, 'commands');
    t.equal(count(events, 'todo'), exp.todos, 'todo lists');
    t.same(editTally(events), { applied: exp.applied, rejected: exp.rejected }, 'edits by outcome');
    t.equal(new Set(events.map((e) => e.id)).size, events.length, 'event ids are unique');
    t.ok(
      events.every((e) => e.session === `claude-code:${file.sessionNativeId}`),
      'events carry the file session',
    );
    t.match(session, { id: `claude-code:${file.sessionNativeId}`, agent: 'claude-code', nativeId: file.sessionNativeId, ...exp.session });
    if (exp.sidechain) t.same(Object.keys(session).sort(), ['agent', 'id', 'nativeId'], 'a sub-agent reports no facts of its own');
  });
}

t.test('keys events by the file name even where a line carries another sessionId', { skip: NEEDS_CORPUS }, async (t) => {
  const rel = EXPECTED.find((e) => e.rel.startsWith('213MD'))!.rel;
  const text = readFileSync(join(CC, rel), 'utf8');
  t.equal(JSON.parse(text.split('\n')[1]!).sessionId, 'e37d1146-5789-4815-ac65-09e88ebf4a9b', 'line 2 was copied from session e37d1146');
  const { events } = parseAll(corpusFile(rel));
  t.equal(events.length, 17);
  t.ok(events.every((e) => e.session === 'claude-code:8aa38336-8954-412e-8870-f0873618235e'));
  const prompt = events.find((e) => e.kind === 'prompt');
  t.match(prompt, { text: /^Implement the following plan:/, at: '2026-03-06T01:28:31.515Z' });
  // The same lines read as another file: the ids follow the file, never a line's sessionId.
  const renamed = parseAll({ ...corpusFile(rel), sessionNativeId: 'renamed' }).events;
  t.ok(renamed.every((e) => e.session === 'claude-code:renamed'));
  t.not(renamed[0]!.id, events[0]!.id, 'the session is part of the event id');
});

t.test('reports failed edits with their reason and the lines they proposed', { skip: NEEDS_CORPUS }, async (t) => {
  const sniffly = edits(parseAll(corpusFile(EXPECTED[0]!.rel)).events).filter((e) => e.outcome === 'rejected');
  t.equal(sniffly.length, 1);
  t.match(sniffly[0], {
    tool: 'Edit',
    path: '/Users/chip/dev/ai-music/diverse_musical_ai.py',
    rejection: { kind: 'tool-error', reason: /^String to replace not found in file\./ },
  });
  t.ok(sniffly[0]!.rejection!.reason.length <= 500, 'reason trimmed to 500 characters');
  t.ok(sniffly[0]!.added.length > 0, 'the proposed new lines are kept');
  const viewer = edits(parseAll(corpusFile(EXPECTED[1]!.rel)).events).filter((e) => e.outcome === 'rejected');
  t.match(viewer, [{ tool: 'Edit', path: '/path/to/Demo/CLAUDE.md', rejection: { kind: 'tool-error', reason: 'File has not been read yet. Read it first before writing to it.' } }]);
});

t.test('takes added and removed lines from structuredPatch hunks', { skip: NEEDS_CORPUS }, async (t) => {
  // d-kimuson MultiEdit: 3 hunks with 54+6+4 '+' lines and 30+4+2 '-' lines (jq count of
  // lines starting with '+'/'-'); two "\ No newline at end of file" lines are ignored.
  const viewer = edits(parseAll(corpusFile(EXPECTED[1]!.rel)).events).find((e) => e.tool === 'MultiEdit')!;
  t.match(viewer, { path: '/path/to/Demo/CLAUDE.md', op: 'update', outcome: 'applied', rejection: null });
  t.equal(viewer.added.length, 64);
  t.equal(viewer.removed.length, 36);
  t.notOk(
    [...viewer.added, ...viewer.removed].some((l) => l.startsWith('\\ No newline')),
    'no "\\ No newline" markers',
  );
  // git-ai MultiEdit: hunks with 20+1 '+' and 20+1 '-' lines.
  const gitai = edits(parseAll(corpusFile(EXPECTED[2]!.rel)).events).find((e) => e.tool === 'MultiEdit')!;
  t.match(gitai, { added: { length: 21 }, removed: { length: 21 }, path: '/Users/aidancunniffe/Desktop/ghq/src/app/globals.css' });
  // R3zil config.yaml: one hunk ['-routing.mode: "explicit"', '\ No newline…', '+routing.mode: "auto"', '\ No newline…'].
  const r3zil = edits(parseAll(corpusFile(EXPECTED[6]!.rel)).events).find((e) => e.path === '/home/gastown/gt/.beads/config.yaml');
  t.match(r3zil, { added: ['routing.mode: "auto"'], removed: ['routing.mode: "explicit"'] });
});

t.test('turns a created file into added lines', { skip: NEEDS_CORPUS }, async (t) => {
  // Tar-ive Write contents have 989, 763, 540, 33, 27, 36 lines (jq `split("\n")|length`,
  // none ends with a newline) = 2388 lines, all with op "create".
  const writes = edits(parseAll(corpusFile(EXPECTED[4]!.rel)).events);
  t.same(
    writes.map((e) => e.added.length),
    [989, 763, 540, 33, 27, 36],
  );
  t.ok(writes.every((e) => e.op === 'create' && e.removed.length === 0));
  t.equal(writes[3]!.path, '/home/tarive/decode_b64.py');
  // sniffly NotebookEdit: new_source is recorded with literal "\n" escapes, so one line each.
  const notebook = edits(parseAll(corpusFile(EXPECTED[0]!.rel)).events).filter((e) => e.tool === 'NotebookEdit');
  t.same(
    notebook.map((e) => [e.path, e.added.length]),
    Array(4).fill(['/Users/chip/dev/ai-music/ai_music_notebook.ipynb', 1]),
  );
});

t.test('reads Bash commands with exit codes and output tails', { skip: NEEDS_CORPUS }, async (t) => {
  const { events } = parseAll(corpusFile(EXPECTED[9]!.rel, EXPECTED[9]!.parent, true));
  const commands = events.filter((e) => e.kind === 'command');
  t.match(commands[0], { command: /^which teams/, exitCode: 3, output: /\/home\/vwestberg\/\.local\/bin\)$/ });
  t.equal(commands[0]!.output.length, 400, 'the last 400 characters of a longer error text');
  t.equal(commands.filter((c) => c.exitCode === 1).length, 9, '"Exit code 1" once, 4 cancelled and 4 denied calls');
  t.equal(commands.filter((c) => c.exitCode === null).length, 3, 'successful calls without structured result');
  const tarive = parseAll(corpusFile(EXPECTED[4]!.rel)).events.filter((e) => e.kind === 'command');
  t.equal(tarive.filter((c) => c.exitCode === 0).length, 26);
  t.ok(tarive.every((c) => c.output.length <= 400));
});

t.test('gives the same events whether a tool call and its result are read in one chunk or two', { skip: NEEDS_CORPUS }, async (t) => {
  for (const exp of [EXPECTED[0]!, EXPECTED[1]!, EXPECTED[7]!]) {
    const file = corpusFile(exp.rel);
    const text = readFileSync(file.path, 'utf8');
    const whole = parseAll(file, text);
    const lines = text.split(/(?<=\n)/);
    // Cut right after the middle-most line that issues an edit call.
    const callLines = lines.map((l, i) => (/"name":"(Edit|MultiEdit|Write)"/.test(l) && l.includes('"tool_use"') ? i : -1)).filter((i) => i >= 0);
    const cut = callLines[Math.floor(callLines.length / 2)]! + 1;
    const split = parseSplit(file, text, cut);
    t.ok(
      Object.values(split.first.pending).some((c) => ['Edit', 'MultiEdit', 'Write'].includes(c.name)),
      `${basename(file.path)}: an edit call waits across the cut`,
    );
    t.same(split.events, whole.events, `${basename(file.path)}: same events and ids`);
    t.same(split.session, whole.session, `${basename(file.path)}: same session facts`);
  }
});

t.test('gives the same events at every line boundary of a small file', { skip: NEEDS_CORPUS }, async (t) => {
  const file = corpusFile(EXPECTED[2]!.rel);
  const text = readFileSync(file.path, 'utf8');
  const whole = parseAll(file, text);
  const n = text.split(/(?<=\n)/).length;
  for (let cut = 0; cut <= n; cut++) {
    const split = parseSplit(file, text, cut);
    if (
      !t.same(
        split.events.map((e) => e.id),
        whole.events.map((e) => e.id),
        `cut after line ${cut}`,
      )
    )
      break;
  }
});

t.test('reports a broken line as a diagnostic and keeps reading', { skip: NEEDS_CORPUS }, async (t) => {
  const file = corpusFile(EXPECTED[2]!.rel);
  const lines = readFileSync(file.path, 'utf8').split('\n');
  const before = parseAll(file).events;
  lines[1] = lines[1]!.slice(0, 40); // truncate line 2, the first assistant text
  lines.splice(6, 0, '42', 'null', '{"type":"mystery","message":{"content":7}}'); // valid JSON, unknown shapes
  const text = lines.join('\n');
  const { events, diagnostics } = parseAll(file, text);
  t.match(diagnostics, [{ file: file.path, line: 2, message: /not valid JSON/ }]);
  t.equal(diagnostics.length, 1);
  t.equal(events.length, before.length - 1, 'only the broken message is lost');
  t.equal(count(events, 'prompt'), 1);
  const cut = parseAll(file, `${text}\n{"type":"user","message":{"content":"half`);
  t.equal(cut.diagnostics.length, 2, 'a truncated last line too');
});

/** A synthetic transcript from line objects (uuid and timestamp filled in). */
function synthetic(lines: Record<string, unknown>[]): string {
  return lines.map((l, i) => JSON.stringify({ uuid: `u${i}`, timestamp: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, cwd: '/r', ...l }) + '\n').join('');
}
const use = (id: string, name: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'assistant',
  ...extra,
  message: { model: 'm1', content: [{ type: 'tool_use', id, name, input }] },
});
const result = (id: string, content: string, toolUseResult: unknown, isError = false) => ({
  type: 'user',
  toolUseResult,
  message: { content: [{ type: 'tool_result', tool_use_id: id, content, is_error: isError }] },
});
const FAKE: LogFile = { agent: 'claude-code', path: '/x/s.jsonl', sessionNativeId: 's', sidechain: false };

t.test('tells user refusals, hook blocks and tool errors apart', async (t) => {
  const input = { file_path: '/r/a.ts', old_string: 'a\nb\n', new_string: 'a\nc\nd\n' };
  const text = synthetic([
    use('t1', 'Edit', input),
    result(
      't1',
      "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file).",
      "Error: The user doesn't want to proceed",
      true,
    ),
    use('t2', 'Write', { file_path: '/r/b.ts', content: 'x\ny\n' }),
    result('t2', 'PreToolUse:Write hook error: [node guard.mjs]: Blocked by hook: protected file', 'Error: PreToolUse:Write hook error', true),
    use('t3', 'Edit', input),
    result('t3', 'Permission for this tool use was denied. The tool use was rejected.', 'Error: Permission denied', true),
    use('t4', 'Edit', input),
    result('t4', `<tool_use_error>${'String to replace not found in file. '.repeat(30)}</tool_use_error>`, 'Error: String to replace not found'),
  ]);
  const out = edits(parseAll(FAKE, text).events);
  t.same(
    out.map((e) => [e.outcome, e.rejection?.kind]),
    [
      ['rejected', 'user-declined'],
      ['rejected', 'hook-blocked'],
      ['rejected', 'user-declined'],
      ['rejected', 'tool-error'],
    ],
  );
  t.same(out[0]!.added, ['c', 'd'], 'an Edit proposal adds the new lines not in old_string');
  t.same(out[0]!.removed, ['b']);
  t.same(out[1]!.added, ['x', 'y'], 'a Write proposal adds its content');
  t.match(out[3]!.rejection!.reason, /^String to replace/, 'tool_use_error tags are stripped');
  t.equal(out[3]!.rejection!.reason.length, 500);
});

t.test('calls left unanswered do not pile up in the state, and calls answered late still apply', async (t) => {
  const lines: Record<string, unknown>[] = [];
  for (let i = 0; i < 1000; i++) lines.push(use(`lost${i}`, 'Bash', { command: `sleep ${i}` }));
  lines.push(use('late', 'Edit', { file_path: '/r/a.ts', old_string: 'a', new_string: 'b' }));
  for (let i = 0; i < MAX_PENDING_CALLS - 1; i++) lines.push(use(`lost-again${i}`, 'Bash', { command: 'true' }));
  lines.push(result('late', 'ok', { filePath: '/r/a.ts' }));
  lines.push(use('w1', 'Write', { file_path: '/r/b.ts', content: 'x\n' }), result('w1', 'ok', { filePath: '/r/b.ts' }));
  const { state, events } = parseAll(FAKE, synthetic(lines));
  t.equal(Object.keys(state.pending).length, MAX_PENDING_CALLS - 1, `the newest unanswered calls wait, ${MAX_PENDING_CALLS} at most (1,127 were left unanswered)`);
  t.same(
    edits(events).map((e) => [e.path, e.outcome]),
    [
      ['/r/a.ts', 'applied'],
      ['/r/b.ts', 'applied'],
    ],
    'an edit answered after 127 unanswered calls, and the next one',
  );
});

t.test('the oldest waiting call is forgotten in the order the state object lists its ids (answered and asked again, digit ids, a state read back)', async (t) => {
  const call = (name: string): PendingCall => ({ name, input: {}, at: null, lineUuid: name });
  /** What rememberCall did before it kept the order beside the map: list the object, forget its first ids. */
  const model = (pending: Record<string, PendingCall>, id: string, c: PendingCall) => {
    pending[id] = c;
    const ids = Object.keys(pending);
    for (let i = 0; i < ids.length - MAX_PENDING_CALLS; i++) delete pending[ids[i]!];
  };
  let seed = 7; // mulberry32: a fixed sequence of ids and steps
  const next = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
  for (const digits of [false, true]) {
    let real: Record<string, PendingCall> = {};
    const ref: Record<string, PendingCall> = {};
    for (let step = 0; step < 4000; step++) {
      const id = digits && next(20) === 0 ? String(next(400)) : `toolu_${next(400)}`;
      const roll = next(10);
      if (roll < 7) {
        rememberCall(real, id, call(`${step}`));
        model(ref, id, call(`${step}`));
      } else if (roll < 9) {
        forgetCall(real, id);
        delete ref[id];
      } else if (step % 100 === 9) real = JSON.parse(JSON.stringify(real)) as Record<string, PendingCall>; // read back from the store
    }
    t.equal(Object.keys(ref).length, MAX_PENDING_CALLS, 'the state is full: calls were forgotten');
    t.same(Object.entries(real), Object.entries(ref), digits ? 'with digit ids among them' : 'tool-use ids');
  }
});

t.test('tool-use ids are data: __proto__, constructor and toString are ids like any other', async (t) => {
  const text = synthetic([
    use('__proto__', 'Write', { file_path: '/r/p.ts', content: 'x\n' }),
    result('__proto__', 'ok', { filePath: '/r/p.ts' }),
    result('constructor', 'ok', {}),
    result('toString', 'ok', {}),
    use('hasOwnProperty', 'Write', { file_path: '/r/h.ts', content: 'y\n' }),
    result('hasOwnProperty', 'ok', { filePath: '/r/h.ts' }),
  ]);
  const { state, events } = parseAll(FAKE, text);
  t.equal(Object.getPrototypeOf(state.pending), Object.prototype, 'the state keeps its prototype');
  t.same(
    edits(events).map((e) => e.path),
    ['/r/h.ts'],
    'results with no call of their own give nothing; a call named like an Object method is read',
  );
});

t.test('cwds are data: constructor and __proto__ are counted like any other, and distinct cwds are bounded', async (t) => {
  const lines: Record<string, unknown>[] = [];
  for (let i = 0; i < 5; i++) lines.push({ type: 'user', cwd: 'constructor', message: { content: 'x' } });
  for (let i = 0; i < 3; i++) lines.push({ type: 'user', cwd: '__proto__', message: { content: 'x' } });
  for (let i = 0; i < 200; i++) lines.push({ type: 'user', cwd: `/elsewhere/${i}`, message: { content: 'x' } });
  const text = synthetic(lines);
  const first = parseAll(FAKE, text);
  t.equal(first.session.cwd, 'constructor', 'the cwd on most lines wins, whatever its name');
  t.equal(first.state.facts.cwdCounts.constructor, 5, 'counted as a number, not added to Object');
  t.equal(Object.getPrototypeOf(first.state.facts.cwdCounts), Object.prototype, 'the counts keep their prototype');
  t.equal(Object.keys(first.state.facts.cwdCounts).length, MAX_CWDS, `at most ${MAX_CWDS} distinct cwds are kept`);
  const again = parseSplit(FAKE, text + synthetic([{ type: 'user', cwd: 'constructor', message: { content: 'x' } }]), 100);
  t.equal(again.session.cwd, 'constructor', 'the same after the state went through JSON');
});

t.test('falls back to the input when no patch was recorded', async (t) => {
  const text = synthetic([
    use('e1', 'Edit', { file_path: '/r/a.ts', old_string: 'one\ntwo', new_string: 'one\n2\nthree' }),
    result('e1', 'ok', { filePath: '/r/a.ts' }),
    use('m1', 'MultiEdit', {
      file_path: '/r/m.ts',
      edits: [
        { old_string: 'p', new_string: 'q' },
        { old_string: 'r', new_string: 's\nt' },
      ],
    }),
    result('m1', 'ok', { filePath: '/r/m.ts' }),
    use('w1', 'Write', { file_path: '/r/w.ts', content: 'new\n' }),
    result('w1', 'ok', { type: 'update', filePath: '/r/w.ts', structuredPatch: [{ lines: ['-old', '+new', ' same'] }] }),
    use('w2', 'Write', { file_path: '/r/w.ts', content: 'new\nsame\n' }),
    result('w2', 'ok', { type: 'update', filePath: '/r/w.ts', structuredPatch: [] }),
  ]);
  const out = edits(parseAll(FAKE, text).events);
  t.same(
    out.map((e) => [e.tool, e.path, e.op, e.added, e.removed]),
    [
      ['Edit', '/r/a.ts', 'update', ['2', 'three'], ['two']],
      ['MultiEdit', '/r/m.ts', 'update', ['q'], ['p']],
      ['MultiEdit', '/r/m.ts', 'update', ['s', 't'], ['r']],
      ['Write', '/r/w.ts', 'update', ['new'], ['old']],
      ['Write', '/r/w.ts', 'update', [], []],
    ],
  );
  t.not(out[1]!.id, out[2]!.id, 'one id per edit of a MultiEdit');
  t.ok(out.every((e) => e.outcome === 'applied' && e.at !== null));
});

t.test('keeps the TaskCreate / TaskUpdate list as todo events', async (t) => {
  const text = synthetic([
    use('c1', 'TaskCreate', { subject: 'Write parser', description: 'd', activeForm: 'Writing parser' }),
    result('c1', 'Task #1 created successfully: Write parser', { task: { id: '1', subject: 'Write parser' } }),
    use('c2', 'TaskCreate', { subject: 'Add tests' }),
    result('c2', 'Task #2 created successfully: Add tests', undefined),
    use('u1', 'TaskUpdate', { taskId: '1', status: 'completed' }),
    result('u1', 'Updated task #1 status', { success: true }),
    use('u2', 'TaskUpdate', { taskId: '2', status: 'deleted' }),
    result('u2', 'Updated task #2 deleted', { success: true }),
    use('u3', 'TaskUpdate', { taskId: '9', status: 'in_progress' }),
    result('u3', 'Task not found', 'Error: Task not found', true),
  ]);
  const todos = parseAll(FAKE, text)
    .events.filter((e) => e.kind === 'todo')
    .map((e) => e.items);
  t.same(todos, [
    [{ text: 'Write parser', status: 'pending' }],
    [
      { text: 'Write parser', status: 'pending' },
      { text: 'Add tests', status: 'pending' },
    ],
    [
      { text: 'Write parser', status: 'completed' },
      { text: 'Add tests', status: 'pending' },
    ],
    [{ text: 'Write parser', status: 'completed' }],
  ]);
});

t.test('leaves injected user lines out of prompts', async (t) => {
  const user = (content: unknown, extra: Record<string, unknown> = {}) => ({ type: 'user', ...extra, message: { role: 'user', content } });
  const text = synthetic([
    user('fix the bug'),
    user([
      { type: 'text', text: 'look at' },
      { type: 'image', source: {} },
      { type: 'text', text: 'this' },
    ]),
    user('summary of the conversation', { isCompactSummary: true }),
    user('<system-reminder>be nice</system-reminder>'),
    user('  <command-name>/clear</command-name>'),
    user('skill text', { isMeta: true }),
    user('delegated task', { isSidechain: true }),
    user([{ type: 'text', text: '[Request interrupted by user for tool use]' }]),
  ]);
  const prompts = parseAll(FAKE, text).events.filter((e) => e.kind === 'prompt');
  t.same(
    prompts.map((p) => p.text),
    ['fix the bug', 'look at\nthis'],
  );
});

t.test('derives model, branch, cwd and title from the whole file', async (t) => {
  const text = synthetic([
    { type: 'user', gitBranch: 'HEAD', message: { content: 'hi' } },
    { type: 'assistant', gitBranch: 'feature/x', version: '2.1.1', message: { model: 'claude-a', content: [] } },
    { type: 'assistant', gitBranch: 'HEAD', cwd: '/r/sub', version: '2.1.2', message: { model: '<synthetic>', content: [{ type: 'text', text: 'API Error' }] } },
    { type: 'assistant', isSidechain: true, message: { model: 'claude-haiku', content: [] } },
    { type: 'ai-title', aiTitle: 'Fix the bug' },
  ]);
  const { session, events } = parseAll(FAKE, text);
  t.match(session, { model: 'claude-a', branch: 'feature/x', cwd: '/r', version: '2.1.2', title: 'Fix the bug', started: '2026-01-01T00:00:00.000Z', ended: '2026-01-01T00:00:04.000Z' });
  t.equal(count(events, 'message'), 0, 'synthetic messages are not prose');
  const titled = parseAll(FAKE, text + synthetic([{ type: 'custom-title', customTitle: 'mine' }])).session;
  t.equal(titled.title, 'mine', 'a user rename wins over the AI title');
});

t.test('probes the first recorded cwd from complete lines', { skip: NEEDS_CORPUS }, async (t) => {
  t.equal(await claudeCodeReader.probe(corpusFile(EXPECTED[7]!.rel)), '/Users/marklin/workspace/my-profile-site');
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const path = join(sb.root, 'p.jsonl');
  writeFileSync(path, '{"type":"file-history-snapshot","snapshot":{}}\n{"type":"user","cwd":"/a/b"}\n');
  t.equal(await claudeCodeReader.probe({ ...FAKE, path }), '/a/b');
  writeFileSync(path, '{"type":"user","cwd":"/a/b"');
  t.equal(await claudeCodeReader.probe({ ...FAKE, path }), null, 'an incomplete line is not trusted');
  t.equal(await claudeCodeReader.probe({ ...FAKE, path: join(sb.root, 'missing.jsonl') }), null);
});

t.test('honours CLAUDE_CONFIG_DIR for its home', async (t) => {
  t.equal(claudeCodeReader.home({ HOME: '/h' }), '/h/.claude');
  t.equal(claudeCodeReader.home({ HOME: '/h', CLAUDE_CONFIG_DIR: '/c' }), '/c');
  t.equal(projectSlug('/home/a/.config/my_app'), '-home-a--config-my-app');
});

/** Write a file, creating its directory. */
function put(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

t.test('discovers only the sessions of the repository, with both sub-agent layouts', { timeout: 20000 }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = join(sb.root, 'work', 'my.repo');
  const slug = projectSlug(repo);
  t.ok(slug.endsWith('-work-my-repo'));
  const projects = join(sb.home, '.claude', 'projects');
  const main = 'aaaaaaaa-0000-4000-8000-000000000001';
  const line = (sessionId: string) => JSON.stringify({ type: 'user', sessionId, cwd: repo }) + '\n';
  put(join(projects, slug, `${main}.jsonl`), line(main));
  put(join(projects, slug, 'agent-1a2b3c4d.jsonl'), '{"type":"summary"}\n' + line(main));
  put(join(projects, slug, 'agent-0000dead.jsonl'), '{"type":"summary"}\n');
  put(join(projects, slug, main, 'subagents', 'agent-a0123456789abcdef.jsonl'), line(main));
  put(join(projects, slug, main, 'subagents', 'agent-a0123456789abcdef.meta.json'), '{}');
  put(join(projects, slug, main, 'tool-results', 'toolu_1.txt'), 'out');
  put(join(projects, `${slug}-packages-core`, 'bbbbbbbb-0000-4000-8000-000000000002.jsonl'), '');
  put(join(projects, `${slug}2`, 'cccccccc-0000-4000-8000-000000000003.jsonl'), '');
  put(join(projects, '-elsewhere', 'dddddddd-0000-4000-8000-000000000004.jsonl'), '');
  // A FIFO in another project: reading its head would block, so this test would time out.
  mkdirSync(join(projects, '-elsewhere-too'), { recursive: true });
  execFileSync('mkfifo', [join(projects, '-elsewhere-too', 'agent-ffffffff.jsonl')]);

  const found = await claudeCodeReader.discover({ env: sb.env, roots: [repo] });
  t.same(
    found.map((f) => [f.path.slice(projects.length + 1), f.sessionNativeId, f.sidechain]),
    [
      [`${slug}-packages-core/bbbbbbbb-0000-4000-8000-000000000002.jsonl`, 'bbbbbbbb-0000-4000-8000-000000000002', false],
      [`${slug}/${main}/subagents/agent-a0123456789abcdef.jsonl`, main, true],
      [`${slug}/${main}.jsonl`, main, false],
      [`${slug}/agent-1a2b3c4d.jsonl`, main, true],
    ].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
  );
  t.ok(found.every((f) => f.agent === 'claude-code'));
  t.same(await claudeCodeReader.discover({ env: sb.env, roots: [`${repo}/`] }), found, 'a trailing slash on a root changes nothing');

  const config = join(sb.root, 'claude-config');
  put(join(config, 'projects', slug, 'eeeeeeee-0000-4000-8000-000000000005.jsonl'), '');
  const viaConfig = await claudeCodeReader.discover({ env: { ...sb.env, CLAUDE_CONFIG_DIR: config }, roots: [repo] });
  t.same(
    viaConfig.map((f) => f.sessionNativeId),
    ['eeeeeeee-0000-4000-8000-000000000005'],
    'CLAUDE_CONFIG_DIR replaces ~/.claude',
  );
  t.same(await claudeCodeReader.discover({ env: { HOME: join(sb.root, 'nobody') }, roots: [repo] }), [], 'no projects dir: nothing, no throw');
});

t.test('discovers the corpus layouts as Claude Code writes them', { skip: NEEDS_CORPUS }, async (t) => {
  const omarchy = await claudeCodeReader.discover({ env: { CLAUDE_CONFIG_DIR: join(CC, '4thehalibit__omarchy-backup') }, roots: ['/home/vwestberg/Claude'] });
  t.same(
    omarchy.map((f) => [basename(f.path), f.sessionNativeId, f.sidechain]),
    [
      ['44ef5cbf-9cc3-4f7b-ac40-337a4d39713b.jsonl', '44ef5cbf-9cc3-4f7b-ac40-337a4d39713b', false],
      ['agent-a71969c1296961234.jsonl', '44ef5cbf-9cc3-4f7b-ac40-337a4d39713b', true],
    ],
  );
  const matt = await claudeCodeReader.discover({ env: { CLAUDE_CONFIG_DIR: join(CC, 'eyerematthew__testing') }, roots: ['/home/matt24'] });
  t.same(
    matt.map((f) => [basename(f.path), f.sessionNativeId, f.sidechain]),
    [['agent-277f009f.jsonl', '0b223d21-a2f0-4f64-801b-4707e43f4c3c', true]],
  );
  t.same(await claudeCodeReader.discover({ env: { CLAUDE_CONFIG_DIR: join(CC, 'eyerematthew__testing') }, roots: ['/home/matt'] }), [], '-home-matt is not -home-matt24');
});

t.test('a slash command with arguments is a prompt; one without is not', async (t) => {
  const echo = (name: string, args: string) => ({
    type: 'user',
    message: { role: 'user', content: `<command-message>${name.slice(1)} is running…</command-message>\n<command-name>${name}</command-name>\n<command-args>${args}</command-args>` },
  });
  t.equal(promptText(echo('/orchestrator', ' update CLAUDE.md ')), '/orchestrator update CLAUDE.md');
  t.equal(promptText(echo('/exit', '')), null);
  t.equal(promptText({ type: 'user', message: { role: 'user', content: '<local-command-stdout>Bye!</local-command-stdout>' } }), null);
});

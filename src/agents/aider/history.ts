/**
 * Parses Aider's chat history `.aider.chat.history.md` (session-formats.md §4.2, written by
 * `Aider-AI/aider: aider/io.py`: `user_input` writes `#### ` lines, `ai_output` the reply as
 * plain markdown, `tool_output` one `> ` message that ends in two spaces; a message of several
 * lines has `> ` on its first line only). Every line aider writes for the user or itself ends
 * in two spaces (a markdown line break), which tells a prompt from a `#### ` heading in a
 * reply (corpus `aider/AndrewJacop__Simple-Calulator` line 1612). Checked against every file
 * in `corpus/aider/`.
 *
 * Reading is incremental over complete lines; what a reply proposed waits in the state until
 * aider's own lines settle it: `Applied edit to <file>` (applied), `Skipping edits to <file>`
 * (the user said no), `The LLM did not conform…` with the SearchReplaceNoExactMatch report
 * (failed blocks rejected, `The other N … were applied successfully` applied). Proposals aider
 * never confirmed nor refused (an answer in /ask mode, an example) are not edits.
 */
import { isAbsolute, posix } from 'node:path';
import type { DriftEvent, EditEvent, SessionInfo } from '../../types.js';
import { eventId } from '../reader.js';
import { keptField } from '../lines.js';
import { normalizePath, replyEdits, type Proposal } from './blocks.js';
import { aiderTime, takePromptTime, type InputEntry } from './input.js';
import { settleFailure } from './failures.js';

/** One aider session (from one `# aider chat started at` line to the next). */
export interface AiderSession {
  nativeId: string;
  started: string | null;
  model: string | null;
  version: string | null;
}

/** A reply whose proposals are not all settled yet. */
export interface OpenReply {
  /** Byte offset of the reply's first line: the native item of its events' ids. */
  offset: number;
  /** The reply's markdown while it is being read; '' once its proposals were extracted. */
  text: string;
  proposals: Proposal[];
  whole: Record<string, string[]>;
  /** Per proposal: already emitted. */
  settled: boolean[];
  /** Set by `The LLM did not conform to the edit format`: the reason unsettled proposals fail with. */
  failure: string | null;
}

/** The per-file state of the aider reader (JSON). */
export interface AiderState {
  /** Bytes of the chat history and of the input history read so far. */
  offset: number;
  inputOffset: number;
  /** Typed inputs not yet matched to a prompt (bounded). */
  inputs: InputEntry[];
  session: AiderSession | null;
  /** The `#### ` lines being read, and where they started. */
  prompt: { offset: number; lines: string[] } | null;
  /** Time of the last prompt (events of its turn carry it), else the session start. */
  turnAt: string | null;
  /** The reply being read (`reading`) or waiting for aider's verdict. */
  reply: OpenReply | null;
  reading: boolean;
  /** A `> ` message of several lines being read. */
  toolMessage: { offset: number; lines: string[] } | null;
  /** The previous `> ` message of the current turn (a Commit right after `Applied edit` is aider's own). */
  lastTool: string | null;
  /** Aider's own commits: abbreviated sha → native id of the session that made it. */
  commits: Record<string, string>;
}

/** Most typed inputs kept waiting for their prompt. */
const MAX_INPUTS = 500;
/** Most commits remembered per history file. */
const MAX_COMMITS = 20_000;

/** The state a history file starts with. */
export function initialAiderState(): AiderState {
  return { offset: 0, inputOffset: 0, inputs: [], session: null, prompt: null, turnAt: null, reply: null, reading: false, toolMessage: null, lastTool: null, commits: {} };
}

/** What one parse produced; `edits` of a reply aider committed in the same read lose their lines (see `parseAiderHistory`). */
export interface AiderChunk {
  events: DriftEvent[];
  sessions: Partial<SessionInfo>[];
}

/** Everything the line handlers share. */
interface Ctx {
  state: AiderState;
  root: string;
  events: DriftEvent[];
  sessions: Map<string, Partial<SessionInfo>>;
  /** Applied edits emitted in this parse, per reply offset (their lines go when aider commits them). */
  fresh: EditEvent[];
}

/**
 * Parse complete lines of the chat history starting at byte `offset`, with `inputs` (the
 * newly read input-history entries) appended to the state's queue. `root` is the directory
 * of the history (recorded paths are relative to it). Session ids: the first 16 hex digits
 * of SHA-1 over the start line's time and byte offset. Applied edits that aider committed
 * itself later in the same text (`> Commit <sha>` right after `Applied edit`) keep their
 * count but lose their lines: those lines are in aider's commit already, and must not wait
 * for a later one. Pure: mutates only `state`.
 */
export function parseAiderHistory(text: string, offset: number, state: AiderState, inputs: InputEntry[], root: string): AiderChunk {
  state.inputs.push(...inputs);
  if (state.inputs.length > MAX_INPUTS) state.inputs.splice(0, state.inputs.length - MAX_INPUTS);
  const ctx: Ctx = { state, root, events: [], sessions: new Map(), fresh: [] };
  let at = offset;
  for (const raw of text.split('\n').slice(0, text.endsWith('\n') ? -1 : undefined)) {
    readLine(ctx, raw.replace(/\r$/, ''), at);
    at += Buffer.byteLength(raw, 'utf8') + 1;
  }
  return { events: ctx.events, sessions: [...ctx.sessions.values()] };
}

function readLine(ctx: Ctx, line: string, offset: number): void {
  const s = ctx.state;
  if (s.toolMessage) {
    s.toolMessage.lines.push(line);
    if (line.endsWith('  ')) finishToolMessage(ctx);
    return;
  }
  const header = /^# aider chat started at (.+)$/.exec(line);
  if (header) return startSession(ctx, header[1]!.trim(), offset);
  if ((line.startsWith('#### ') || line.startsWith('####  ')) && line.endsWith('  ')) {
    if (!s.prompt) {
      closeReply(ctx);
      s.prompt = { offset, lines: [] };
      s.lastTool = null;
    }
    s.prompt.lines.push(line.slice(5).replace(/ {2}$/, ''));
    return;
  }
  finishPrompt(ctx);
  if (line.startsWith('> ')) {
    endReplyText(ctx);
    if (line.endsWith('  ')) readTool(ctx, line.slice(2).trim(), offset);
    else s.toolMessage = { offset, lines: [line.slice(2)] };
    return;
  }
  if (s.reading) s.reply!.text += `${line}\n`;
  else if (line.trim() !== '') {
    closeReply(ctx);
    s.reply = { offset, text: `${line}\n`, proposals: [], whole: {}, settled: [], failure: null };
    s.reading = true;
  }
}

function startSession(ctx: Ctx, when: string, offset: number): void {
  const s = ctx.state;
  finishPrompt(ctx);
  closeReply(ctx);
  const nativeId = eventId('aider', `${when}@${offset}`, 0);
  s.session = { nativeId, started: aiderTime(when), model: null, version: null };
  s.turnAt = s.session.started;
  s.lastTool = null;
  noteSession(ctx, {});
}

/** Report the current session's facts (merged over what this parse reported before). */
function noteSession(ctx: Ctx, update: Partial<SessionInfo>): void {
  const session = ctx.state.session;
  if (!session) return;
  const info = ctx.sessions.get(session.nativeId) ?? {
    id: `aider:${session.nativeId}`,
    agent: 'aider',
    nativeId: session.nativeId,
    cwd: ctx.root,
    ...(session.started ? { started: session.started, ended: session.started } : {}),
  };
  if (session.model) info.model = session.model;
  if (session.version) info.version = session.version;
  ctx.sessions.set(session.nativeId, { ...info, ...update });
}

/** The session events belong to; lines before any start line get a session named by the file offset 0. */
function sessionId(ctx: Ctx): string {
  if (!ctx.state.session) ctx.state.session = { nativeId: eventId('aider', 'start@0', 0), started: null, model: null, version: null };
  return `aider:${ctx.state.session.nativeId}`;
}

function finishPrompt(ctx: Ctx): void {
  const prompt = ctx.state.prompt;
  if (!prompt) return;
  ctx.state.prompt = null;
  const text = prompt.lines.join('\n').trim();
  if (text === '' || text === '<blank>' || text.startsWith('/')) return; // empty input or an aider command
  const session = sessionId(ctx);
  const at = takePromptTime(ctx.state.inputs, text);
  if (at) {
    ctx.state.turnAt = at;
    noteSession(ctx, { ended: at });
  }
  ctx.events.push({ id: eventId(session, `@${prompt.offset}`, 0), session, at, kind: 'prompt', text });
}

/** The reply's text is complete (a `> ` line follows): emit it as a message and extract its proposals. */
function endReplyText(ctx: Ctx): void {
  const s = ctx.state;
  if (!s.reading || !s.reply) return;
  s.reading = false;
  const reply = s.reply;
  const text = reply.text.trim();
  reply.text = '';
  if (text === '') return;
  const session = sessionId(ctx);
  ctx.events.push({ id: eventId(session, `@${reply.offset}`, 0), session, at: s.turnAt, kind: 'message', text });
  const found = replyEdits(text);
  reply.proposals = found.proposals;
  reply.settled = found.proposals.map(() => false);
  reply.whole = Object.fromEntries(found.whole);
}

/** A new reply or turn begins: the previous reply's failure (if any) settles what is left of it. */
function closeReply(ctx: Ctx): void {
  const s = ctx.state;
  endReplyText(ctx);
  const reply = s.reply;
  s.reply = null;
  if (reply?.failure) reply.proposals.forEach((_, i) => settle(ctx, reply, i, { kind: 'tool-error', reason: reply.failure! }));
}

function finishToolMessage(ctx: Ctx): void {
  const message = ctx.state.toolMessage!;
  ctx.state.toolMessage = null;
  const text = message.lines.join('\n').trim();
  const reply = ctx.state.reply;
  if (reply && /SEARCH\/REPLACE blocks? failed to match/.test(text)) {
    for (const verdict of settleFailure(text, reply.proposals, reply.settled)) settle(ctx, reply, verdict.index, verdict.rejection);
  } else readTool(ctx, text.split('\n')[0]!.trim(), message.offset);
}

/** One `> ` message of aider's (single line, trailing spaces trimmed). */
function readTool(ctx: Ctx, text: string, offset: number): void {
  const s = ctx.state;
  const previous = s.lastTool;
  s.lastTool = text;
  const version = /^Aider v(\S+)/.exec(text);
  const model = /^(?:Main model|Model): (\S+)/.exec(text);
  const applied = /^Applied edit to (.+)$/.exec(text);
  const skipped = /^Skipping edits to (.+)$/.exec(text);
  const commit = /^Commit ([0-9a-f]{7,40})\b/.exec(text);
  const running = /^Running (.+)$/.exec(text);
  if (version || model) {
    if (s.session && version) s.session.version = version[1]!;
    if (s.session && model) s.session.model = model[1]!;
    noteSession(ctx, {});
  } else if (applied) confirm(ctx, normalizePath(applied[1]!), offset);
  else if (skipped && s.reply) refuse(ctx, s.reply, normalizePath(skipped[1]!), previous ?? text);
  else if (/^The LLM did not conform to the edit format/.test(text) && s.reply) s.reply.failure = text;
  else if (commit && previous !== null && /^Applied edit to /.test(previous)) ownCommit(ctx, commit[1]!);
  else if (running) {
    const session = sessionId(ctx);
    ctx.events.push({ id: eventId(session, `@${offset}`, 0), session, at: s.turnAt, kind: 'command', command: running[1]!, exitCode: null, output: '' });
  }
}

/** `Applied edit to <path>`: every proposal of the reply for that path is applied; with none, the whole-file fence or an edit without lines. */
function confirm(ctx: Ctx, path: string, offset: number): void {
  const reply = ctx.state.reply;
  let found = false;
  reply?.proposals.forEach((p, i) => {
    if (p.path !== path) return;
    found = true;
    settle(ctx, reply, i, null);
  });
  if (found) return;
  const whole = reply && Object.hasOwn(reply.whole, path) ? reply.whole[path] : undefined; // the path comes from the log: own keys only
  const session = sessionId(ctx);
  const edit = editEvent(
    ctx,
    eventId(session, `@${offset}`, 0),
    session,
    {
      path,
      tool: whole ? 'whole' : 'aider',
      op: 'update',
      added: whole ?? [],
      removed: [],
      search: null,
    },
    null,
  );
  ctx.events.push(edit);
  ctx.fresh.push(edit);
}

/** `Skipping edits to <path>` after a question answered no: that path's proposals were declined. */
function refuse(ctx: Ctx, reply: OpenReply, path: string, question: string): void {
  reply.proposals.forEach((p, i) => {
    if (p.path === path) settle(ctx, reply, i, { kind: 'user-declined', reason: question });
  });
}

/** Emit proposal `i` of `reply` once: applied when `rejection` is null. */
function settle(ctx: Ctx, reply: OpenReply, i: number, rejection: EditEvent['rejection']): void {
  if (reply.settled[i]) return;
  reply.settled[i] = true;
  const session = sessionId(ctx);
  const edit = editEvent(ctx, eventId(session, `@${reply.offset}`, i + 1), session, reply.proposals[i]!, rejection);
  ctx.events.push(edit);
  if (!rejection) ctx.fresh.push(edit);
}

function editEvent(ctx: Ctx, id: string, session: string, p: Proposal, rejection: EditEvent['rejection']): EditEvent {
  const path = isAbsolute(p.path) || /^[A-Za-z]:\//.test(p.path) ? p.path : posix.join(ctx.root, p.path);
  return {
    id,
    session,
    at: ctx.state.turnAt,
    kind: 'edit',
    tool: p.tool,
    path,
    op: p.op,
    movedTo: null,
    added: p.added,
    removed: p.removed,
    ...keptField(p.kept, !rejection),
    outcome: rejection ? 'rejected' : 'applied',
    rejection,
  };
}

/** `Commit <sha>` right after `Applied edit`: aider committed its edits itself; their lines are in that commit. */
function ownCommit(ctx: Ctx, sha: string): void {
  const s = ctx.state;
  if (!s.session) return;
  s.commits[sha] = s.session.nativeId;
  const keys = Object.keys(s.commits);
  if (keys.length > MAX_COMMITS) delete s.commits[keys[0]!];
  for (const edit of ctx.fresh) {
    edit.added = [];
    edit.removed = [];
    delete edit.kept;
  }
  ctx.fresh = [];
}

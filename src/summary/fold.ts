/**
 * The whole-session summary of a record (`summarize` over every event), kept as a fold that
 * takes events in order, a few at a time, with its strings already redacted: so writing a
 * session's record after each commit costs the new events, not the session. Pure: the fold
 * is plain JSON (persisted by `src/store/record-cache.ts`), `foldEvents` mutates it, `summaryOfFold`
 * reads it. For any split of the events, `summaryOfFold` after folding them equals
 * `redact(summarize(events))` string for string (a test checks it on corpus sessions).
 */
import type { PromptMode } from '../config.js';
import type { CommandEvent, DriftEvent, TodoEvent } from '../types.js';
import {
  COMMAND_TAIL,
  DECISION_CHARS,
  failedCommandThread,
  firstSentences,
  rejectedApproach,
  thenTheUserSaid,
  todoThreads,
  unansweredThread,
  type RejectedApproach,
  type SessionSummary,
} from './summarize.js';
import { setOwn } from '../records.js';

/** The state of a folded summary (JSON). Strings marked redacted went through the redactor once. */
export interface SummaryFold {
  /** How many events of the session were folded. */
  folded: number;
  /** Every prompt: its event id, its text as logged, and its text and time redacted. */
  prompts: { id: string; raw: string; text: string; at: string | null }[];
  /** Conclusions of the turns closed by a later prompt (redacted, none empty). */
  decisions: string[];
  /** Text of the last message of the turn still open, if any (as logged). */
  lastMessage: string | null;
  /** Rejected approaches followed by a prompt (redacted, final). */
  rejected: RejectedApproach[];
  /** Rejected approaches since the last prompt (as logged): a user refusal awaits the next prompt's words. */
  openRejected: RejectedApproach[];
  /** The last todo event, if any (as logged). */
  todo: TodoEvent | null;
  /** The last prompt (as logged) and whether a message or edit followed it. */
  lastPrompt: { text: string; at: string | null; id: string; answered: boolean } | null;
  /** The last command event and its 0-based index in the session. */
  lastCommand: { index: number; event: CommandEvent } | null;
  edits: { applied: number; rejected: number };
  /** Repo-relative (or recorded) path of each applied edit's file → that path redacted. */
  files: Record<string, string>;
}

/** A fold of no events. */
export function emptyFold(): SummaryFold {
  return { folded: 0, prompts: [], decisions: [], lastMessage: null, rejected: [], openRejected: [], todo: null, lastPrompt: null, lastCommand: null, edits: { applied: 0, rejected: 0 }, files: {} };
}

/** What folding needs besides the events: the same `relative` and `mode` as `summarize`, and the redaction of one string. */
export interface FoldContext {
  relative: (path: string) => string | null;
  mode: PromptMode;
  redact: (text: string) => string;
}

/** Fold `events` (the session's events from index `fold.folded` on, in log order) into `fold`. */
export function foldEvents(fold: SummaryFold, events: DriftEvent[], ctx: FoldContext): void {
  for (const e of events) {
    const index = fold.folded++;
    if (e.kind === 'prompt') foldPrompt(fold, e, ctx);
    else if (e.kind === 'message') {
      if (e.text.trim()) fold.lastMessage = e.text;
      if (fold.lastPrompt) fold.lastPrompt.answered = true;
    } else if (e.kind === 'edit') {
      if (fold.lastPrompt) fold.lastPrompt.answered = true;
      if (e.outcome === 'applied') {
        fold.edits.applied++;
        const rel = ctx.relative(e.movedTo ?? e.path);
        if (rel && !Object.hasOwn(fold.files, rel)) setOwn(fold.files, rel, ctx.redact(rel));
      } else {
        fold.edits.rejected++;
        fold.lastMessage = null; // What led to a refused edit is no decision.
        if (e.rejection) fold.openRejected.push(rejectedApproach(e, e.rejection, ctx.relative));
      }
    } else if (e.kind === 'command') fold.lastCommand = { index, event: e };
    else if (e.kind === 'todo') fold.todo = e;
  }
}

function foldPrompt(fold: SummaryFold, e: Extract<DriftEvent, { kind: 'prompt' }>, ctx: FoldContext): void {
  closeTurn(fold, ctx.redact);
  for (const r of fold.openRejected) {
    if (r.kind === 'user-declined' && ctx.mode !== 'none') r.reason = thenTheUserSaid(r.reason, e);
    fold.rejected.push(redactApproach(r, ctx.redact));
  }
  fold.openRejected = [];
  fold.prompts.push({ id: e.id, raw: e.text, text: ctx.redact(e.text), at: e.at === null ? null : ctx.redact(e.at) });
  fold.lastPrompt = { text: e.text, at: e.at, id: e.id, answered: false };
}

function closeTurn(fold: SummaryFold, redact: (text: string) => string): void {
  if (fold.lastMessage === null) return;
  const decision = firstSentences(fold.lastMessage, DECISION_CHARS);
  if (decision.length > 0) fold.decisions.push(redact(decision));
  fold.lastMessage = null;
}

function redactApproach(r: RejectedApproach, redact: (text: string) => string): RejectedApproach {
  return { path: redact(r.path), tool: redact(r.tool), kind: redact(r.kind) as RejectedApproach['kind'], reason: redact(r.reason), at: r.at === null ? null : redact(r.at) };
}

/**
 * The redacted summary of what `fold` holds, cut in two: `finished` are the prompts,
 * decisions and rejected approaches in the fold's lists (final: later events never change
 * them, so they can be rendered once and kept, see `src/store/record-cache.ts`), `pending`
 * the decision of the turn still open and the rejected approaches no prompt followed yet
 * (they change until the next prompt). Does not change `fold`.
 */
export function splitSummaryOfFold(fold: SummaryFold, ctx: Pick<FoldContext, 'mode' | 'redact'>): FoldSplit {
  const pendingDecisions: string[] = [];
  if (fold.lastMessage !== null) {
    const decision = firstSentences(fold.lastMessage, DECISION_CHARS);
    if (decision.length > 0) pendingDecisions.push(ctx.redact(decision));
  }
  const threads = todoThreads(fold.todo ?? undefined);
  if (fold.lastPrompt && !fold.lastPrompt.answered) {
    threads.push(unansweredThread({ kind: 'prompt', id: fold.lastPrompt.id, session: '', at: fold.lastPrompt.at, text: fold.lastPrompt.text }, ctx.mode));
  }
  const command = fold.lastCommand && fold.lastCommand.index >= fold.folded - COMMAND_TAIL ? failedCommandThread(fold.lastCommand.event) : null;
  if (command) threads.push(command);
  return {
    finished: { prompts: fold.prompts.map((p) => ({ text: p.text, at: p.at })), decisions: [...fold.decisions], rejected: [...fold.rejected] },
    pending: { decisions: pendingDecisions, rejected: fold.openRejected.map((r) => redactApproach(r, ctx.redact)) },
    openThreads: threads.map(ctx.redact),
    edits: { ...fold.edits },
    files: Object.keys(fold.files)
      .sort()
      .map((f) => fold.files[f]!),
  };
}

/** A fold's summary cut into final and still-changing parts (`splitSummaryOfFold`); every string redacted. */
export interface FoldSplit {
  /** The items in the fold's lists, in order. */
  finished: Pick<SessionSummary, 'prompts' | 'decisions' | 'rejected'>;
  /** What follows them in the summary's lists until the next prompt settles it. */
  pending: Pick<SessionSummary, 'decisions' | 'rejected'>;
  openThreads: string[];
  edits: SessionSummary['edits'];
  files: string[];
}

/** The redacted summary of everything folded, as `redact(summarize(events))` gives it. Does not change `fold`. */
export function summaryOfFold(fold: SummaryFold, ctx: Pick<FoldContext, 'mode' | 'redact'>): SessionSummary {
  const split = splitSummaryOfFold(fold, ctx);
  return {
    prompts: split.finished.prompts,
    decisions: [...split.finished.decisions, ...split.pending.decisions],
    rejected: [...split.finished.rejected, ...split.pending.rejected],
    openThreads: split.openThreads,
    edits: split.edits,
    files: split.files,
  };
}

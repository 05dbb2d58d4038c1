/**
 * Deterministic extraction of what a session's events mean (all of them, or one capture window; no LLM): its prompts,
 * the decisions the agent stated, the approaches that were rejected and why, the threads
 * left open, and the files it touched. Pure: events in, summary out.
 */
import type { PromptMode } from '../config.js';
import type { CommandEvent, DriftEvent, EditEvent, MessageEvent, PromptEvent, TodoEvent } from '../types.js';

/** A rejected approach: the edit that did not land, on which file, and the actual reason. */
export interface RejectedApproach {
  /** Repo-relative path when inside the repository, else the recorded path. */
  path: string;
  tool: string;
  kind: 'user-declined' | 'tool-error' | 'hook-blocked';
  /** The refusal or error text; for a user refusal, followed by the user's next prompt when there is one. */
  reason: string;
  at: string | null;
}

/** What a list of events says, in log order. */
export interface SessionSummary {
  prompts: { text: string; at: string | null }[];
  /** The agent's concluding statement of each turn (first sentences of its last message before the next prompt). */
  decisions: string[];
  rejected: RejectedApproach[];
  /** Unfinished todo items, the last prompt when no answer followed it, failed commands at the end. */
  openThreads: string[];
  edits: { applied: number; rejected: number };
  /** Files that received applied edits (repo-relative where possible), sorted. */
  files: string[];
}

/** Longest decision kept, in characters. */
export const DECISION_CHARS = 300;

/** A failed command is an open thread when it is among the session's last this many events. */
export const COMMAND_TAIL = 20;

/**
 * Summarise `events`. `relative` maps a recorded absolute path to a repo-relative one (or
 * null outside the repository: such edits are still counted but listed by recorded path).
 * With `mode` `none` no words of the user's appear anywhere in the summary (rejected
 * approaches and open threads included), only in the prompt count.
 */
export function summarize(events: DriftEvent[], relative: (path: string) => string | null, mode: PromptMode = 'summary'): SessionSummary {
  const prompts = events.filter((e): e is PromptEvent => e.kind === 'prompt');
  const edits = events.filter((e): e is EditEvent => e.kind === 'edit');
  const files = new Set<string>();
  for (const e of edits) {
    if (e.outcome !== 'applied') continue;
    const rel = relative(e.movedTo ?? e.path);
    if (rel) files.add(rel);
  }
  return {
    prompts: prompts.map((p) => ({ text: p.text, at: p.at })),
    decisions: turnConclusions(events),
    rejected: rejectedApproaches(events, relative, mode),
    openThreads: openThreads(events, mode),
    edits: { applied: edits.filter((e) => e.outcome === 'applied').length, rejected: edits.filter((e) => e.outcome === 'rejected').length },
    files: [...files].sort(),
  };
}

function turnConclusions(events: DriftEvent[]): string[] {
  const decisions: string[] = [];
  let last: MessageEvent | null = null;
  const flush = () => {
    if (last) decisions.push(firstSentences(last.text, DECISION_CHARS));
    last = null;
  };
  for (const e of events) {
    if (e.kind === 'prompt') flush();
    else if (e.kind === 'message' && e.text.trim()) last = e;
    else if (e.kind === 'edit' && e.outcome === 'rejected') last = null; // What led to a refused edit is no decision.
  }
  flush();
  return decisions.filter((d) => d.length > 0);
}

/** The first sentences of `text` up to `max` characters, on one line, with `…` when cut. */
export function firstSentences(text: string, max: number): string {
  const flat = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const stop = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
  return stop > max / 3 ? cut.slice(0, stop + 1) : `${cut.trimEnd()}…`;
}

function rejectedApproaches(events: DriftEvent[], relative: (path: string) => string | null, mode: PromptMode): RejectedApproach[] {
  const out: RejectedApproach[] = [];
  events.forEach((e, i) => {
    if (e.kind !== 'edit' || e.outcome !== 'rejected' || !e.rejection) return;
    const approach = rejectedApproach(e, e.rejection, relative);
    if (e.rejection.kind === 'user-declined' && mode !== 'none') {
      const next = nextPrompt(events, i + 1);
      if (next) approach.reason = thenTheUserSaid(approach.reason, next);
    }
    out.push(approach);
  });
  return out;
}

/** The first prompt of `events` from index `from` on, if any (a loop, not a copy of the rest: a session declines many edits). Pure. */
function nextPrompt(events: DriftEvent[], from: number): PromptEvent | undefined {
  for (let i = from; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind === 'prompt') return e;
  }
  return undefined;
}

/** A rejected edit as a summary lists it, before the user's next prompt is known. Pure. */
export function rejectedApproach(e: EditEvent, rejection: NonNullable<EditEvent['rejection']>, relative: (path: string) => string | null): RejectedApproach {
  let reason = rejection.reason.trim();
  if (/doesn't want to proceed|was rejected/i.test(reason) && rejection.kind === 'user-declined') reason = 'the user declined the edit';
  return { path: relative(e.path) ?? e.path, tool: e.tool, kind: rejection.kind, reason, at: e.at };
}

/** The reason of a user's refusal followed by what the user said next (`next`, the following prompt). Pure. */
export function thenTheUserSaid(reason: string, next: PromptEvent): string {
  return `${reason} — then the user said: "${firstSentences(next.text, 400)}"`;
}

/** Failed last command as an open thread (its text cut to 200 characters). Pure. */
export function failedCommandThread(command: CommandEvent): string | null {
  if (command.exitCode === null || command.exitCode === 0) return null;
  return `last command failed (exit ${command.exitCode}): ${firstSentences(command.command, 200)}`;
}

/** The open threads of a todo list: its items not completed. Pure. */
export function todoThreads(todo: TodoEvent | undefined): string[] {
  return (todo?.items ?? []).filter((item) => item.status !== 'completed').map((item) => `${item.status === 'in_progress' ? 'in progress' : 'todo'}: ${item.text}`);
}

/** The open thread of a last prompt no message or edit answered. Pure. */
export function unansweredThread(prompt: PromptEvent, mode: PromptMode): string {
  return mode === 'none' ? 'unanswered prompt (text not kept: drift.prompts=none)' : `unanswered prompt: ${firstSentences(prompt.text, 300)}`;
}

function openThreads(events: DriftEvent[], mode: PromptMode): string[] {
  const todo = [...events].reverse().find((e): e is TodoEvent => e.kind === 'todo');
  const threads = todoThreads(todo);
  const lastPrompt = events
    .map((e, i) => [e, i] as const)
    .reverse()
    .find(([e]) => e.kind === 'prompt');
  if (lastPrompt && !events.slice(lastPrompt[1] + 1).some((e) => e.kind === 'message' || e.kind === 'edit')) {
    threads.push(unansweredThread(lastPrompt[0] as PromptEvent, mode));
  }
  const tail = events.slice(-COMMAND_TAIL).filter((e): e is CommandEvent => e.kind === 'command');
  const lastCommand = tail[tail.length - 1];
  const failed = lastCommand ? failedCommandThread(lastCommand) : null;
  if (failed) threads.push(failed);
  return threads;
}

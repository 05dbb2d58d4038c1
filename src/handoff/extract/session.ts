/**
 * What one session contributes to a brief: its prompts, decisions, rejected approaches
 * (refused edits from `summarize`, failing commands with their output, edits undone later)
 * and open threads (unfinished todos, an unanswered prompt, failing tests). Pure.
 */
import type { PromptMode } from '../../config.js';
import { firstSentences, summarize } from '../../summary/summarize.js';
import { shortId } from '../../record/index.js';
import type { CommandEvent, DriftEvent, MessageEvent } from '../../types.js';
import type { BriefPrompt, BriefSession, Decision, OpenThread, RejectedApproach, ThreadKind } from '../../brief/material.js';
import type { HandoffSession } from '../sessions.js';

/** What one session says, in log order (callers pick the most recent). */
export interface SessionFacts {
  session: BriefSession;
  prompts: BriefPrompt[];
  decisions: Decision[];
  rejected: RejectedApproach[];
  threads: OpenThread[];
  /** Repo-relative files of applied edits, in log order (repeats kept). */
  appliedFiles: string[];
  lastMessage: Decision | null;
  lastCommand: { command: string; exitCode: number | null; session: string } | null;
  /** Whether a message or an edit followed the last prompt. */
  lastPromptAnswered: boolean;
}

/** Characters kept of a command line. */
export const COMMAND_CHARS = 200;
/** Characters kept of the tail of a failing command's output. */
export const OUTPUT_CHARS = 240;
/** Characters kept of the first line of a rejection reason. */
export const REASON_CHARS = 300;
/** Characters kept of an open thread. */
export const THREAD_CHARS = 300;
/** Characters kept of the agent's last message. */
export const LAST_MESSAGE_CHARS = 400;

/** Commands that run a test suite (their last failing run is an open thread). */
const TEST_COMMAND =
  /\b(?:(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test|npx\s+(?:tap|jest|vitest|mocha)|pytest|jest|vitest|mocha|rspec|phpunit|ctest|(?:cargo|go|dotnet|swift|mix|deno)\s+test|make\s+(?:test|check)|gradlew?\s+test|mvn\s+(?:\S+\s+)?test|tox|nox)\b/;

/** Agent commands that undo work on files: `git checkout -- …`, `git restore …`, `git reset --hard`, `git stash`, `git revert`. */
const UNDO_COMMAND = /\bgit\s+(?:checkout\s+(?:\S+\s+)?--\s|restore\s|reset\s+--hard|stash(?:\s+push)?\b(?!\s+(?:pop|apply|list|show))|revert\s)/;

/** The label items use to name a session: `<agent> <id8>`. */
export function sessionLabel(id: string): string {
  const colon = id.indexOf(':');
  return colon === -1 ? id : `${id.slice(0, colon)} ${shortId(id.slice(colon + 1))}`;
}

/** Extract what `s` contributes. `relative` maps recorded paths to repo-relative ones (null outside). */
export function extractSession(s: HandoffSession, relative: (path: string) => string | null, mode: PromptMode): SessionFacts {
  const label = sessionLabel(s.info.id);
  const summary = summarize(s.events, relative, mode);
  const commands = s.events.filter((e): e is CommandEvent => e.kind === 'command');
  const lastPrompt = s.events.map((e) => e.kind).lastIndexOf('prompt');
  const messages = s.events.filter((e): e is MessageEvent => e.kind === 'message' && e.text.trim() !== '');
  const lastMessage = messages[messages.length - 1];
  const lastCommand = commands[commands.length - 1];
  return {
    session: {
      id: s.info.id,
      agent: s.info.agent,
      label,
      model: s.info.model,
      branch: s.info.branch,
      started: s.info.started,
      ended: s.info.ended,
      title: s.info.title,
      prompts: summary.prompts.length,
      edits: summary.edits,
      source: 'log',
    },
    prompts: summary.prompts.map((p) => ({ session: label, at: p.at, text: mode === 'none' ? null : p.text })),
    decisions: summary.decisions.map((text) => ({ text: prose(text), session: label })),
    rejected: [
      ...summary.rejected.map((r) => ({ kind: r.kind, what: `\`${r.path}\` via ${r.tool}`, ...splitReason(r.reason), session: label, at: r.at })),
      ...failedCommands(commands, label),
      ...revertedEdits(s.events, relative, label),
    ].sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '')),
    threads: [
      // A failing last test command is told once, as a failing test.
      ...summary.openThreads.map((t) => thread(firstSentences(t, THREAD_CHARS), label)).filter((t) => t.kind !== 'failed-command' || !TEST_COMMAND.test(lastCommand?.command ?? '')),
      ...failingTests(commands, label),
    ],
    appliedFiles: appliedPaths(s.events, relative),
    lastMessage: lastMessage ? { text: prose(firstSentences(lastMessage.text, LAST_MESSAGE_CHARS)), session: label } : null,
    lastCommand: lastCommand ? { command: firstLine(lastCommand.command), exitCode: lastCommand.exitCode, session: label } : null,
    lastPromptAnswered: lastPrompt === -1 || s.events.slice(lastPrompt + 1).some((e) => e.kind === 'message' || e.kind === 'edit'),
  };
}

/** Repo-relative paths of the applied edits among `events` (destinations of moves), in log order, repeats kept; edits outside the repository left out. */
export function appliedPaths(events: DriftEvent[], relative: (path: string) => string | null): string[] {
  return events.flatMap((e) => (e.kind === 'edit' && e.outcome === 'applied' ? [relative(e.movedTo ?? e.path)] : [])).filter((p): p is string => p !== null);
}

/** Agent prose flattened to one line, without markdown heading marks and bold markers. */
function prose(text: string): string {
  return text
    .replace(/(^|\s)#{1,6}\s+/g, '$1')
    .replace(/\*\*/g, '')
    .trim();
}

function thread(text: string, session: string): OpenThread {
  const kind: ThreadKind = text.startsWith('in progress:')
    ? 'in-progress'
    : text.startsWith('todo:')
      ? 'todo'
      : text.startsWith('unanswered prompt')
        ? 'unanswered'
        : text.startsWith('last command failed')
          ? 'failed-command'
          : 'note';
  return { kind, text, session };
}

/** A multi-line reason (a tool error quoting code) as its first line, and the rest as details (capped like command output). */
function splitReason(reason: string): { reason: string; output: string | null } {
  const [first = '', ...rest] = reason.trim().split('\n');
  const more = rest.join('\n').trim();
  const head = first.length > REASON_CHARS ? `${first.slice(0, REASON_CHARS)}…` : first;
  return { reason: head, output: more ? (more.length > OUTPUT_CHARS ? `${more.slice(0, OUTPUT_CHARS)}…` : more) : null };
}

function firstLine(command: string): string {
  const flat = command.trim().replace(/\s*\n\s*/g, ' ⏎ ');
  return flat.length > COMMAND_CHARS ? `${flat.slice(0, COMMAND_CHARS)}…` : flat;
}

function tail(output: string): string | null {
  const text = output.trim();
  if (!text) return null;
  return text.length > OUTPUT_CHARS ? `…${text.slice(-OUTPUT_CHARS)}` : text;
}

/** Every command that exited non-zero, noting when the same command passed later. */
function failedCommands(commands: CommandEvent[], session: string): RejectedApproach[] {
  return commands.flatMap((c, i) => {
    if (c.exitCode === null || c.exitCode === 0) return [];
    const fixed = commands.slice(i + 1).some((n) => n.command.trim() === c.command.trim() && n.exitCode === 0);
    const reason = `exit ${c.exitCode}${fixed ? ' (the same command passed later)' : ''}`;
    return [{ kind: 'command-failed' as const, what: `\`${firstLine(c.command)}\``, reason, output: tail(c.output), session, at: c.at }];
  });
}

/** Test commands whose last run failed. */
function failingTests(commands: CommandEvent[], session: string): OpenThread[] {
  const last = new Map<string, CommandEvent>();
  for (const c of commands) if (TEST_COMMAND.test(c.command)) last.set(c.command.trim(), c);
  return [...last.values()]
    .filter((c) => c.exitCode !== null && c.exitCode !== 0)
    .map((c) => ({ kind: 'failing-test' as const, text: `failing tests: \`${firstLine(c.command)}\` (exit ${c.exitCode})${c.output.trim() ? `: ${tail(c.output)}` : ''}`, session }));
}

/**
 * Applied edits that were undone in the same session: a file the agent created and then
 * deleted, or files the agent reset with git (`git restore`, `git checkout --`, `git reset
 * --hard`, `git stash`, `git revert`) after editing them. (Stored applied edits carry no
 * lines, so an edit undone by a later edit of the same lines is not seen.)
 */
function revertedEdits(events: DriftEvent[], relative: (p: string) => string | null, session: string): RejectedApproach[] {
  const out: RejectedApproach[] = [];
  const created = new Set<string>();
  const edited = new Set<string>();
  for (const e of events) {
    if (e.kind === 'edit' && e.outcome === 'applied') {
      const path = relative(e.movedTo ?? e.path);
      if (!path) continue;
      if (e.op === 'create') created.add(path);
      if (e.op === 'delete' && created.has(path)) {
        out.push({ kind: 'reverted', what: `\`${path}\``, reason: 'the agent created the file, then deleted it', output: null, session, at: e.at });
        created.delete(path);
        edited.delete(path);
      } else {
        edited.add(path);
      }
    } else if (e.kind === 'command' && UNDO_COMMAND.test(e.command) && (e.exitCode === null || e.exitCode === 0)) {
      const undone = undoneBy(e.command, edited);
      if (undone.length > 0) out.push(undoItem(undone, e, session));
      for (const p of undone) edited.delete(p);
    }
  }
  return out;
}

/** The edited files an undo command names; all of them for a repository-wide undo (`reset --hard`, `stash`, `revert`). */
function undoneBy(command: string, edited: Set<string>): string[] {
  const named = [...edited].filter((p) => command.includes(p));
  if (named.length > 0) return named;
  return /reset\s+--hard|stash|revert/.test(command) ? [...edited] : [];
}

function undoItem(undone: string[], c: CommandEvent, session: string): RejectedApproach {
  const shown = undone
    .slice(0, 5)
    .map((p) => `\`${p}\``)
    .join(', ');
  return {
    kind: 'reverted',
    what: undone.length > 5 ? `${shown} and ${undone.length - 5} more` : shown,
    reason: `edited, then undone by the agent with \`${firstLine(c.command)}\``,
    output: null,
    session,
    at: c.at,
  };
}

/**
 * How each target agent picks a brief up: a paste-ready first message and the command
 * that starts the agent with it (`--to claude-code|codex|cursor|aider|gemini|generic`).
 * Commands follow each tool's documented command line: `claude "<prompt>"` and
 * `codex "<prompt>"` start an interactive session with a first prompt, `gemini -i
 * "<prompt>"` does the same and reads `@<path>` references, `aider --read <file>` adds a
 * read-only file to the chat; Cursor's agent chat and a generic LLM take a pasted message.
 */
import type { TargetAgent } from './material.js';

/** What the footer of a brief tells the target agent's user. */
export interface TargetGuide {
  /** Display name, e.g. `Claude Code`. */
  name: string;
  /** The first message to give the agent, paste-ready. */
  firstMessage: string;
  /** A shell command that starts the agent (with the first message where the tool takes one), or null. */
  command: string | null;
  /** One sentence on how to start. */
  how: string;
}

const NAMES: Record<TargetAgent, string> = {
  'claude-code': 'Claude Code',
  codex: 'Codex CLI',
  cursor: 'Cursor',
  aider: 'Aider',
  gemini: 'Gemini CLI',
  generic: 'any LLM',
};

/** Quote `value` for a POSIX shell (single quotes). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The guide for `target`. `path` is the brief's repo-relative path, or null when the brief
 * is printed (then the user pastes the brief itself before the first message).
 */
export function targetGuide(target: TargetAgent, path: string | null): TargetGuide {
  const ref = path ? (target === 'gemini' ? `@${path}` : path) : null;
  const firstMessage = ref
    ? `You are taking over a coding task from another agent. Read the handoff brief ${ref} first: it says what is settled, what was tried and rejected (do not retry those without a new reason), what is still open, and where to resume. Then continue from "Where to resume", starting with the first next step, and ask me before undoing anything listed as settled.`
    : 'You are taking over a coding task from another agent; the handoff brief above says what is settled, what was tried and rejected (do not retry those without a new reason), what is still open, and where to resume. Continue from "Where to resume", starting with the first next step, and ask me before undoing anything listed as settled.';
  const name = NAMES[target];
  const paste = path ? '' : 'Paste this whole brief first, then the first message. ';
  switch (target) {
    case 'claude-code':
      return { name, firstMessage, command: path ? `claude ${shellQuote(firstMessage)}` : 'claude', how: `${paste}Run the command in the repository root.` };
    case 'codex':
      return { name, firstMessage, command: path ? `codex ${shellQuote(firstMessage)}` : 'codex', how: `${paste}Run the command in the repository root.` };
    case 'gemini':
      return { name, firstMessage, command: path ? `gemini -i ${shellQuote(firstMessage)}` : 'gemini', how: `${paste}Run the command in the repository root.` };
    case 'aider':
      return {
        name,
        firstMessage,
        command: path ? `aider --read ${shellQuote(path)}` : 'aider',
        how: `${paste}Run the command in the repository root, add the files in flight with /add, then paste the first message.`,
      };
    case 'cursor':
      return { name, firstMessage, command: null, how: `${paste}Open the repository in Cursor, start a new Agent chat${path ? ' (attach the brief with @)' : ''}, and paste the first message.` };
    default:
      return {
        name,
        firstMessage,
        command: null,
        how: path ? 'Give the LLM the brief file (or paste its text), then the first message.' : 'Paste this whole brief as your first message, followed by the first message below.',
      };
  }
}

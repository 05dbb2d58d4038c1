/**
 * Pure text helpers for the Codex reader: command strings, tool outputs of every era, injected
 * context in user messages, working directories. Formats: ../shared/research/session-formats.md
 * §2.4–§2.6, checked against the five rollouts in ../shared/corpus/codex/.
 */
import { posix, win32 } from 'node:path';
import { asObject, asString } from '../reader.js';

/** Longest command output tail kept on a command event, in characters. */
export const OUTPUT_TAIL_CHARS = 400;
/** Longest rejection reason kept on an edit event, in characters. */
export const REASON_CHARS = 500;

/** A tool output read in its era's format: the text, the command's own output, and its exit code. */
export interface ToolOutput {
  /** The whole output text (for shell-era JSON, the inner `output` string). */
  text: string;
  /** The command's output only (after `Output:` in the text formats), for the tail. */
  body: string;
  exitCode: number | null;
}

/**
 * The command string of a shell call: a string as is; an argv joined with spaces (arguments
 * with shell-special characters single-quoted); `bash -lc X` / `zsh -lc X` / `sh -c X` give X.
 * Null when `command` is neither.
 */
export function commandText(command: unknown): string | null {
  if (typeof command === 'string') return command;
  if (!Array.isArray(command) || !command.every((a) => typeof a === 'string')) return null;
  const argv = command as string[];
  if (argv.length === 3 && /(^|[/\\])(ba|z|da|k|fi)?sh(\.exe)?$/.test(argv[0] as string) && /^-(l?c|cl)$/.test(argv[1] as string)) {
    return argv[2] as string;
  }
  return argv.map(quoteArg).join(' ');
}

function quoteArg(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Read a `function_call_output` / `custom_tool_call_output` `output` in any era (§2.5):
 * shell-era JSON `{"output","metadata":{"exit_code"}}`; `Exit code: N … Output:` (shell_command);
 * `Process exited with code N … Output:` (exec_command); sandbox errors mentioning
 * `exit code: N` / `exit_code: N`; newer object or content-array payloads.
 */
export function readToolOutput(raw: unknown): ToolOutput {
  const text = outputString(raw);
  const json = text.trimStart().startsWith('{') ? tryJson(text) : undefined;
  const inner = asString(json?.output);
  if (json && inner !== undefined) {
    const code = asObject(json.metadata)?.exit_code;
    return { text: inner, body: inner, exitCode: typeof code === 'number' ? code : exitCodeOf(inner) };
  }
  const marker = text.indexOf('\nOutput:\n');
  const body = marker >= 0 ? text.slice(marker + '\nOutput:\n'.length) : text;
  return { text, body, exitCode: exitCodeOf(marker >= 0 ? text.slice(0, marker) : text) };
}

function outputString(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  const obj = asObject(raw);
  if (obj) return outputString(obj.content ?? obj.output ?? '');
  if (Array.isArray(raw)) return raw.map((part) => asString(asObject(part)?.text) ?? '').join('');
  return '';
}

function tryJson(text: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function exitCodeOf(text: string): number | null {
  const m = /^Exit code: (-?\d+)/m.exec(text) ?? /Process exited with code (-?\d+)/.exec(text) ?? /exit[_ ]code:? (-?\d+)/i.exec(text);
  return m ? Number(m[1]) : null;
}

/** The last `max` characters of `text`. */
export function tail(text: string, max = OUTPUT_TAIL_CHARS): string {
  return text.length > max ? text.slice(text.length - max) : text;
}

/**
 * True when a tool output says the user refused the call. Texts from openai/codex:
 * `patch rejected by user`, `exec command rejected by user`, `rejected by user`
 * (`codex-rs/core/src/tools/orchestrator.rs`), and `aborted` / `aborted by user` for calls cut
 * off by an interrupt.
 */
export function isUserDeclined(text: string): boolean {
  const t = text.trim();
  return /\b(rejected|declined|denied|aborted|cancell?ed) by (the )?user\b/i.test(t) || /\buser (rejected|declined|denied|aborted|cancell?ed)\b/i.test(t) || /^aborted\b/i.test(t);
}

const INJECTED_PREFIXES = [
  '<environment_context>',
  '<user_instructions>',
  '# AGENTS.md instructions',
  '<permissions instructions>',
  '<INSTRUCTIONS>',
  '<user_shell_command>',
  '<turn_aborted>',
  '<collaboration_mode>',
  '<skill',
  '<subagent_notification>',
];

/**
 * True when a user-role text is context Codex injected rather than something the human typed
 * (§2.6): environment context, user instructions, AGENTS.md, permissions, or any text that is
 * one whole `<tag>…</tag>` block.
 */
export function isInjected(text: string): boolean {
  const t = text.trim();
  return INJECTED_PREFIXES.some((p) => t.startsWith(p)) || /^<([A-Za-z_][\w -]*)>[\s\S]*<\/\1>$/.test(t);
}

/** The texts of a message's `content[]` parts of type `input_text` / `output_text` / `text`. */
export function contentTexts(content: unknown, type: 'input_text' | 'output_text'): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const texts: string[] = [];
  for (const part of content) {
    const obj = asObject(part);
    const text = asString(obj?.text);
    if (text !== undefined && (obj?.type === type || obj?.type === 'text')) texts.push(text);
  }
  return texts;
}

/** The `<cwd>` of an `<environment_context>` block, or null. */
export function environmentCwd(text: string): string | null {
  if (!text.includes('<environment_context>')) return null;
  const m = /<cwd>([^<]*)<\/cwd>/.exec(text);
  return m && m[1]!.trim() !== '' ? m[1]!.trim() : null;
}

const WINDOWS_ABSOLUTE = /^([A-Za-z]:[\\/]|\\\\)/;

/**
 * Resolve a path the agent logged against `base` (its working directory), with POSIX
 * semantics (`node:path` posix.resolve); Windows bases use win32 semantics. Absolute paths are
 * kept as they are; with no absolute base the path is returned unchanged. Pure: never looks at
 * the local filesystem or `process.cwd()`.
 */
export function resolveLogged(base: string | null, path: string): string {
  if (posix.isAbsolute(path) || WINDOWS_ABSOLUTE.test(path)) return path;
  if (base === null) return path;
  if (WINDOWS_ABSOLUTE.test(base)) return win32.resolve(base, path);
  if (!posix.isAbsolute(base)) return posix.join(base, path);
  return posix.resolve(base, path);
}

/**
 * Aider's prompt history `.aider.input.history` (prompt-toolkit's FileHistory, written by
 * `--input-history-file`; corpus `aider/<owner>__<repo>/.aider.input.history`): blocks of
 * `# <YYYY-MM-DD HH:MM:SS.ffffff>` followed by the input, one `+<line>` per line. It gives
 * each prompt its time; the chat history itself only dates the start of a session.
 */

/** One input as typed: its time (ISO 8601 UTC) and text (lines joined by `\n`). */
export interface InputEntry {
  at: string;
  text: string;
}

/**
 * An aider timestamp (`2025-12-03 14:46:02.414589`, local time of the machine aider ran on,
 * no zone) as ISO 8601 UTC, read in this machine's time zone; null when it does not parse.
 */
export function aiderTime(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(text.trim());
  if (!m) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Parse complete lines of the input history. Blocks without a readable time are skipped;
 * lines that are neither a `# ` time, a `+` input line nor blank are ignored. Pure.
 */
export function parseInputHistory(text: string): InputEntry[] {
  const entries: InputEntry[] = [];
  let current: { at: string | null; lines: string[] } | null = null;
  const flush = (): void => {
    if (current?.at && current.lines.length > 0) entries.push({ at: current.at, text: current.lines.join('\n') });
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('# ')) {
      flush();
      current = { at: aiderTime(line.slice(2)), lines: [] };
    } else if (line.startsWith('+') && current) current.lines.push(line.slice(1));
  }
  flush();
  return entries;
}

/**
 * The comparison key of an input: whitespace runs collapsed, trimmed, and the chat-mode
 * command that sends the rest as a prompt (`/code …`, `/ask …`, `/architect …`,
 * `/context …`) dropped: the chat history shows such a message as a prompt of its own.
 */
function key(text: string): string {
  return text
    .replace(/^\/(code|ask|architect|context)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The time of `prompt`: the first entry of `inputs` with the same text (whitespace
 * collapsed). That entry and every earlier one are removed from `inputs` (mutated): they are
 * answers or commands typed before it. Null when no entry matches (nothing is removed).
 */
export function takePromptTime(inputs: InputEntry[], prompt: string): string | null {
  const k = key(prompt);
  const at = inputs.findIndex((e) => key(e.text) === k);
  if (at < 0) return null;
  const [entry] = inputs.splice(0, at + 1).slice(-1);
  return entry!.at;
}

/**
 * Text that is safe to print to a terminal (pure): what comes from a note or an agent's
 * log (prompts, models, branches, ids, reasons, file names) can hold escape sequences that
 * move the cursor, rewrite earlier lines, set the window title or write the clipboard
 * (OSC 52). `escapeTerminal` shows every such character as visible text instead. JSON
 * output never goes through it: it stays exact.
 */

/**
 * C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what a
 * line shows (CVE-2021-42574).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Also tab and newline, for text that must stay on one line. */
const UNSAFE_INLINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with each control character shown as its escape, as text: ESC becomes the four
 * characters `\x1b`, CR `\x0d`, U+202E `\u202e`. Newline and tab are kept (multi-line
 * output) unless `inline` is true. Everything else, backslashes included, is unchanged, so
 * text without control characters prints as it is.
 */
export function escapeTerminal(text: string, inline = false): string {
  return text.replace(inline ? UNSAFE_INLINE : UNSAFE, visible);
}

/**
 * Making untrusted text (from notes, commit messages, file names) safe to print on a
 * terminal: control characters and bidirectional overrides become visible escapes. Pure.
 */

/** C0 and C1 controls, DEL, and the bidi embedding, override and isolate characters. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character (C0, DEL, C1: ESC, CR, TAB, newline included) and
 * every bidi control shown as an escape (`\x1b`, `\u202e`), so that it can neither move the
 * cursor, change colours nor reorder what is shown. Printable text is unchanged.
 */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

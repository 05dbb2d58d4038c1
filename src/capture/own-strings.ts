/**
 * Strings that keep nothing else alive. In V8 a substring (a line split out of a file's
 * content, the last 400 characters of a command's output) is a slice that holds its whole
 * parent string: an event or pending line kept for the rest of a capture, or for many
 * commits, would hold every output and file content a session ever logged.
 */

/** `text` as a string of its own: concatenating and slicing makes V8 copy it (a flat string of its length plus one). Pure. */
export function ownString(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1); // V8 copies substrings shorter than 13 anyway.
}

/** Replace every string inside `value` (a JSON-like event: objects, arrays, strings) by `ownString` of it, in place. */
export function ownStrings(value: Record<string, unknown> | unknown[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = own(value[i]);
    return;
  }
  for (const key of Object.keys(value)) value[key] = own(value[key]);
}

function own(value: unknown): unknown {
  if (typeof value === 'string') return ownString(value);
  if (value !== null && typeof value === 'object') ownStrings(value as Record<string, unknown>);
  return value;
}

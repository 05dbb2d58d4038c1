/**
 * What a line of code is worth to attribution: its whitespace-normalised key, and whether
 * it carries any information of its own. Pure.
 */

/** Collapse all runs of whitespace and trim: the comparison key for `ai-modified`. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** True for lines with no information of their own: blank, or only brackets, braces and punctuation. */
export function isTrivialLine(text: string): boolean {
  return /^[\s{}()[\];,.:<>/\\|*+=-]*$/.test(text) && normalizeWhitespace(text).length <= 4;
}

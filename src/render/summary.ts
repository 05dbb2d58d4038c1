/**
 * Pure rendering of a session summary into markdown sections, shared by the note body
 * (compact: one commit's capture window) and the record (the whole session).
 */
import type { RootContent } from 'mdast';
import type { PromptMode } from '../config.js';
import { renderBlocks } from '../notes/body-render.js';
import { bulletList, headingNode, promptItem, promptList, quoteNode } from '../notes/body-tree.js';
import type { SessionSummary } from '../summary/summarize.js';
import { firstSentences } from '../summary/summarize.js';

/** Characters kept of each prompt with `drift.prompts=summary`. */
export const PROMPT_SUMMARY_CHARS = 280;
/** Characters kept of each prompt with `drift.prompts=full` (the note cap still applies). */
export const PROMPT_FULL_CHARS = 8000;

/** What stands for a prompt's text with `drift.prompts=none`. */
const NOT_KEPT = '[prompt text not kept: drift.prompts=none]';

/** Prompt text as `drift.prompts` allows: null for `none`, else cut to the mode's length. */
export function promptText(text: string, mode: PromptMode): string | null {
  if (mode === 'none') return null;
  const max = mode === 'full' ? PROMPT_FULL_CHARS : PROMPT_SUMMARY_CHARS;
  if (mode === 'summary') return firstSentences(text, max);
  return text.length > max ? `${text.slice(0, max)}… [truncated]` : text;
}

/**
 * The sections of a summary as mdast blocks (`src/notes/body-tree.ts`): `Prompts`,
 * `Decisions`, `Rejected approaches`, `Open threads`, `Files touched`; empty sections are
 * left out. `level` is the heading level (3 in notes, 2 in records). Leaves hold markdown
 * source: a prompt's text as kept by `drift.prompts`, list items on one line.
 */
export function buildSummarySections(summary: SessionSummary, mode: PromptMode, level: 2 | 3): RootContent[] {
  const out: RootContent[] = [];
  if (summary.prompts.length > 0) {
    out.push(headingNode(level, 'Prompts'));
    const when = (at: string | null) => (at ? `(${at.slice(0, 16).replace('T', ' ')} UTC)` : '');
    if (mode === 'none') out.push(promptList(summary.prompts.map((p) => `${when(p.at)}${p.at ? ' ' : ''}${NOT_KEPT}`)));
    else summary.prompts.forEach((p, i) => out.push(promptItem(i + 1, when(p.at)), quoteNode(promptText(p.text, mode) ?? '')));
  }
  list(out, level, 'Decisions', summary.decisions);
  list(
    out,
    level,
    'Rejected approaches',
    summary.rejected.map((r) => `\`${r.path}\` (${r.tool}, ${r.kind}): ${r.reason}`),
  );
  list(out, level, 'Open threads', summary.openThreads);
  list(
    out,
    level,
    'Files touched',
    summary.files.map((f) => `\`${f}\``),
  );
  return out;
}

/** The sections of a summary rendered as markdown (`buildSummarySections` through the body writer). */
export function renderSummarySections(summary: SessionSummary, mode: PromptMode, level: 2 | 3): string {
  return renderBlocks(buildSummarySections(summary, mode, level));
}

/**
 * The blocks of prompt `n` (1-based) alone, as the Prompts section of a record lists it:
 * its numbered line (the time; with `drift.prompts=none` the time and the marker) and,
 * unless `none`, its text as a quote. The section is its heading followed, for each prompt,
 * by a line break and these blocks through `renderBlocks` (`src/record/parts.ts`).
 */
export function promptEntryBlocks(n: number, prompt: { text: string; at: string | null }, mode: PromptMode): RootContent[] {
  const when = prompt.at ? `(${prompt.at.slice(0, 16).replace('T', ' ')} UTC)` : '';
  if (mode === 'none') return [promptItem(n, `${when}${prompt.at ? ' ' : ''}${NOT_KEPT}`)];
  return [promptItem(n, when), quoteNode(promptText(prompt.text, mode) ?? '')];
}

/** One item of a section's bullet list as `buildSummarySections` writes it: on one line. */
export function listItemText(item: string): string {
  return item.replace(/\n+/g, ' ');
}

/** A rejected approach as the `Rejected approaches` section lists it. */
export function rejectedItemText(r: { path: string; tool: string; kind: string; reason: string }): string {
  return `\`${r.path}\` (${r.tool}, ${r.kind}): ${r.reason}`;
}

function list(out: RootContent[], level: 2 | 3, heading: string, items: string[]): void {
  if (items.length === 0) return;
  out.push(headingNode(level, heading), bulletList(items.map((i) => i.replace(/\n+/g, ' '))));
}

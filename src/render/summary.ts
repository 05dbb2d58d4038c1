/**
 * Pure rendering of a session summary into markdown sections, shared by the note body
 * (compact: one commit's capture window) and the record (the whole session).
 */
import type { PromptMode } from '../config.js';
import type { SessionSummary } from '../summary/summarize.js';
import { firstSentences } from '../summary/summarize.js';

/** Characters kept of each prompt with `drift.prompts=summary`. */
export const PROMPT_SUMMARY_CHARS = 280;
/** Characters kept of each prompt with `drift.prompts=full` (the note cap still applies). */
export const PROMPT_FULL_CHARS = 8000;

/** Prompt text as `drift.prompts` allows: null for `none`, else cut to the mode's length. */
export function promptText(text: string, mode: PromptMode): string | null {
  if (mode === 'none') return null;
  const max = mode === 'full' ? PROMPT_FULL_CHARS : PROMPT_SUMMARY_CHARS;
  if (mode === 'summary') return firstSentences(text, max);
  return text.length > max ? `${text.slice(0, max)}… [truncated]` : text;
}

function quoteBlock(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

/**
 * The sections of a summary: `### Prompts`, `### Decisions`, `### Rejected approaches`,
 * `### Open threads`, `### Files touched`; empty sections are left out. `level` is the
 * heading level (3 in notes, 2 in records).
 */
export function renderSummarySections(summary: SessionSummary, mode: PromptMode, level: 2 | 3): string {
  const h = '#'.repeat(level);
  const out: string[] = [];
  if (summary.prompts.length > 0) {
    out.push(`${h} Prompts`, '');
    summary.prompts.forEach((p, i) => {
      const text = promptText(p.text, mode);
      const when = p.at ? ` (${p.at.slice(0, 16).replace('T', ' ')} UTC)` : '';
      out.push(text === null ? `${i + 1}.${when} [prompt text not kept: drift.prompts=none]` : `${i + 1}.${when}\n${quoteBlock(text)}`, '');
    });
  }
  list(out, `${h} Decisions`, summary.decisions);
  list(
    out,
    `${h} Rejected approaches`,
    summary.rejected.map((r) => `\`${r.path}\` (${r.tool}, ${r.kind}): ${r.reason}`),
  );
  list(out, `${h} Open threads`, summary.openThreads);
  list(
    out,
    `${h} Files touched`,
    summary.files.map((f) => `\`${f}\``),
  );
  return out.join('\n');
}

function list(out: string[], heading: string, items: string[]): void {
  if (items.length === 0) return;
  out.push(heading, '', ...items.map((i) => `- ${i.replace(/\n+/g, ' ')}`), '');
}

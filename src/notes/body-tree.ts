/**
 * The body of a note or record as an mdast tree (`@types/mdast`, plain objects): the model
 * both the writer (`./body-render.ts`) and the reader (`./body.ts`) share. Pure.
 *
 * The tree has the shape CommonMark gives the body (docs/format.md, "Body"): headings, bullet
 * lists, one single-item ordered list per prompt (`1. (time)`) followed by the prompt's
 * block quote. Its leaves are `text` nodes holding **markdown source, verbatim**: the body
 * quotes what people and agents wrote (markdown included) and is never escaped, so a
 * prompt's `*`, `_` or backticks read back exactly and the bytes stay those of
 * `drift-note/1`. A leaf never holds a line break except inside a prompt's quote.
 */
import type { Blockquote, Heading, List, ListItem, Paragraph, Root, RootContent, Text } from 'mdast';

/** The body of a commit whose added lines are all human (docs/format.md, "An all-human commit"). */
export const ALL_HUMAN_BODY = 'No agent session contributed to this commit: every added line is human.';

/** A leaf of markdown source, written verbatim. */
export function sourceText(value: string): Text {
  return { type: 'text', value };
}

/** A heading of `depth` whose text is `value` (markdown source). */
export function headingNode(depth: 1 | 2 | 3, value: string): Heading {
  return { type: 'heading', depth, children: [sourceText(value)] };
}

/** A paragraph of one line of markdown source. */
export function paragraphNode(value: string): Paragraph {
  return { type: 'paragraph', children: [sourceText(value)] };
}

/** A tight bullet list, one item per value (one line of markdown source each). */
export function bulletList(values: string[]): List {
  return { type: 'list', ordered: false, start: null, spread: false, children: values.map(listItem) };
}

/**
 * The numbered line of prompt `n` (1-based) whose text follows as a quote: a tight ordered
 * list of one item starting at `n`, holding `value` (the time), or nothing when `value` is empty.
 */
export function promptItem(n: number, value: string): List {
  return { type: 'list', ordered: true, start: n, spread: false, children: [listItem(value)] };
}

/**
 * The numbered lines of prompts whose text is not kept (`drift.prompts=none`): one ordered
 * list from 1, an item per prompt (its time and the marker), a blank line between items.
 */
export function promptList(values: string[]): List {
  return { type: 'list', ordered: true, start: 1, spread: values.length > 1, children: values.map(listItem) };
}

/** A prompt's text as a block quote of one leaf (lines joined with `\n`, blank lines kept). */
export function quoteNode(value: string): Blockquote {
  return { type: 'blockquote', children: [paragraphNode(value)] };
}

/** A tight list item of one line of markdown source; an empty one has no children (as CommonMark reads `-` or `1.` alone). */
function listItem(value: string): ListItem {
  return { type: 'listItem', spread: false, checked: null, children: value === '' ? [] : [paragraphNode(value)] };
}

/** One session section of a note body: `## <agent> · <id8> · <model>` and its sub-sections. */
export interface NoteBodySession {
  agent: string;
  /** The native id cut to 8 alphanumerics (`shortId`). */
  id8: string;
  /** null is written `unknown model`. */
  model: string | null;
  /** The sub-sections (`buildSummarySections(…, 3)` in `src/render/summary.ts`). */
  blocks: RootContent[];
}

/**
 * The tree of a note body: one depth-2 heading per session, in the order given, each
 * followed by its sub-sections; the all-human paragraph when there is no session.
 */
export function buildNoteBody(sessions: NoteBodySession[]): Root {
  if (sessions.length === 0) return { type: 'root', children: [paragraphNode(ALL_HUMAN_BODY)] };
  return {
    type: 'root',
    children: sessions.flatMap((s) => [headingNode(2, `${s.agent} · ${s.id8} · ${s.model ?? 'unknown model'}`), ...s.blocks]),
  };
}

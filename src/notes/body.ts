/**
 * Reading back the body of a `drift-note/1` note or a record (docs/format.md, "Body"): the
 * body's tree (`./body-tree.ts`) from CommonMark, then per session section its prompts,
 * decisions, rejected approaches and open threads. Used when a session is known only from
 * a fetched note, not from this machine's logs; and cut at its session headings to merge
 * two bodies. The only owner of mdast-util-from-markdown. A hook reaches it only through
 * the lazily loaded notes merge (`./refs.ts`, when a note changed on both sides). Pure.
 */
import type { Blockquote, ListItem, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { headingNode, paragraphNode, quoteNode } from './body-tree.js';
import { ownValue } from '../records.js';

/**
 * The tree of a body, in the model the writer takes (`./body-tree.ts`): CommonMark's blocks
 * (headings, lists, list items, block quotes) with their text taken back as one leaf of
 * markdown source, verbatim: a heading's text, a list item's content, a block quote's lines
 * without their `> ` (or `>`) prefix. Other blocks are kept as CommonMark reads them; no
 * node has a position. So `parseBodyTree(renderBody(tree))` is `tree`. Never throws.
 */
export function parseBodyTree(body: string): Root {
  const tree = readMarkdown(body);
  return { type: 'root', children: tree.children.map((node) => verbatim(node, body)) };
}

/** Longest part of a body parsed, in characters (a full note); the rest reads as part of the last block. */
const MAX_PARSED_CHARS = 64 * 1024;

/** Deepest nesting of block quotes and list items on one line that is parsed as such. */
const MAX_NESTING = 8;

/** Most leading blanks (spaces and tabs, in characters) on one line parsed as indentation. */
const MAX_INDENT = 32;

/**
 * CommonMark's reading of a body (mdast-util-from-markdown), bounded for untrusted text:
 * only the first `MAX_PARSED_CHARS`, and a line's container markers past `MAX_NESTING`
 * (`>`, `-`, `*`, `+`, `1.`, `1)`) and leading blanks past `MAX_INDENT` read as text,
 * since deep nesting costs the parser quadratic time. The markers are replaced one character for one, so every offset still
 * points into `body`.
 */
function readMarkdown(body: string): Root {
  return fromMarkdown(flattenDeepNesting(body.slice(0, MAX_PARSED_CHARS)));
}

function flattenDeepNesting(text: string): string {
  let out: string[] | null = null;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const end = text.indexOf('\n', lineStart);
    const lineEnd = end === -1 ? text.length : end;
    let i = lineStart;
    let depth = 0;
    let blanks = 0;
    for (;;) {
      while (text[i] === ' ' || text[i] === '\t') {
        if (++blanks > MAX_INDENT) {
          out ??= text.split('');
          out[i] = 'x';
        }
        i++;
      }
      const marker = /^(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/.exec(text.slice(i, Math.min(lineEnd, i + 11)));
      if (!marker) break;
      depth++;
      if (depth > MAX_NESTING) {
        out ??= text.split('');
        for (let k = i; k < i + marker[0].length; k++) out[k] = 'x';
      }
      i += marker[0].length;
    }
    lineStart = lineEnd + 1;
  }
  return out ? out.join('') : text;
}

function verbatim(node: RootContent, body: string): RootContent {
  switch (node.type) {
    case 'heading':
      return headingNode(node.depth as 1 | 2 | 3, inner(node.children, body));
    case 'paragraph':
      return paragraphNode(inner(node.children, body));
    case 'list':
      return { type: 'list', ordered: node.ordered ?? false, start: node.start ?? null, spread: node.spread ?? false, children: node.children.map((i) => item(i, body)) };
    case 'blockquote':
      return quoteNode(quoted(node, body));
    default:
      return withoutPositions(node);
  }
}

function item(node: ListItem, body: string): ListItem {
  const text = inner(node.children, body);
  return { type: 'listItem', spread: node.spread ?? false, checked: node.checked ?? null, children: text === '' ? [] : [paragraphNode(text)] };
}

/** The source from the first child's start to the last child's end ('' without children). */
function inner(children: RootContent[], body: string): string {
  const start = children[0]?.position?.start.offset;
  const end = children[children.length - 1]?.position?.end.offset;
  return start === undefined || end === undefined ? '' : body.slice(start, end);
}

/** A block quote's lines without their `>` marker and the one space after it. */
function quoted(node: Blockquote, body: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return '';
  return body
    .slice(start, end)
    .split('\n')
    .map((l) => l.replace(/^ {0,3}> ?/, ''))
    .join('\n');
}

function withoutPositions(node: RootContent): RootContent {
  const { position: _, ...rest } = node;
  return rest as RootContent;
}

/** A note body cut at its session headings (`splitNoteBody`). */
export interface NoteBodySplit {
  /** The source of each block before the first session heading (the all-human paragraph, say). */
  lead: string[];
  /** The source of each session section: from its `## <agent> · <id8> · <model>` heading to the next one or the end. */
  sections: string[];
}

/**
 * Cut a note body at its session headings: top-level depth-2 headings reading
 * `<agent> · <id8> · <model>` (a `##` line inside a quote, a list or a code block is not
 * one). For merging bodies (`./merge.ts`). Never throws.
 */
export function splitNoteBody(body: string): NoteBodySplit {
  const blocks = readMarkdown(body).children;
  const starts = blocks.filter((b) => b.type === 'heading' && b.depth === 2 && /^\S+ · \S+ · /.test(inner(b.children, body))).map((b) => b.position!.start.offset!);
  const first = starts[0] ?? body.length;
  const lead = blocks.filter((b) => b.position!.end.offset! <= first).map((b) => body.slice(b.position!.start.offset!, b.position!.end.offset!));
  return { lead, sections: starts.map((start, i) => body.slice(start, starts[i + 1] ?? body.length)) };
}

/** The listed items of one session section of a note body. */
export interface NoteBodySection {
  /** `<agent> <id8>` from the section heading `## <agent> · <id8> · <model>`. */
  label: string;
  decisions: string[];
  rejected: string[];
  openThreads: string[];
}

/** One prompt of a session section, as the note body lists it under `### Prompts`. */
export interface NoteBodyPrompt {
  /** `YYYY-MM-DD HH:MM UTC` when the log had a time, else null. */
  at: string | null;
  /** The quoted text (lines joined with `\n`, trimmed), or the marker when `drift.prompts=none`. */
  text: string;
}

const LISTS: Record<string, 'decisions' | 'rejected' | 'openThreads'> = {
  Decisions: 'decisions',
  'Rejected approaches': 'rejected',
  'Open threads': 'openThreads',
};

/** A session section of a parsed body: its label and the blocks under each depth-3 heading. */
interface TreeSection {
  label: string;
  subsections: { title: string; blocks: RootContent[] }[];
}

/** The label `<agent> <id8>` of a session heading's text `<agent> · <id8>[ · <model>]`, or null. */
function sessionLabel(text: string): string | null {
  const m = /^(\S+) · (\S+)(?: · .*)?$/.exec(text);
  return m ? `${m[1]} ${m[2]}` : null;
}

function leaf(node: RootContent | undefined): string {
  return node && 'children' in node && node.children[0]?.type === 'text' ? node.children[0].value : '';
}

/** The session sections of a tree: each depth-2 session heading and the sub-sections after it. */
function sectionsOf(tree: Root): TreeSection[] {
  const out: TreeSection[] = [];
  let current: TreeSection | null = null;
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) {
      const label = sessionLabel(leaf(node));
      current = label ? { label, subsections: [] } : null;
      if (current) out.push(current);
    } else if (current && node.type === 'heading' && node.depth === 3) {
      current.subsections.push({ title: leaf(node).trim(), blocks: [] });
    } else if (current && current.subsections.length > 0) {
      current.subsections[current.subsections.length - 1]!.blocks.push(node);
    }
  }
  return out;
}

function itemTexts(blocks: RootContent[]): string[] {
  return blocks.flatMap((b) => (b.type === 'list' && !b.ordered ? b.children.map((i) => leaf(i.children[0]).trim()) : []));
}

/**
 * Parse the session sections of a note body. Unknown headings are skipped; a body that is
 * not in the note's layout gives no sections (never throws).
 */
export function parseNoteBody(body: string): NoteBodySection[] {
  return sectionsOf(parseBodyTree(body)).map((s) => {
    const section: NoteBodySection = { label: s.label, decisions: [], rejected: [], openThreads: [] };
    for (const sub of s.subsections) {
      const key = ownValue(LISTS, sub.title); // a teammate's heading: own keys only
      if (key) section[key].push(...itemTexts(sub.blocks));
    }
    return section;
  });
}

/**
 * Parse the `### Prompts` lists of a note body: section label (`<agent> <id8>`, as in
 * `parseNoteBody`) → its prompts in order. Each numbered item `N. (time)` is a prompt; the
 * block quote right after it is its text. Never throws; a body in another layout gives an
 * empty map.
 */
export function parseNoteBodyPrompts(body: string): Map<string, NoteBodyPrompt[]> {
  const out = new Map<string, NoteBodyPrompt[]>();
  for (const s of sectionsOf(parseBodyTree(body))) {
    const prompts: NoteBodyPrompt[] = [];
    for (const sub of s.subsections.filter((x) => x.title === 'Prompts')) prompts.push(...promptsOf(sub.blocks));
    out.set(s.label, prompts);
  }
  return out;
}

function promptsOf(blocks: RootContent[]): NoteBodyPrompt[] {
  const out: NoteBodyPrompt[] = [];
  blocks.forEach((block, i) => {
    if (block.type !== 'list' || !block.ordered) return;
    const next = blocks[i + 1];
    const quote = next?.type === 'blockquote' ? leaf(next.children[0]) : null;
    block.children.forEach((item, j) => {
      const m = /^\((\d{4}-\d\d-\d\d \d\d:\d\d) UTC\)(?: ([^]*))?$|^([^]*)$/.exec(leaf(item.children[0]))!;
      const rest = m[1] ? (m[2] ?? '') : (m[3] ?? '');
      const text = j === block.children.length - 1 && quote !== null ? [rest, quote].filter(Boolean).join('\n') : rest;
      out.push({ at: m[1] ? `${m[1]} UTC` : null, text: text.trim() });
    });
  });
  return out;
}

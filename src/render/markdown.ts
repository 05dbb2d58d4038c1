/**
 * Markdown through remark: small builders for mdast nodes and `renderMarkdown`, which
 * serialises a tree with remark (escaping whatever text the nodes hold), and `renderGfm`
 * for trees with tables (remark-gfm). The only owner of remark and remark-gfm; never
 * loaded by the hook path.
 */
import type { BlockContent, Code, Heading, InlineCode, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Strong, Text } from 'mdast';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';

/** Inline content given to builders: a string becomes a text node. */
export type Inline = PhrasingContent | string;

function inline(children: Inline[]): PhrasingContent[] {
  return children.map((c) => (typeof c === 'string' ? text(c) : c));
}

/** A text node (its value is escaped on output). */
export function text(value: string): Text {
  return { type: 'text', value };
}

/** Inline code: `value`. */
export function code(value: string): InlineCode {
  return { type: 'inlineCode', value };
}

/** Strong emphasis. */
export function strong(...children: Inline[]): Strong {
  return { type: 'strong', children: inline(children) };
}

/** A heading of `depth` 1–6. */
export function heading(depth: 1 | 2 | 3 | 4 | 5 | 6, ...children: Inline[]): Heading {
  return { type: 'heading', depth, children: inline(children) };
}

/** A paragraph. */
export function paragraph(...children: Inline[]): Paragraph {
  return { type: 'paragraph', children: inline(children) };
}

/** A fenced code block; `lang` null for none. */
export function codeBlock(value: string, lang: string | null = null): Code {
  return { type: 'code', lang, value };
}

/** A list item holding blocks, or one paragraph of inline content. */
export function item(...children: (BlockContent | Inline)[]): ListItem {
  const blocks = children.every((c) => typeof c === 'string' || !isBlock(c))
    ? [paragraph(...(children as Inline[]))]
    : children.map((c) => (typeof c === 'string' ? paragraph(c) : isBlock(c) ? c : paragraph(c)));
  return { type: 'listItem', spread: false, children: blocks as BlockContent[] };
}

function isBlock(node: BlockContent | PhrasingContent): node is BlockContent {
  return ['paragraph', 'code', 'list', 'blockquote', 'heading', 'thematicBreak', 'html', 'table'].includes(node.type);
}

/** A bullet list (`ordered` for a numbered one). */
export function list(items: ListItem[], ordered = false): List {
  return { type: 'list', ordered, start: ordered ? 1 : null, spread: false, children: items };
}

/** A block quote of paragraphs, one per line of `value` (`backticked` parts as inline code). */
export function quote(value: string): RootContent {
  return {
    type: 'blockquote',
    children: value
      .split(/\n+/)
      .filter((l) => l.trim())
      .map((l) => paragraph(...inlineCode(l))),
  };
}

/** Text with `backticked` parts (on one line) as inline code nodes. */
export function inlineCode(value: string): Inline[] {
  return value
    .split(/(`[^`\n]+`)/)
    .filter(Boolean)
    .map((part) => (/^`[^`\n]+`$/.test(part) ? code(part.slice(1, -1)) : part));
}

/** A document. */
export function root(children: RootContent[]): Root {
  return { type: 'root', children };
}

const processor = remark().data('settings', { bullet: '-', listItemIndent: 'one', rule: '-', fences: true, emphasis: '_' });

/** Serialise a tree to markdown (ends with a newline). Deterministic. */
export function renderMarkdown(tree: Root): string {
  return processor.stringify(tree);
}

const gfm = remark().use(remarkGfm).data('settings', { bullet: '-', listItemIndent: 'one', rule: '-', fences: true, emphasis: '_' });

/** Serialise a tree that may hold GitHub tables (`table` nodes) to GitHub-flavoured markdown (remark-gfm). Deterministic. */
export function renderGfm(tree: Root): string {
  return gfm.stringify(tree);
}

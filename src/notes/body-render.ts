/**
 * The writer of note and record bodies: an mdast tree (`./body-tree.ts`) to the exact
 * `drift-note/1` bytes (docs/format.md, "Body"). Ours, small and exact, because every
 * commit's hook writes a body and hooks load no markdown library (DESIGN.md §7). Pure.
 *
 * Rules: leaves (`text`) are written verbatim, never escaped (they hold markdown source); a
 * heading as `#`×depth, a space, its text; a list one line per item (`- ` or `<n>. `, the
 * item's paragraph, or the bare marker for an empty item); a block quote each line of its
 * paragraphs prefixed `> ` (`>` alone for a blank line). Every block ends with a line break
 * and is followed by a blank line, except a numbered prompt line and its quote, which touch.
 * Other node kinds are a programming error (TypeError).
 */
import type { Blockquote, List, Node, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';

/**
 * Render a body. The root's children are cut into sections at each heading of
 * `sectionDepth` (2 in notes, where a section is a session; 1 in records): a section is its
 * heading line, a blank line, then its blocks; sections, and the blocks before the first
 * one, are joined with `\n`. So a section with no blocks keeps the blank line after its heading.
 */
export function renderBody(root: Root, sectionDepth: 1 | 2): string {
  const parts: string[] = [];
  let blocks: RootContent[] = [];
  let heading: RootContent | null = null;
  const flush = () => {
    if (heading) parts.push(`${renderBlock(heading)}\n\n${renderBlocks(blocks)}`);
    else if (blocks.length > 0) parts.push(renderBlocks(blocks));
  };
  for (const node of root.children) {
    if (node.type === 'heading' && node.depth === sectionDepth) {
      flush();
      heading = node;
      blocks = [];
    } else blocks.push(node);
  }
  flush();
  return parts.join('\n');
}

/** Render blocks: each ends with `\n`, a blank line between them except a prompt line and its quote. */
export function renderBlocks(blocks: RootContent[]): string {
  let out = '';
  blocks.forEach((block, i) => {
    const prev = blocks[i - 1];
    if (prev && !(prev.type === 'list' && prev.ordered && block.type === 'blockquote')) out += '\n';
    out += `${renderBlock(block)}\n`;
  });
  return out;
}

function renderBlock(node: RootContent): string {
  switch (node.type) {
    case 'heading':
      return `${'#'.repeat(node.depth)} ${renderInline(node.children)}`;
    case 'paragraph':
      return renderInline(node.children);
    case 'list':
      return renderList(node);
    case 'blockquote':
      return renderQuote(node);
    default:
      return unsupported(node);
  }
}

function renderList(list: List): string {
  return list.children
    .map((item, i) => {
      const marker = list.ordered ? `${(list.start ?? 1) + i}.` : '-';
      const [first, ...rest] = item.children;
      if (!first) return list.ordered ? marker : `${marker} `;
      if (first.type !== 'paragraph' || rest.length > 0) return unsupported(item);
      return `${marker} ${renderInline(first.children)}`;
    })
    .join(list.spread ? '\n\n' : '\n');
}

function renderQuote(quote: Blockquote): string {
  return quote.children
    .map((p) => (p.type === 'paragraph' ? renderInline((p as Paragraph).children) : unsupported(p)))
    .join('\n\n')
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

function renderInline(children: PhrasingContent[]): string {
  return children.map((c) => (c.type === 'text' ? c.value : unsupported(c))).join('');
}

function unsupported(node: Node): never {
  throw new TypeError(`the body writer does not write ${node.type} nodes`);
}

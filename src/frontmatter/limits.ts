/**
 * The limits a frontmatter block must keep (pure). Before the parse: its size, how deeply
 * it nests, how many aliases it has and that it has no tags, measured with the `yaml`
 * package's lexer (iterative and linear, so a hostile block is refused before js-yaml's
 * recursive parser sees it). After: how many values it holds once aliases are expanded.
 */
import { CST, Lexer } from 'yaml';

/** Largest frontmatter block read, in UTF-8 bytes (16 times the 64 KiB note cap, so that notes written before the cap still read). */
export const FRONTMATTER_MAX_BYTES = 1024 * 1024;

/** Deepest nesting read: flow brackets, block collections and compact `- ` / `? ` items each count one level. */
export const FRONTMATTER_MAX_DEPTH = 64;

/** Most aliases (`*name`) read in one block. Our own notes use none. */
export const FRONTMATTER_MAX_ALIASES = 100;

/** Most values (scalars and collections, each alias counted as what it stands for) one block may hold. */
export const FRONTMATTER_MAX_VALUES = 200_000;

/**
 * Why a frontmatter block breaks a limit checked before parsing (size, depth, aliases,
 * tags), or null when it keeps them all. Depth is an upper bound of the real nesting: a
 * block collection counts once per indentation column it opens, a flow collection once
 * per bracket. Never throws; time and memory are linear in the size of `block`.
 */
export function checkFrontmatterLimits(block: string): string | null {
  const bytes = Buffer.byteLength(block, 'utf8');
  if (bytes > FRONTMATTER_MAX_BYTES) return `frontmatter is ${bytes} bytes, over the ${FRONTMATTER_MAX_BYTES}-byte limit`;
  const scan = scanTokens(block, FRONTMATTER_MAX_DEPTH);
  if (scan.depth > FRONTMATTER_MAX_DEPTH) return `frontmatter nests deeper than ${FRONTMATTER_MAX_DEPTH} levels`;
  if (scan.tag) return `frontmatter has a YAML tag (${scan.tag.slice(0, 40)}): tags are not read`;
  if (scan.aliases > FRONTMATTER_MAX_ALIASES) return `frontmatter has more than ${FRONTMATTER_MAX_ALIASES} aliases`;
  return null;
}

/**
 * Why parsed frontmatter `data` holds too much, or null: more than `FRONTMATTER_MAX_VALUES`
 * values once aliases are expanded (js-yaml shares an anchored value between its aliases,
 * so an alias bomb is cheap to parse and explodes only when walked). Iterative; stops at
 * the limit, so it takes at most that many steps.
 */
export function checkFrontmatterValues(data: unknown): string | null {
  const stack: unknown[] = [data];
  let seen = 0;
  while (stack.length > 0) {
    const value = stack.pop();
    if (++seen > FRONTMATTER_MAX_VALUES) return `frontmatter expands past ${FRONTMATTER_MAX_VALUES} values through its aliases`;
    if (value === null || typeof value !== 'object' || value instanceof Date) continue;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push(child);
  }
  return null;
}

/** What the lexer saw: an upper bound of the nesting depth (counting stops past `limit`), the first tag, the aliases. */
function scanTokens(source: string, limit: number): { depth: number; tag: string | null; aliases: number } {
  let tag: string | null = null;
  let aliases = 0;
  let flow = 0;
  let column = 0;
  let lineStart = true;
  let afterIndicator = false;
  const columns: number[] = [];
  let max = 0;
  for (const token of new Lexer().lex(source)) {
    const type = CST.tokenType(token);
    if (type === 'tag') tag ??= token;
    else if (type === 'alias') aliases++;
    if (type === 'newline') {
      column = 0;
      lineStart = true;
      continue;
    }
    if (type === 'doc-mode' || type === 'scalar' || type === 'flow-error-end' || type === 'byte-order-mark') continue;
    if (type === 'space' || type === 'comment') {
      column += token.length;
      continue;
    }
    if (type === 'flow-map-start' || type === 'flow-seq-start') flow++;
    else if ((type === 'flow-map-end' || type === 'flow-seq-end') && flow > 0) flow--;
    if (flow === 0 && (lineStart || afterIndicator)) {
      while (columns.length > 0 && columns[columns.length - 1]! > column) columns.pop();
      if (columns.length === 0 || columns[columns.length - 1]! < column) columns.push(column);
    }
    afterIndicator = type === 'seq-item-ind' || type === 'explicit-key-ind';
    lineStart = false;
    const nl = token.lastIndexOf('\n');
    column = nl === -1 ? column + token.length : token.length - nl - 1;
    max = Math.max(max, columns.length + flow);
    if (max > limit) break;
  }
  return { depth: max, tag, aliases };
}

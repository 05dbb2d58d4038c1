/**
 * The frontmatter codec shared by notes, records and briefs: the only owner of
 * gray-matter and of the `yaml` package. Frontmatter we read is untrusted (notes come from
 * teammates and forks), so it is read as YAML data only: no engine chosen by the input, no
 * tags, and size, depth and alias limits checked before the parse.
 * Rendering is gray-matter's, unchanged, so written bytes stay what `drift-note/1` pins.
 */
import matter from 'gray-matter';
import { checkFrontmatterLimits, checkFrontmatterValues } from './limits.js';

export { FRONTMATTER_MAX_ALIASES, FRONTMATTER_MAX_BYTES, FRONTMATTER_MAX_DEPTH, FRONTMATTER_MAX_VALUES } from './limits.js';

/** A text split into its frontmatter (a YAML mapping, `{}` when the text has none) and the markdown after it. */
export interface Frontmatter {
  data: Record<string, unknown>;
  /** The text after the closing `---` line (gray-matter's `content`: one leading newline dropped). */
  content: string;
}

/** Why a frontmatter could not be read; `invalid` is one line for humans. */
export interface InvalidFrontmatter {
  invalid: string;
}

/** Thrown by the YAML engine inside gray-matter, caught by `parseFrontmatter`. */
class Refused extends Error {}

/** gray-matter's own YAML parse: js-yaml's `safeLoad` (core schema, timestamps, no JavaScript types). */
const safeLoad = (matter as unknown as { engines: { yaml: { parse(block: string): unknown } } }).engines.yaml.parse;

/**
 * The YAML engine gray-matter calls. It stays js-yaml's `safeLoad`, the library that
 * renders our frontmatter, so that every rendered string reads back as the same string
 * (the `yaml` package's core schema reads js-yaml's plain `0o17` or `01.5` as numbers).
 * js-yaml has no limits of its own, so they are checked around it: size, depth, aliases
 * and tags before the parse (`checkFrontmatterLimits`, with the `yaml` package's lexer),
 * values after it (`checkFrontmatterValues`: an alias bomb). Throws `Refused` with the reason.
 */
function parseYaml(block: string): unknown {
  const limit = checkFrontmatterLimits(block);
  if (limit) throw new Refused(limit);
  let data: unknown;
  try {
    data = safeLoad(block);
  } catch (err) {
    throw new Refused(`frontmatter is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const values = checkFrontmatterValues(data);
  if (values) throw new Refused(values);
  return data;
}

function refuseEngine(): never {
  throw new Refused('frontmatter engine refused');
}

/**
 * gray-matter's options: YAML through `parseYaml`, and its built-in JavaScript and JSON
 * engines replaced by ones that refuse (a fence such as `---js` also fails the check in
 * `parseFrontmatter`; this is the second lock).
 */
const OPTIONS = {
  language: 'yaml',
  engines: { yaml: { parse: parseYaml }, javascript: { parse: refuseEngine }, json: { parse: refuseEngine } },
} as unknown as Parameters<typeof matter>[1];

/**
 * The language named after the opening fence (`---js` → `js`), '' for a plain `---`, or
 * null when the text has no frontmatter. gray-matter's own rule, so both agree.
 */
function fenceLanguage(text: string): string | null {
  if (!matter.test(text) || text.charAt(3) === '-') return null;
  return matter.language(text).name;
}

/**
 * Split `text` into frontmatter data and content (pure). Only YAML is read: a fence naming
 * another language (`---js`, `---json`, `---coffee`…) is refused, never evaluated. Returns
 * `{invalid}` with the reason when the fence is not YAML, the block is over a limit
 * (`FRONTMATTER_MAX_BYTES`, `FRONTMATTER_MAX_DEPTH`, `FRONTMATTER_MAX_ALIASES`,
 * `FRONTMATTER_MAX_VALUES`), has a tag, is not valid YAML (a duplicate key included), or is
 * not a mapping. Never throws.
 */
export function parseFrontmatter(text: string): Frontmatter | InvalidFrontmatter {
  const language = fenceLanguage(text);
  if (language !== null && language !== '' && !/^ya?ml$/i.test(language)) {
    return { invalid: `frontmatter fence \`---${language.slice(0, 20)}\` is not YAML: only YAML frontmatter is read` };
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, OPTIONS);
  } catch (err) {
    if (err instanceof Refused) return { invalid: err.message };
    return { invalid: `frontmatter is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  const data: unknown = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { invalid: 'frontmatter is not a mapping' };
  return { data: data as Record<string, unknown>, content: parsed.content };
}

/**
 * Render `data` as a YAML frontmatter block followed by `body` (gray-matter's stringify
 * with js-yaml's safe dump: deterministic, the bytes `drift-note/1` pins), and `body` ending
 * with one line break added when it has none, exactly as `matter.stringify(body, data)`.
 * gray-matter is handed only the block: its stringify copies its whole input into a Buffer
 * first, which for a long session's record (half a megabyte, rewritten by every commit)
 * cost more than the rest of the rendering (and cached the input in a process-wide map).
 * Unlike gray-matter, a body that itself starts with a `---` block is written as it is,
 * never merged into the frontmatter (the bodies git drift writes start with a heading).
 * A top-level list of git object names is written line by line, in js-yaml's bytes
 * (`isObjectNameList`). Pure; throws only for values YAML cannot hold (`undefined`, functions).
 */
export function renderFrontmatter(body: string, data: object): string {
  const lists = new Map<string, string[]>();
  const handed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (PLAIN_KEY.test(key) && isObjectNameList(value)) {
      lists.set(key, value);
      handed[key] = LIST_MARK;
    } else handed[key] = value;
  }
  if (lists.size > 0 && heldTwice(data, new Set(lists.values()))) lists.clear(); // js-yaml would write an anchor and an alias
  const block = (lists.size > 0 && withLists(matter.stringify('\n', handed), lists)) || matter.stringify('\n', data); // the block, then the '\n' body as it is
  return block.slice(0, -1) + (body.endsWith('\n') ? body : `${body}\n`);
}

/**
 * `block` (rendered with LIST_MARK in place of each of `lists`) with each `<key>: <mark>`
 * line replaced by the key's block sequence; null when a key's line is not there as
 * written (js-yaml quoted the key: `'no'`, `'null'`…), so that the caller renders the data whole.
 */
function withLists(block: string, lists: Map<string, string[]>): string | null {
  let out = block;
  for (const [key, names] of lists) {
    const line = `\n${key}: ${LIST_MARK}\n`;
    const at = out.indexOf(line);
    if (at === -1) return null;
    out = `${out.slice(0, at)}\n${key}:\n${names.map((n) => `  - ${n}\n`).join('')}${out.slice(at + line.length)}`;
  }
  return out;
}

/**
 * Top-level lists of git object names (a record's `commits`: one line per commit of the
 * session, so a long session's list runs to thousands) are written by `renderFrontmatter`
 * itself, line by line, rather than by js-yaml, whose dump tests each string against every
 * implicit YAML type: for 2,000 names, 16 ms of a first call, paid by every commit of a
 * long session (issue 15). The bytes are js-yaml's: a block sequence indented by two
 * spaces, each name plain. A name is written so only when it is 7 to 64 lower-case hex
 * digits holding a letter other than `e`: no YAML 1.1 type (null, bool, int, float,
 * timestamp, merge) matches such a text, so js-yaml writes it plain too; a list with any
 * other item, and a list of fewer than MIN_LIST names, go to js-yaml whole, as does every list when one of them
 * is also held elsewhere in the data (js-yaml writes an anchor and an alias then). The key
 * is swapped for LIST_MARK (a plain scalar) in what js-yaml sees, and that line is replaced;
 * when js-yaml wrote the key quoted (`'no'`, `'null'`), the data is rendered whole instead.
 */
function isObjectNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length >= MIN_LIST && value.every((v) => typeof v === 'string' && OBJECT_NAME.test(v) && /[a-df]/.test(v));
}

/** True when one of `lists` is held twice or more (by identity) anywhere in `data`: js-yaml would see it twice. */
function heldTwice(data: object, lists: Set<unknown>): boolean {
  const held = new Set<unknown>();
  const seen = new Set<unknown>();
  const walk = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return false;
    seen.add(value);
    for (const item of Array.isArray(value) ? value : Object.values(value)) {
      if (lists.has(item)) {
        if (held.has(item)) return true;
        held.add(item);
      } else if (walk(item)) return true;
    }
    return false;
  };
  return walk(data);
}

/** The shortest list written line by line: below it, js-yaml's dump costs less than the checks (`bench/record-frontmatter.mjs`). */
const MIN_LIST = 128;
const OBJECT_NAME = /^[0-9a-f]{7,64}$/;
/** Keys js-yaml may write plain at the start of a line (`key: value`); one it quotes all the same (`'no'`) is found by `withLists`. */
const PLAIN_KEY = /^[a-z][a-z0-9_]*$/;
const LIST_MARK = 'git-drift-object-name-list';

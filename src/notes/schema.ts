/**
 * The shape of a `drift-note/1` frontmatter (docs/format.md, "Validation", rules 2–6) as
 * one zod schema: `parseNote` reads every note through it and `validateNote` (git drift
 * check) starts from it, so a note check accepts is one every reader accepts. Written
 * with `zod/mini`, the tree-shakable build of zod, because `parseNote` runs in the hooks:
 * the hook bundle may hold `zod/mini` but not the full zod (test/hook-bundle.test.ts).
 */
import * as z from 'zod/mini';
import { isRangeText } from './ranges.js';

type Fields = Record<string, unknown>;

const ranges = z.string().check(z.refine(isRangeText));
const rangesBySession = z.record(z.string(), ranges);
const nullableString = z.optional(z.nullable(z.string()));

/** A `sessions[]` entry; fields in the order their problems are reported. Unknown fields are allowed. */
const sessionSchema = z.looseObject({
  id: z.string(),
  agent: z.string(),
  edits: z.looseObject({ applied: z.number(), rejected: z.number() }),
  prompts: z.number(),
  model: nullableString,
  branch: nullableString,
  record: z.optional(z.string()),
  asked: z.optional(z.array(z.string())),
  source: z.optional(z.string()),
  author: z.optional(z.string()),
});

/** A `files.<path>` entry. */
const fileSchema = z.looseObject({
  human: z.optional(ranges),
  ai: z.optional(rangesBySession),
  'ai-modified': z.optional(rangesBySession),
  prompt: z.optional(rangesBySession),
});

/** The frontmatter after `drift: 1` (checked first, for its own message). */
const noteSchema = z.looseObject({
  sessions: z.array(sessionSchema),
  files: z.record(z.string(), fileSchema),
  truncated: z.optional(z.looseObject({ cut: z.array(z.string()), files: z.optional(z.number()) })),
  partial: z.optional(z.looseObject({ unread: z.number() })),
});

/**
 * The first rule `data` breaks, worded as in docs/format.md ("Validation"), or null when it
 * has the shape every reader relies on: `drift: 1`, a list of sessions (string `id` and
 * `agent`; numeric `prompts`, `edits.applied`, `edits.rejected`; if present, `model` and
 * `branch` strings or null, `record`, `source` and `author` strings, `asked` a list of
 * strings), a mapping of files (range strings under `human`, `ai`, `ai-modified`,
 * `prompt`), and if present a `truncated` and a `partial` marker. Numbers must be finite. Unknown fields
 * are allowed. Pure; never throws.
 */
export function noteShapeProblem(data: Fields): string | null {
  if (data.drift !== 1) return `not a drift-note/1 (drift: ${JSON.stringify(data.drift)?.slice(0, 80)})`;
  const result = noteSchema.safeParse(data);
  if (result.success) return null;
  const paths = result.error.issues.map((issue) => issue.path);
  // The list and the mapping themselves come first, as a reader meets them.
  const path = paths.find((p) => p.length === 1 && p[0] !== 'truncated' && p[0] !== 'partial') ?? paths[0]!;
  return describe(data, path);
}

/** The docs/format.md wording of a problem at `path` of the frontmatter `data`. */
function describe(data: Fields, path: PropertyKey[]): string {
  const [top, at, field] = path;
  if (top === 'sessions') return path.length === 1 ? '`sessions` must be a list' : sessionProblem((data.sessions as unknown[])[at as number], field);
  if (top === 'files') return path.length === 1 ? '`files` must be a mapping' : fileProblem(String(at), field, path.length);
  if (top === 'partial') return '`partial` must be {unread: number}';
  return '`truncated` must be {cut: [strings], files: number}';
}

function sessionProblem(entry: unknown, field: PropertyKey | undefined): string {
  if (field === undefined) return 'a session entry is not a mapping';
  if (field === 'id' || field === 'agent') return 'a session lacks `id` or `agent`';
  const id = (entry as Fields).id;
  if (field === 'edits') return `session ${id}: \`edits\` must be {applied, rejected}`;
  if (field === 'prompts') return `session ${id}: \`prompts\` must be a number`;
  if (field === 'model' || field === 'branch') return `session ${id}: \`${field}\` must be a string or null`;
  if (field === 'asked') return `session ${id}: \`asked\` must be a list of strings`;
  return `session ${id}: \`${String(field)}\` must be a string`;
}

function fileProblem(path: string, field: PropertyKey | undefined, depth: number): string {
  if (field === undefined) return `file ${path}: not a mapping`;
  if (field === 'human') return `file ${path}: bad human ranges`;
  return depth === 3 ? `file ${path}: ${String(field)} must map sessions to ranges` : `file ${path}: bad ${String(field)} ranges`;
}

/**
 * The shape of a `drift-note/1` frontmatter as one zod schema (docs/format.md,
 * "Validation", rules 2–6): `parseNote` reads every note through it and `validateNote`
 * (git drift check) starts from it, so a note check accepts is one every reader accepts.
 */
import { z } from 'zod';

const RANGES = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

const ranges = z.string().regex(RANGES);
const rangesBySession = z.record(z.string(), ranges);

/** One `sessions[]` entry. `model`, `branch` (string or null) and `record` (string) may be absent; unknown fields are kept. */
export const noteSessionSchema = z.looseObject({
  id: z.string(),
  agent: z.string(),
  model: z.string().nullable().optional(),
  branch: z.string().nullable().optional(),
  prompts: z.number(),
  edits: z.looseObject({ applied: z.number(), rejected: z.number() }),
  record: z.string().optional(),
  asked: z.array(z.string()).optional(),
});

/** One `files.<path>` entry: ranges by owner; unknown fields are kept. */
export const noteFileSchema = z.looseObject({
  ai: rangesBySession.optional(),
  'ai-modified': rangesBySession.optional(),
  human: ranges.optional(),
  prompt: rangesBySession.optional(),
});

/** The frontmatter of a note: `drift: 1`, a list of sessions, a mapping of files. */
export const noteFrontmatterSchema = z.looseObject({
  drift: z.literal(1),
  sessions: z.array(noteSessionSchema),
  files: z.record(z.string(), noteFileSchema),
  truncated: z.looseObject({ cut: z.array(z.string()), files: z.number().optional() }).optional(),
});

/**
 * The first rule `data` breaks, worded as in docs/format.md ("Validation"), or null when
 * it fits `noteFrontmatterSchema`. Pure; never throws.
 */
export function noteShapeProblem(data: Record<string, unknown>): string | null {
  if (data.drift !== 1) return `not a drift-note/1 (drift: ${JSON.stringify(data.drift)?.slice(0, 80)})`;
  if (!Array.isArray(data.sessions)) return '`sessions` must be a list';
  if (data.files === null || typeof data.files !== 'object' || Array.isArray(data.files)) return '`files` must be a mapping';
  const result = noteFrontmatterSchema.safeParse(data);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  return describe(issue.path, data);
}

/** Today's wording for a schema failure at `path`. */
function describe(path: PropertyKey[], data: Record<string, unknown>): string {
  const [top, key, field, inner] = path;
  if (top === 'truncated') return '`truncated` must be {cut: [strings], files: number}';
  if (top === 'sessions') {
    const entry = (data.sessions as unknown[])[key as number];
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return 'a session entry is not a mapping';
    const id = (entry as Record<string, unknown>).id;
    if (field === 'id' || field === 'agent') return 'a session lacks `id` or `agent`';
    if (field === 'edits') return `session ${String(id)}: \`edits\` must be {applied, rejected}`;
    if (field === 'prompts') return `session ${String(id)}: \`prompts\` must be a number`;
    if (field === 'asked') return `session ${String(id)}: \`asked\` must be a list of strings`;
    if (field === 'model' || field === 'branch') return `session ${String(id)}: \`${field}\` must be a string or null`;
    return `session ${String(id)}: \`${String(field)}\` must be a string`;
  }
  const file = (data.files as Record<string, unknown>)[key as string];
  if (!file || typeof file !== 'object' || Array.isArray(file)) return `file ${String(key)}: not a mapping`;
  if (field === 'human') return `file ${String(key)}: bad human ranges`;
  const value = (file as Record<string, unknown>)[field as string];
  if (inner === undefined && (!value || typeof value !== 'object' || Array.isArray(value))) return `file ${String(key)}: ${String(field)} must map sessions to ranges`;
  return `file ${String(key)}: bad ${String(field)} ranges`;
}

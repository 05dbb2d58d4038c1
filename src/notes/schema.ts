/**
 * The shape of a `drift-note/1` frontmatter (docs/format.md, "Validation", rules 2–6) as
 * one check: `parseNote` reads every note through it and `validateNote` (git drift check)
 * starts from it, so a note check accepts is one every reader accepts. Hand-written rather
 * than zod, because `parseNote` runs in the hooks, whose bundle must stay free of zod
 * (test/hook-bundle.test.ts).
 */
import { isRangeText } from './ranges.js';

type Fields = Record<string, unknown>;

const isMapping = (v: unknown): v is Fields => v !== null && typeof v === 'object' && !Array.isArray(v);
const isRanges = isRangeText;

/**
 * The first rule `data` breaks, worded as in docs/format.md ("Validation"), or null when it
 * has the shape every reader relies on: `drift: 1`, a list of sessions (string `id` and
 * `agent`; numeric `prompts`, `edits.applied`, `edits.rejected`; if present, `model` and
 * `branch` strings or null, `record`, `source` and `author` strings, `asked` a list of
 * strings), a mapping of
 * files (range strings under `human`, `ai`, `ai-modified`, `prompt`), and if present a
 * `truncated` marker. Unknown fields are allowed. Pure; never throws.
 */
export function noteShapeProblem(data: Fields): string | null {
  if (data.drift !== 1) return `not a drift-note/1 (drift: ${JSON.stringify(data.drift)?.slice(0, 80)})`;
  if (!Array.isArray(data.sessions)) return '`sessions` must be a list';
  if (!isMapping(data.files)) return '`files` must be a mapping';
  for (const s of data.sessions as unknown[]) {
    const problem = sessionProblem(s);
    if (problem) return problem;
  }
  for (const [path, f] of Object.entries(data.files)) {
    const problem = fileProblem(path, f);
    if (problem) return problem;
  }
  if (data.truncated !== undefined && !truncatedOk(data.truncated)) return '`truncated` must be {cut: [strings], files: number}';
  return null;
}

function sessionProblem(s: unknown): string | null {
  if (!isMapping(s)) return 'a session entry is not a mapping';
  if (typeof s.id !== 'string' || typeof s.agent !== 'string') return 'a session lacks `id` or `agent`';
  const edits = s.edits;
  if (!isMapping(edits) || typeof edits.applied !== 'number' || typeof edits.rejected !== 'number') return `session ${s.id}: \`edits\` must be {applied, rejected}`;
  if (typeof s.prompts !== 'number') return `session ${s.id}: \`prompts\` must be a number`;
  for (const field of ['model', 'branch'] as const) {
    if (s[field] !== undefined && s[field] !== null && typeof s[field] !== 'string') return `session ${s.id}: \`${field}\` must be a string or null`;
  }
  if (s.record !== undefined && typeof s.record !== 'string') return `session ${s.id}: \`record\` must be a string`;
  if (s.asked !== undefined && (!Array.isArray(s.asked) || s.asked.some((a) => typeof a !== 'string'))) return `session ${s.id}: \`asked\` must be a list of strings`;
  if (s.source !== undefined && typeof s.source !== 'string') return `session ${s.id}: \`source\` must be a string`;
  if (s.author !== undefined && typeof s.author !== 'string') return `session ${s.id}: \`author\` must be a string`;
  return null;
}

function fileProblem(path: string, f: unknown): string | null {
  if (!isMapping(f)) return `file ${path}: not a mapping`;
  if (f.human !== undefined && !isRanges(f.human)) return `file ${path}: bad human ranges`;
  for (const state of ['ai', 'ai-modified', 'prompt']) {
    const v = f[state];
    if (v === undefined) continue;
    if (!isMapping(v)) return `file ${path}: ${state} must map sessions to ranges`;
    for (const r of Object.values(v)) if (!isRanges(r)) return `file ${path}: bad ${state} ranges`;
  }
  return null;
}

function truncatedOk(v: unknown): boolean {
  return isMapping(v) && Array.isArray(v.cut) && v.cut.every((c) => typeof c === 'string') && (v.files === undefined || typeof v.files === 'number');
}

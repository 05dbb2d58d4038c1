/**
 * The schemas of the `git drift mcp` tools (the only owner of zod): what each tool accepts,
 * and the structured content it returns, which is the JSON `git drift … --json` prints for
 * the same question (docs/format.md, "MCP tools"). The SDK turns them into JSON Schema for
 * `tools/list` and checks every call's arguments against them.
 */
import { z } from 'zod';
import { AGENTS } from '../types.js';
import { TARGET_AGENTS } from '../brief/material.js';

/** A git revision or range given to a tool: never one that git could read as an option. */
const revision = z
  .string()
  .min(1)
  .regex(/^[^-]/, 'must not start with "-"')
  .regex(/^[^\0\n]*$/, 'must be one line');

const file = z.string().min(1).describe('path of the file, relative to the repository root (an absolute path inside the repository works too)');
const line = z.number().int().min(1);
const nullableString = z.string().nullable();

const blameState = z.enum(['ai', 'ai-modified', 'human', 'unknown']);
const edits = z.object({ applied: z.number().int(), rejected: z.number().int() });

/** `drift_blame` arguments. */
export const blameInput = z.strictObject({
  file,
  startLine: line.optional().describe('first line to blame (1-based); alone, only that line'),
  endLine: line.optional().describe('last line to blame (1-based, inclusive); alone, lines 1 to endLine'),
  revision: revision.optional().describe('the revision to blame (default: the work tree, uncommitted lines included)'),
});

/** `drift_blame` structured content: `git drift blame <file> [-L s,e] [revision] --json`. */
export const blameOutput = z.object({
  file: z.string(),
  lines: z.array(
    z.object({
      line: z.number().int(),
      commit: z.string(),
      state: blameState,
      agent: nullableString,
      session: nullableString,
      model: nullableString,
      source: nullableString,
      prompt: nullableString,
      text: z.string(),
    }),
  ),
});

/** `drift_line_history` arguments. */
export const lineHistoryInput = z.strictObject({
  file,
  line: line.describe('the line to trace (1-based, in the revision)'),
  revision: revision.optional().describe('the revision the line number refers to (default: HEAD)'),
});

/** `drift_line_history` structured content: `git drift blame --line N <file> [revision] --json`. */
export const lineHistoryOutput = z.object({
  file: z.string(),
  line: z.number().int(),
  commits: z.array(
    z.object({
      commit: z.string(),
      date: z.string(),
      subject: z.string(),
      path: z.string(),
      line: z.number().int().nullable(),
      state: blameState,
      agent: nullableString,
      session: nullableString,
      model: nullableString,
      source: nullableString,
      prompt: nullableString,
      rejected: z.array(z.string()),
    }),
  ),
});

/** Most commits `drift_log` returns when `maxCount` is not given. */
export const LOG_DEFAULT_COUNT = 50;

/** `drift_log` arguments. */
export const logInput = z.strictObject({
  range: revision.optional().describe('any git log revision or range, e.g. "main..HEAD" (default: HEAD)'),
  maxCount: z.number().int().min(1).max(1000).optional().describe(`at most this many commits, newest first (default: ${LOG_DEFAULT_COUNT})`),
});

/** `drift_log` structured content: `{ commits }`, where `commits` is `git drift log <range> -n <maxCount> --json`. */
export const logOutput = z.object({
  commits: z.array(
    z.object({
      commit: z.string(),
      subject: z.string(),
      note: z.enum(['ok', 'missing', 'invalid']),
      reason: nullableString,
      sessions: z.array(
        z.object({
          id: z.string(),
          agent: z.string(),
          model: nullableString,
          source: nullableString,
          edits,
          prompts: z.number().int(),
          lines: z.object({ ai: z.number().int(), aiModified: z.number().int() }),
        }),
      ),
      lines: z.object({ ai: z.number().int(), aiModified: z.number().int(), human: z.number().int() }).nullable(),
      partial: z.object({ unread: z.number().int() }).nullable(),
    }),
  ),
});

const sessionRow = z.object({
  id: z.string(),
  agent: z.string(),
  nativeId: z.string(),
  model: nullableString,
  branch: nullableString,
  started: nullableString,
  ended: nullableString,
  prompts: z.number().int(),
  edits,
  files: z.array(z.string()),
  commits: z.array(z.string()),
});

/** `drift_sessions` arguments. */
export const sessionsInput = z.strictObject({
  agent: z
    .enum(AGENTS as [string, ...string[]])
    .optional()
    .describe('only sessions of this agent'),
  branch: z.string().min(1).optional().describe('only sessions the agent recorded on this branch'),
});

/** `drift_sessions` structured content: `{ sessions }`, the rows of `git drift sessions --json` that pass the filters. */
export const sessionsOutput = z.object({ sessions: z.array(sessionRow) });

/** `drift_session` arguments. */
export const sessionInput = z.strictObject({
  id: z.string().min(1).describe('session id "<agent>:<native id>", the native id, or its first 4+ characters'),
});

/** `drift_session` structured content: its `sessions --json` row and its record. */
export const sessionOutput = z.object({
  session: sessionRow,
  record: z.object({
    path: z.string().describe('repo-relative path of the record (.prompts/sessions/…)'),
    source: z.enum(['file', 'cache']).describe('file: read from the work tree; cache: rendered from the local cache (no record file yet)'),
    text: z.string(),
  }),
});

/** `drift_rejected` arguments. */
export const rejectedInput = z.strictObject({
  file: file.optional().describe('the approaches rejected on this file, from every session and from the notes of the commits that touched it'),
  branch: z.string().min(1).optional().describe('the approaches rejected on this branch, as its handoff brief lists them (default: the current branch)'),
});

/** `drift_rejected` structured content: the approaches with their reasons, most recent first. */
export const rejectedOutput = z.object({
  scope: z.string(),
  file: nullableString,
  rejected: z.array(
    z.object({
      kind: z.enum(['user-declined', 'tool-error', 'hook-blocked', 'command-failed', 'reverted']),
      what: z.string(),
      reason: z.string(),
      output: nullableString,
      session: z.string(),
      at: nullableString,
    }),
  ),
  omitted: z.number().int(),
});

/** `drift_handoff` arguments. */
export const handoffInput = z.strictObject({
  branch: z.string().min(1).optional().describe('the branch to hand off (default: the current one)'),
  since: z.string().min(1).optional().describe('only sessions and commits since this time ("2 hours ago", "2026-11-20 10:00")'),
  sessions: z.array(z.string().min(1)).min(1).optional().describe('only these sessions (id, native id or its first 4+ characters)'),
  to: z.enum(TARGET_AGENTS).optional().describe('the agent taking over (default: generic)'),
});

/** `drift_handoff` structured content: the brief `git drift handoff --print` prints, its frontmatter and size. */
export const handoffOutput = z.object({
  brief: z.string(),
  frontmatter: z.object({
    drift: z.literal(1),
    branch: nullableString,
    base: nullableString,
    baseCommit: nullableString,
    head: nullableString,
    to: z.string(),
    sessions: z.array(z.string()),
    agents: z.array(z.string()),
    generated: z.string(),
    llm: z.string(),
  }),
  words: z.number().int(),
  notice: nullableString.describe('why LLM compaction fell back to the offline brief, or null'),
});

/** The inferred TypeScript type of a schema. */
export type Infer<S extends z.ZodType> = z.infer<S>;

/** Any object schema of a tool. */
export type ObjectSchema = z.ZodObject;

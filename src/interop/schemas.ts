/**
 * The zod schemas of the foreign attribution formats git drift imports (git-ai's
 * authorship metadata, Agent Trace records): what a parsed JSON value must look like
 * before any of it is used. Everything read from another tool is untrusted: strings are
 * bounded, unknown fields are ignored, and a value that does not fit is a reason to skip
 * the note or record, never a guess. (zod is owned by `src/mcp/schemas.ts` for the MCP
 * tools; this module holds the interop formats' schemas only.)
 */
import { z } from 'zod';

/** Longest identifier kept from foreign input (tool, conversation id, model), in characters. */
export const ID_MAX_CHARS = 250;

const id = z
  .string()
  .min(1)
  .max(ID_MAX_CHARS)
  .regex(/^[^\0-\x1f\x7f]*$/, 'must hold no control characters');
const text = z.string().max(1000);

/** git-ai's `agent_id` (Git AI Standard v3.0.0): the tool, its conversation id, the model. */
const gitAiAgentId = z.object({ tool: id, id, model: z.string().max(ID_MAX_CHARS).nullish() });

/** A `prompts` (legacy) or `sessions` entry of a git-ai note's metadata. */
const gitAiAgent = z.object({ agent_id: gitAiAgentId, human_author: text.nullish() });

/**
 * The JSON metadata after `---` in a git-ai v3 note (`schema_version: authorship/3.x`):
 * `base_commit_sha` and `prompts` required, `sessions` and `humans` optional (missing maps
 * are empty). Source: git-ai-project/git-ai `specs/git_ai_standard_v3.0.0.md`.
 */
export const gitAiMetadata = z.object({
  schema_version: z.string().regex(/^authorship\/3\.\d+\.\d+$/, 'must be authorship/3.x.y'),
  git_ai_version: z.string().max(100).nullish(),
  base_commit_sha: z.string().max(100),
  prompts: z.record(z.string().max(100), gitAiAgent),
  sessions: z.record(z.string().max(100), gitAiAgent).nullish(),
  humans: z.record(z.string().max(100), z.object({ author: text })).nullish(),
});

/** One author of a legacy `authorship/0.0.1` blob: lines are `N` or `[A, B]`. */
const legacyAuthor = z.object({
  author: id,
  lines: z.array(z.union([z.number().int().min(1), z.tuple([z.number().int().min(1), z.number().int().min(1)])])).max(100_000),
  agent_metadata: z
    .object({ tool: id.nullish(), id: id.nullish(), model: z.string().max(ID_MAX_CHARS).nullish() })
    .passthrough()
    .nullish(),
});

/**
 * A legacy git-ai blob at `refs/ai/authorship/<commit>` (before git-ai PR #74, Oct 2025):
 * `{"schema_version":"authorship/0.0.1","files":{path:{"file","authors":[…]}}}`. Source:
 * the sample in `../shared/corpus/git-ai/`.
 */
export const gitAiLegacy = z.object({
  schema_version: z.literal('authorship/0.0.1'),
  files: z.record(z.string().max(4096), z.object({ authors: z.array(legacyAuthor).max(1000) })),
});

const contributor = z.object({ type: z.enum(['human', 'ai', 'mixed', 'unknown']), model_id: z.string().max(ID_MAX_CHARS).nullish() });
const range = z.object({
  start_line: z.number().int().min(1),
  end_line: z.number().int().min(1),
  contributor: contributor.nullish(),
});
const conversation = z.object({
  url: z.string().max(4096).nullish(),
  contributor: contributor.nullish(),
  ranges: z.array(range).max(100_000),
  related: z.array(z.object({ type: z.string().max(100), url: z.string().max(4096) })).nullish(),
});

/**
 * An Agent Trace record (spec 0.1.0, cursor/agent-trace `README.md` §6.1), read leniently:
 * any `version`, `vcs` and `tool` optional, `tool.version` optional, unknown fields
 * ignored; `metadata` kept as data for the importer to look into.
 */
export const agentTraceRecord = z.object({
  version: z.string().max(50),
  id: z.string().max(200),
  timestamp: z.string().max(100),
  vcs: z.object({ type: z.string().max(20), revision: z.string().max(200) }).nullish(),
  tool: z.object({ name: z.string().max(ID_MAX_CHARS).nullish(), version: z.string().max(100).nullish() }).nullish(),
  files: z.array(z.object({ path: z.string().max(4096), conversations: z.array(conversation).max(10_000) })).max(100_000),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

/** A parsed Agent Trace record (the lenient shape above). */
export type AgentTraceRecordInput = z.infer<typeof agentTraceRecord>;

/** The session entries git drift puts under `metadata["dev.gitdrift"].sessions` of the records it exports. */
export const driftTraceSessions = z
  .array(
    z.object({
      id,
      agent: id,
      model: z.string().max(ID_MAX_CHARS).nullable(),
      branch: z.string().max(ID_MAX_CHARS).nullable(),
      prompts: z.number().int().min(0),
      edits: z.object({ applied: z.number().int().min(0), rejected: z.number().int().min(0) }),
      record: z.string().max(4096),
      author: text.optional(),
    }),
  )
  .max(10_000);

/** The first problem zod found, as one line: `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'does not match the schema';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

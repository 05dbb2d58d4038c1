/**
 * Writing git-ai authorship notes (pure): a `drift-note/1` note as the v3 note git-ai reads
 * from `refs/notes/ai` (git-ai-project/git-ai `specs/git_ai_standard_v3.0.0.md`). The
 * mapping, and what git-ai cannot carry, is in docs/format.md, "Interop: git-ai".
 */
import type { Note } from '../../notes/index.js';
import { formatRangeIntervals, readableRangeIntervals, unionIntervals } from '../../notes/ranges.js';
import { gitAiSessionKey, gitAiTool, gitAiTraceId } from './keys.js';

/** The schema version git drift writes. */
export const GIT_AI_SCHEMA = 'authorship/3.0.0';

/** A path as the attestation section writes it: as is, or JSON-quoted when it holds whitespace or could read as something else. */
function renderPath(path: string): string {
  return /[\s"]/.test(path) || path === '---' || path === '' ? JSON.stringify(path) : path;
}

/** Inclusive intervals of a drift range string merged from several (`ai` and `ai-modified`) and sorted. */
function mergedRanges(ranges: string[]): string {
  return formatRangeIntervals(unionIntervals(ranges.flatMap((r) => readableRangeIntervals(r))));
}

/**
 * The git-ai v3 note of `commit` for its drift note. Per file (sorted), one entry per
 * session with `ai` or `ai-modified` lines (both attested to it: git-ai has no state for
 * an agent line a human changed), keyed `s_<14>::t_<14>`; human lines are left
 * unattested. The metadata names each session (`agent_id` with git-ai's tool name, the
 * native id, the model or `unknown`, and `human_author` when the note has one),
 * `base_commit_sha` is the commit and `prompts` is empty. Deterministic.
 */
export function renderGitAiNote(note: Note, commit: string): string {
  const keyOf = new Map<string, string>();
  const sessions: Record<string, unknown> = {};
  for (const s of note.sessions) {
    const native = s.id.slice(s.id.indexOf(':') + 1);
    const tool = gitAiTool(s.agent);
    const key = gitAiSessionKey(tool, native);
    keyOf.set(s.id, key);
    sessions[key] = { agent_id: { tool, id: native, model: s.model ?? 'unknown' }, ...(s.author ? { human_author: s.author } : {}) };
  }
  const out: string[] = [];
  for (const path of Object.keys(note.files).sort()) {
    const file = note.files[path]!;
    const ids = [...new Set([...Object.keys(file.ai ?? {}), ...Object.keys(file['ai-modified'] ?? {})])].sort();
    const entries = ids.flatMap((id) => {
      const key = keyOf.get(id);
      const ranges = mergedRanges([file.ai?.[id] ?? '', file['ai-modified']?.[id] ?? '']);
      return key && ranges ? [`  ${key}::${gitAiTraceId(commit, id)} ${ranges}`] : [];
    });
    if (entries.length > 0) out.push(renderPath(path), ...entries);
  }
  const meta = { schema_version: GIT_AI_SCHEMA, base_commit_sha: commit, prompts: {}, sessions: sortKeys(sessions) };
  return `${out.map((l) => `${l}\n`).join('')}---\n${JSON.stringify(meta, null, 2)}\n`;
}

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

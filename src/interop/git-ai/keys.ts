/**
 * The identifiers of git-ai's Git AI Standard v3.0.0 (git-ai-project/git-ai
 * `specs/git_ai_standard_v3.0.0.md`) and how they meet git drift's session ids. Pure.
 *
 * - session key `s_<14 hex>` = `"s_" + sha256("<tool>:<conversation id>")[0..14]`, written
 *   in the attestation section with a trace id: `s_…::t_<14 hex>`;
 * - legacy prompt key (before git-ai 1.4.0) = `sha256("<tool>:<id>")[0..16]`, 7 hex before 1.0;
 * - known human `h_<14 hex>` = `"h_" + sha256("Name <email>")[0..14]`.
 */
import { createHash } from 'node:crypto';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** git-ai's session key of a conversation: `s_` + 14 hex of sha256(`<tool>:<id>`). */
export function gitAiSessionKey(tool: string, conversation: string): string {
  return `s_${sha256(`${tool}:${conversation}`).slice(0, 14)}`;
}

/**
 * The trace id git drift writes after a session key. git-ai draws it at random per
 * checkpoint; git drift derives it from the commit and the session (as git-byline does
 * from its checkpoint) so that exporting twice writes the same note.
 */
export function gitAiTraceId(commit: string, session: string): string {
  return `t_${sha256(`git-drift:${commit}:${session}`).slice(0, 14)}`;
}

/** git-ai's `agent_id.tool` for an agent of git drift (`claude-code` → `claude`; others unchanged). */
export function gitAiTool(agent: string): string {
  return agent === 'claude-code' ? 'claude' : agent;
}

/**
 * The git drift agent of a git-ai tool name: `claude` → `claude-code`, `gemini-cli` →
 * `gemini`, the agents git drift reads by their own ids, and any other tool (`copilot`,
 * `windsurf`, `amp`…) by git-ai's name, lower-cased.
 */
export function agentOfGitAiTool(tool: string): string {
  const t = tool.trim().toLowerCase();
  if (t === 'claude' || t === 'claude-code' || t === 'claude_code') return 'claude-code';
  if (t === 'gemini-cli') return 'gemini';
  return t.replace(/[^a-z0-9._-]+/g, '-') || 'unknown';
}

/** What a key of the attestation section names. */
export type GitAiKey = { kind: 'session'; session: string } | { kind: 'prompt'; prompt: string } | { kind: 'human'; human: string };

/** Read one attestation key (`s_…::t_…`, `s_…`, `h_…`, 16- or 7-hex), or null when it is none of them. */
export function parseGitAiKey(key: string): GitAiKey | null {
  const session = /^(s_[0-9a-f]{14})(?:::t_[0-9a-f]{14})?$/.exec(key);
  if (session) return { kind: 'session', session: session[1]! };
  if (/^h_[0-9a-f]{14}$/.test(key)) return { kind: 'human', human: key };
  if (/^[0-9a-f]{16}$|^[0-9a-f]{7}$/.test(key)) return { kind: 'prompt', prompt: key };
  return null;
}

/**
 * The brief codec: the markdown-with-frontmatter handoff document written to
 * `.prompts/handoffs/<YYYY-MM-DD-HHMM>-<branch>-to-<agent>.md` (docs/format.md, "The
 * brief"). Rendering and parsing are pure; `writeBrief` writes the file.
 */
import { parseFrontmatter, renderFrontmatter } from '../frontmatter/index.js';
import { writeInside } from '../fs/inside.js';

/** Directory of briefs, relative to the work tree root. */
export const HANDOFFS_DIR = '.prompts/handoffs';

/** The frontmatter of a brief (schema `drift: 1`). */
export interface BriefFrontmatter {
  drift: 1;
  /** The branch handed off, or null for a detached HEAD. */
  branch: string | null;
  /** What the branch was compared with (`origin/main`, `main`…), or null. */
  base: string | null;
  /** Full sha of the merge base, or null. */
  baseCommit: string | null;
  /** Full sha of the branch tip, or null before the first commit. */
  head: string | null;
  /** The agent the brief is addressed to. */
  to: string;
  /** Session ids (`<agent>:<native id>`) behind the brief, oldest first. */
  sessions: string[];
  /** Distinct agents of those sessions. */
  agents: string[];
  /** When the brief was generated, ISO 8601 UTC. */
  generated: string;
  /** The model that condensed the goal, decisions and next steps, or `none`. */
  llm: string;
}

/**
 * Repo-relative path of a brief: `.prompts/handoffs/<YYYY-MM-DD-HHMM>-<branch>-to-<agent>.md`,
 * the time in UTC, the branch with characters other than letters, digits, `.`, `_` and
 * `-` turned into `-` (`detached-<sha8>` for a detached HEAD).
 */
export function briefPath(generated: string, branch: string | null, head: string | null, to: string): string {
  const stamp = `${generated.slice(0, 10)}-${generated.slice(11, 13)}${generated.slice(14, 16)}`;
  const name = (branch ?? `detached-${(head ?? 'none').slice(0, 8)}`).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'branch';
  return `${HANDOFFS_DIR}/${stamp}-${name}-to-${to}.md`;
}

/** Render a brief: YAML frontmatter, then the markdown body. Deterministic. */
export function renderBrief(front: BriefFrontmatter, body: string): string {
  return renderFrontmatter(body, { ...front });
}

/** Parse a brief's text into its frontmatter and body, or `{invalid}` with the reason (see `parseFrontmatter`). Pure; never throws. */
export function parseBrief(text: string): { data: BriefFrontmatter; body: string } | { invalid: string } {
  const parsed = parseFrontmatter(text);
  if ('invalid' in parsed) return parsed;
  const data = parsed.data as Partial<BriefFrontmatter>;
  if (data.drift !== 1 || !Array.isArray(data.sessions) || typeof data.llm !== 'string') return { invalid: 'not a drift brief (drift: 1, sessions, llm)' };
  return { data: data as BriefFrontmatter, body: parsed.content };
}

/**
 * Write a brief under the work tree `root`. Throws `OutsideRepoError` when its real path
 * leaves the work tree (a `.prompts` or `.prompts/handoffs` symlink), and on I/O failure.
 */
export async function writeBrief(root: string, path: string, text: string): Promise<void> {
  await writeInside(root, path, text);
}

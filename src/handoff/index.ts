/**
 * `git drift handoff` without the command line: resolve the scope, read the sessions, the
 * notes and the git state, extract the material, redact it, optionally have an LLM condense
 * it, render the brief and write it to `.prompts/handoffs/`.
 */
import { isAbsolute, relative as relativePath, resolve } from 'node:path';
import type { SessionContext } from '../repo/context.js';
import { writeExclude } from '../install/exclude.js';
import { repoRelative } from '../repo/scope.js';
import { EMPTY_TREE } from '../git/branch.js';
import { emptyChanges, readDiffHunks, readWorkTreeChanges, type FileHunks } from '../git/changes.js';
import { parseNote, readNoteTexts, type Note } from '../notes/index.js';
import { briefPath, renderBrief, writeBrief, type BriefFrontmatter } from '../record/brief.js';
import { renderBriefBody } from '../render/brief/index.js';
import { buildMaterial, MAX_BRIEF_WORDS, shrink } from './extract/index.js';
import { appliedPaths } from './extract/session.js';
import { condense } from './compaction.js';
import { redactBrief } from './redaction.js';
import type { HandoffMaterial, TargetAgent } from '../brief/material.js';
import { inFlightSessions, resolveScope, type Scope, type ScopeOptions } from './scope.js';
import { loadSessionEvents, type HandoffSession } from './sessions.js';
import { targetGuide } from '../brief/targets.js';

/** Paths never shown as files in flight (git drift's own output). */
const OWN_PATHS = ['.prompts'];
/** Most committed files whose hunks are read for "Files in flight". */
const MAX_COMMITTED_FILES = 6;

/** What the user asked for. */
export interface HandoffOptions extends ScopeOptions {
  to: TargetAgent;
  /** `force` (`--llm`), `off` (`--no-llm`), or `auto` (as `drift.llm` and the key say). */
  llm: 'auto' | 'force' | 'off';
  /** Print instead of writing a file. */
  print: boolean;
  /** `--output FILE` (relative to `cwd`), or undefined for `.prompts/handoffs/…`. */
  output?: string;
  cwd: string;
  now: Date;
  /** Whether to save the local store after reading the logs (default true; the MCP server passes false). */
  save?: boolean;
}

/** The brief made. */
export interface HandoffResult {
  text: string;
  /** Where it was written (repo-relative when inside the repository), or null with `print`. */
  path: string | null;
  front: BriefFrontmatter;
  /** Whitespace-separated words of the whole text, frontmatter included. */
  words: number;
  /** One line to show when LLM compaction fell back to the offline brief, or null. */
  line: string | null;
}

/** Make (and unless `print`, write) a brief. Throws `UserError` for a bad scope, `GitError` when git fails. */
export async function createHandoff(ctx: SessionContext, opts: HandoffOptions): Promise<HandoffResult> {
  const root = ctx.repo.root;
  const { scope, material } = await readMaterial(ctx, opts, opts.save ?? true);
  const { compaction, line } = await condense(ctx, material, opts.llm, opts.now, 'handoff');
  const generated = opts.now.toISOString();
  const path = opts.print ? null : outputPath(root, opts, generated, scope);
  const front: BriefFrontmatter = {
    drift: 1,
    branch: scope.state.branch,
    base: scope.state.compareWith,
    baseCommit: scope.state.base,
    head: scope.state.head,
    to: opts.to,
    sessions: material.sessions.map((s) => s.id),
    agents: [...new Set(material.sessions.map((s) => s.agent))],
    generated,
    llm: compaction?.model ?? 'none',
  };
  const guide = targetGuide(opts.to, path ? redactBrief(ctx.redactor, path) : null);
  const text = fitBrief(front, material, (m) => redactBrief(ctx.redactor, renderBriefBody(m, compaction, guide)));
  if (path) {
    await writeBrief(root, path, text);
    if (!opts.output) await writeExclude(ctx.repo.commonDir, ctx.settings.records);
  }
  return { text, path, front, words: countWords(text), line };
}

/**
 * The scope of a brief and its material, redacted, before any LLM: reads the agents' logs
 * (saving the local store when `save`), the branch's notes and git state. Throws `UserError`
 * for a bad scope, `GitError` when git fails.
 */
export async function readMaterial(ctx: SessionContext, opts: ScopeOptions, save = true): Promise<{ scope: Scope; material: HandoffMaterial }> {
  const root = ctx.repo.root;
  const all = await loadSessionEvents(ctx, undefined, save);
  const scope = await resolveScope(root, all, opts);
  const relative = (p: string) => repoRelative(p, ctx.scope);
  const changes = scope.worktree ? await readWorkTreeChanges(root, scope.state.head, OWN_PATHS) : emptyChanges();
  if (scope.byBranch && scope.sessions.length === 0) {
    scope.sessions = inFlightSessions(all, [...changes.files.map((f) => f.path), ...changes.untracked.map((f) => f.path)], relative);
    if (scope.sessions.length > 0) scope.label += '; no session was recorded on it, so the latest sessions that edited the uncommitted files';
  }
  const [notes, committedHunks] = await Promise.all([
    readValidNotes(
      root,
      scope.state.commits.map((c) => c.sha),
    ),
    readCommittedHunks(root, scope, relative),
  ]);
  const material = redactBrief(ctx.redactor, buildMaterial({ scope: scope.label, sessions: scope.sessions, state: scope.state, changes, committedHunks, notes, relative, mode: ctx.settings.prompts }));
  return { scope, material };
}

/**
 * The brief's text, its material shrunk until it fits in `MAX_BRIEF_WORDS`. The body is
 * redacted once more as a whole: a safety net (the frontmatter holds no log text).
 */
export function fitBrief(front: BriefFrontmatter, material: HandoffMaterial, body: (m: HandoffMaterial) => string): string {
  let m: HandoffMaterial | null = material;
  let text = renderBrief(front, body(material));
  while (countWords(text) > MAX_BRIEF_WORDS && (m = shrink(m))) text = renderBrief(front, body(m));
  return text;
}

/** Whitespace-separated words of `text`. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The valid drift notes of `shas` (full), by sha; commits without a valid note are left out. Throws `GitError` when git fails. */
export async function readValidNotes(root: string, shas: string[]): Promise<Map<string, Note>> {
  const texts = await readNoteTexts(root, shas);
  const notes = new Map<string, Note>();
  for (const [sha, text] of texts) {
    const note = parseNote(text);
    if (!('invalid' in note)) notes.set(sha, note);
  }
  return notes;
}

/** Committed hunks of the branch for the files the sessions edited most recently. */
async function readCommittedHunks(root: string, scope: Scope, relative: (p: string) => string | null): Promise<FileHunks[]> {
  if (!scope.state.head || scope.state.diff === null) return [];
  const paths = editedPaths(scope.sessions, relative).slice(0, MAX_COMMITTED_FILES);
  return paths.length > 0 ? readDiffHunks(root, scope.state.base ?? EMPTY_TREE, scope.state.head, paths) : [];
}

/** Repo-relative paths of applied edits, most recent first, each once. */
function editedPaths(sessions: HandoffSession[], relative: (p: string) => string | null): string[] {
  const paths = sessions.flatMap((s) => appliedPaths(s.events, relative));
  return [...new Set(paths.reverse())].filter((p) => !OWN_PATHS.some((own) => p === own || p.startsWith(`${own}/`)));
}

function outputPath(root: string, opts: HandoffOptions, generated: string, scope: Scope): string {
  if (!opts.output) return briefPath(generated, scope.state.branch, scope.state.head, opts.to);
  const abs = isAbsolute(opts.output) ? opts.output : resolve(opts.cwd, opts.output);
  const rel = relativePath(root, abs);
  return rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
}

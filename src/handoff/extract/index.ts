/**
 * Building the material of a brief from the sessions in scope, the branch's notes and the
 * git state, without any LLM: every list most recent first, capped, with what was left out
 * counted. Pure and deterministic.
 */
import type { PromptMode } from '../../config.js';
import { firstSentences } from '../../summary/summarize.js';
import type { BranchState } from '../../git/branch.js';
import type { FileHunks, WorkTreeChanges } from '../../git/changes.js';
import type { Note } from '../../notes/index.js';
import type { BranchSummary, BriefPrompt, Capped, HandoffMaterial, OpenThread, RejectedApproach, ThreadKind } from '../../brief/material.js';
import type { HandoffSession } from '../sessions.js';
import { filesInFlight } from './files.js';
import { briefCommits, noteOnlyFacts } from './notes.js';
import { nextSteps } from './resume.js';
import { extractSession, type SessionFacts } from './session.js';

/** Most prompts listed (besides the goal and the last prompt). */
export const MAX_PROMPTS = 10;
/** Characters kept of each listed prompt. */
export const PROMPT_CHARS = 300;
/** Characters kept of the goal (first prompt) and of the last prompt. */
export const GOAL_CHARS = 1200;
/** Most decisions listed. */
export const MAX_DECISIONS = 12;
/** Most rejected approaches listed; failing commands take at most `MAX_FAILED_COMMANDS` of them. */
export const MAX_REJECTED = 16;
/** Most failing commands among the rejected approaches. */
export const MAX_FAILED_COMMANDS = 6;
/** Most open threads listed. */
export const MAX_THREADS = 12;
/** Most commits listed. */
export const MAX_BRIEF_COMMITS = 15;

/** Everything the extraction reads. */
export interface ExtractInput {
  /** How the scope was chosen (shown in the brief). */
  scope: string;
  /** The sessions in scope, from this machine's logs. */
  sessions: HandoffSession[];
  state: BranchState;
  changes: WorkTreeChanges;
  /** Committed hunks of the branch for the files the sessions edited. */
  committedHunks: FileHunks[];
  /** Valid notes of the branch's commits, by full sha. */
  notes: Map<string, Note>;
  /** Recorded absolute path → repo-relative path, or null outside the repository. */
  relative: (path: string) => string | null;
  mode: PromptMode;
}

/** Most words a brief may have (frontmatter included); `shrink` enforces it. */
export const MAX_BRIEF_WORDS = 6000;
/**
 * A smaller version of `m` for a brief that came out over `MAX_BRIEF_WORDS`: file excerpts
 * and failing outputs halved, then every list halved (with its left-out count raised).
 * Returns null when there is nothing left to cut. Pure.
 */
export function shrink(m: HandoffMaterial): HandoffMaterial | null {
  const half = <T>(c: Capped<T>): Capped<T> => {
    const keep = Math.floor(c.items.length / 2);
    return { items: c.items.slice(0, keep), omitted: c.omitted + c.items.length - keep };
  };
  const lines = m.files.items.reduce((n, f) => n + (f.excerpt ? f.excerpt.split('\n').length : 0), 0);
  if (lines > 0) {
    const files = m.files.items.map((f) => {
      const all = f.excerpt ? f.excerpt.split('\n') : [];
      const keep = Math.floor(all.length / 2);
      return { ...f, excerpt: all.slice(0, keep).join('\n'), omittedLines: f.omittedLines + all.length - keep };
    });
    return { ...m, files: { ...m.files, items: files }, rejected: { ...m.rejected, items: m.rejected.items.map((r) => ({ ...r, output: null })) } };
  }
  const lists = [m.prompts, m.decisions, m.rejected, m.openThreads, m.files, m.branch.commits];
  if (lists.every((c) => c.items.length <= 1)) return null;
  return {
    ...m,
    prompts: half(m.prompts),
    decisions: half(m.decisions),
    rejected: half(m.rejected),
    openThreads: half(m.openThreads),
    files: half(m.files),
    branch: { ...m.branch, commits: half(m.branch.commits) },
  };
}

/** Build the material of a brief. Not yet redacted: the caller redacts it as a whole. */
export function buildMaterial(input: ExtractInput): HandoffMaterial {
  const byTime = [...input.sessions].sort((a, b) => (a.info.started ?? a.info.ended ?? '').localeCompare(b.info.started ?? b.info.ended ?? '') || a.info.id.localeCompare(b.info.id));
  const known = new Set(byTime.map((s) => s.info.id));
  const facts = [...noteOnlyFacts(input.state.commits, input.notes, known), ...byTime.map((s) => extractSession(s, input.relative, input.mode))];
  const recentFirst = [...facts].reverse();
  const all = <T>(pick: (f: SessionFacts) => T[]) => recentFirst.flatMap((f) => [...pick(f)].reverse());
  const recentFiles = [...new Set(all((f) => f.appliedFiles))];
  const branch = branchSummary(input);
  const material: HandoffMaterial = {
    scope: input.scope,
    branch,
    sessions: facts.map((f) => f.session),
    goal: { prompt: goalPrompt(facts), titles: [...new Set(facts.map((f) => f.session.title).filter((t): t is string => !!t))] },
    prompts: cap(
      all((f) => f.prompts).map((p) => cut(p, PROMPT_CHARS)),
      MAX_PROMPTS,
    ),
    decisions: cap(
      unique(
        all((f) => f.decisions),
        (d) => `${d.session}\0${d.text}`,
      ),
      MAX_DECISIONS,
    ),
    rejected: rejectedApproaches(repeats(all((f) => f.rejected))),
    openThreads: cap(prioritised(all((f) => f.threads)), MAX_THREADS),
    files: filesInFlight(input.changes, input.committedHunks, recentFiles),
    resume: {
      lastPrompt: lastPrompt(recentFirst),
      lastMessage: recentFirst.find((f) => f.lastMessage)?.lastMessage ?? null,
      lastCommand: recentFirst.find((f) => f.lastCommand)?.lastCommand ?? null,
      lastFiles: recentFiles.slice(0, 5),
      nextSteps: [],
    },
  };
  material.resume.nextSteps = nextSteps(material);
  return material;
}

function cap<T>(items: T[], max: number): Capped<T> {
  return { items: items.slice(0, max), omitted: Math.max(0, items.length - max) };
}

/** The first (most recent) of items with the same key. */
function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(key(i)) && seen.add(key(i)));
}

/** Rejected approaches with the same session, kind, subject and reason told once, most recent first, with `(N times)`. Pure. */
export function repeats(items: RejectedApproach[]): RejectedApproach[] {
  const count = new Map<string, number>();
  const key = (r: RejectedApproach) => `${r.session}\0${r.kind}\0${r.what}\0${r.reason}`;
  for (const r of items) count.set(key(r), (count.get(key(r)) ?? 0) + 1);
  return unique(items, key).map((r) => (count.get(key(r))! > 1 ? { ...r, reason: `${r.reason} (${count.get(key(r))} times)` } : r));
}

function cut(p: BriefPrompt, max: number): BriefPrompt {
  return p.text === null ? p : { ...p, text: firstSentences(p.text, max) };
}

function goalPrompt(facts: SessionFacts[]): BriefPrompt | null {
  const first = facts.find((f) => f.prompts.length > 0)?.prompts[0];
  return first ? cut(first, GOAL_CHARS) : null;
}

function lastPrompt(recentFirst: SessionFacts[]): HandoffMaterial['resume']['lastPrompt'] {
  const f = recentFirst.find((x) => x.prompts.length > 0);
  const p = f?.prompts[f.prompts.length - 1];
  return f && p ? { ...cut(p, GOAL_CHARS), answered: f.lastPromptAnswered } : null;
}

/** Refused and undone edits first (all of them up to the cap), then the most recent failing commands. */
function rejectedApproaches(items: RejectedApproach[]): Capped<RejectedApproach> {
  const edits = items.filter((r) => r.kind !== 'command-failed');
  const commands = items.filter((r) => r.kind === 'command-failed');
  const keptEdits = edits.slice(0, MAX_REJECTED);
  const keptCommands = commands.slice(0, Math.min(MAX_FAILED_COMMANDS, MAX_REJECTED - keptEdits.length));
  const kept = new Set<RejectedApproach>([...keptEdits, ...keptCommands]);
  return { items: items.filter((r) => kept.has(r)), omitted: items.length - kept.size };
}

const THREAD_ORDER: ThreadKind[] = ['unanswered', 'failing-test', 'in-progress', 'todo', 'failed-command', 'note'];

function prioritised(threads: OpenThread[]): OpenThread[] {
  return unique(
    [...threads].sort((a, b) => THREAD_ORDER.indexOf(a.kind) - THREAD_ORDER.indexOf(b.kind)),
    (t) => t.text,
  );
}

function branchSummary(input: ExtractInput): BranchSummary {
  const s = input.state;
  const commits = briefCommits(s.commits, input.notes);
  return {
    branch: s.branch,
    head: s.head,
    baseName: s.compareWith,
    base: s.base,
    commits: { items: commits.slice(0, MAX_BRIEF_COMMITS), omitted: Math.max(0, s.commitCount - Math.min(commits.length, MAX_BRIEF_COMMITS)) },
    committed: s.diff,
    uncommitted: input.changes.stat,
    untracked: input.changes.untrackedCount,
    remark: remark(s),
  };
}

function remark(s: BranchState): string | null {
  const baseName = s.compareWith;
  if (!s.head) return 'No commit yet on this branch: everything is uncommitted work.';
  const where = s.branch === null ? 'HEAD is detached' : `\`${s.branch}\``;
  if (!s.defaultBranch) return `No default branch found (no remote HEAD, init.defaultBranch, main or master): ${where} is compared with the empty tree.`;
  if (s.diff === null) return `${where} is the default branch and has no upstream: only uncommitted work is compared.`;
  if (!s.base) return `${where} shares no history with \`${baseName}\`: it is compared with the empty tree.`;
  return s.branch === null ? `HEAD is detached; compared with \`${baseName}\`.` : null;
}

/**
 * Building the material of a brief from the sessions in scope, the branch's notes and the
 * git state, without any LLM: every list most recent first, capped, with what was left out
 * counted. Pure and deterministic.
 */
import type { PromptMode } from '../../config.js';
import { firstSentences } from '../../capture/summarize.js';
import type { BranchState } from '../../git/branch.js';
import type { FileHunks, WorkTreeChanges } from '../../git/changes.js';
import type { Note } from '../../notes/index.js';
import type { BranchSummary, BriefPrompt, Capped, HandoffMaterial, OpenThread, RejectedApproach, ThreadKind } from '../material.js';
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
export const MAX_THREADS = 15;
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
    prompts: cap(all((f) => f.prompts).map((p) => cut(p, PROMPT_CHARS)), MAX_PROMPTS),
    decisions: cap(all((f) => f.decisions), MAX_DECISIONS),
    rejected: rejectedApproaches(all((f) => f.rejected)),
    openThreads: cap(prioritised(all((f) => f.threads)), MAX_THREADS),
    files: filesInFlight(input.changes, input.committedHunks, recentFiles),
    resume: { lastPrompt: lastPrompt(recentFirst), lastMessage: recentFirst.find((f) => f.lastMessage)?.lastMessage ?? null,
      lastCommand: recentFirst.find((f) => f.lastCommand)?.lastCommand ?? null, lastFiles: recentFiles.slice(0, 5), nextSteps: [] },
  };
  material.resume.nextSteps = nextSteps(material);
  return material;
}

function cap<T>(items: T[], max: number): Capped<T> {
  return { items: items.slice(0, max), omitted: Math.max(0, items.length - max) };
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
  const seen = new Set<string>();
  return [...threads]
    .sort((a, b) => THREAD_ORDER.indexOf(a.kind) - THREAD_ORDER.indexOf(b.kind))
    .filter((t) => !seen.has(t.text) && seen.add(t.text));
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

/**
 * The offline "where to resume": ordered next steps derived from the material (the
 * unanswered prompt, work in progress, failing tests, uncommitted work, pending todos).
 * Pure and deterministic.
 */
import { firstSentences } from '../../summary/summarize.js';
import type { HandoffMaterial } from '../../brief/material.js';

/** Most pending todos turned into next steps. */
const MAX_TODO_STEPS = 3;

/** Ordered next steps for the agent taking over; never empty. */
export function nextSteps(m: Omit<HandoffMaterial, 'resume'> & { resume: Pick<HandoffMaterial['resume'], 'lastPrompt'> }): string[] {
  const steps: string[] = [];
  const last = m.resume.lastPrompt;
  if (last && !last.answered) {
    steps.push(last.text === null ? 'Answer the last prompt of the user (its text is not kept: drift.prompts=none).' : `Answer the last prompt of the user: "${firstSentences(last.text, 200)}"`);
  }
  const threads = m.openThreads.items;
  for (const t of threads.filter((x) => x.kind === 'in-progress')) steps.push(`Finish what was in progress (${t.session}): ${t.text.replace(/^in progress: /, '')}`);
  for (const t of threads.filter((x) => x.kind === 'failing-test')) steps.push(`Make the failing tests pass (${t.session}): ${t.text.replace(/^failing tests: /, '').replace(/: .*$/s, '')}`);
  const { uncommitted, untracked } = m.branch;
  if (uncommitted.files > 0 || untracked > 0) {
    steps.push(
      `Review the uncommitted work (+${uncommitted.added}/−${uncommitted.removed} over ${uncommitted.files} tracked file${uncommitted.files === 1 ? '' : 's'}, ${untracked} untracked) under "Files in flight", then commit it once it works.`,
    );
  }
  for (const t of threads.filter((x) => x.kind === 'todo').slice(0, MAX_TODO_STEPS)) steps.push(`Then (${t.session}): ${t.text.replace(/^todo: /, '')}`);
  if (steps.length === 0) steps.push('The last request was answered and nothing is left open: ask the user what comes next.');
  return steps;
}

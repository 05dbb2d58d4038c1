/**
 * `drift_handoff`: the brief `git drift handoff --print` prints, written nowhere. Offline
 * unless the user enabled LLM compaction (`ANTHROPIC_API_KEY` in the server's environment
 * and `drift.llm` not `off`), exactly as the command decides.
 */
import { UserError } from '../../errors.js';
import { createHandoff } from '../../handoff/index.js';
import { openContext } from '../repo.js';
import { handoffInput, handoffOutput } from '../schemas.js';
import type { DriftTool } from './index.js';

/** `drift_handoff`: `git drift handoff --print [--branch B | --since T | --session ID…] [--to AGENT]`. */
export const handoffTool: DriftTool<typeof handoffInput, typeof handoffOutput> = {
  name: 'drift_handoff',
  title: 'The handoff brief for a branch',
  description:
    'A markdown brief of the task in progress that an agent can pick up cold: the goal, the state of the branch, settled decisions, approaches tried and rejected with their reasons, open threads, files in flight with their diff hunks, and where to resume. Covers the current branch by default, or one branch, the work since a time, or named sessions. Nothing is written. Same text as `git drift handoff --print`.',
  input: handoffInput,
  output: handoffOutput,
  async answer(args, bound) {
    const chosen = [args.branch, args.since, args.sessions].filter((x) => x !== undefined).length;
    if (chosen > 1) throw new UserError('give at most one of branch, since and sessions');
    const ctx = await openContext(bound);
    const result = await createHandoff(ctx, {
      branch: args.branch,
      since: args.since,
      sessions: args.sessions,
      to: args.to ?? 'generic',
      llm: 'auto',
      print: true,
      cwd: bound.repo.root,
      now: new Date(),
      save: false,
    });
    return { text: result.text, structured: { brief: result.text, frontmatter: result.front, words: result.words, notice: result.line } };
  },
};

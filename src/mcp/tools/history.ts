/**
 * The tools that read git and the notes only: `drift_blame` (who wrote these lines),
 * `drift_line_history` (one line's story) and `drift_log` (per-commit attribution). Each
 * calls the function its command calls, so the structured content is that command's JSON.
 */
import { blameFile, blameShares } from '../../blame/index.js';
import { lineTimeline } from '../../blame/timeline.js';
import { readLog } from '../../log/index.js';
import { UserError } from '../../errors.js';
import { renderBlame, renderTimeline } from '../../render/blame.js';
import { renderLog } from '../../render/log.js';
import { repoFile } from '../repo.js';
import { blameInput, blameOutput, lineHistoryInput, lineHistoryOutput, LOG_DEFAULT_COUNT, logInput, logOutput } from '../schemas.js';
import type { DriftTool } from './index.js';

/** `drift_blame`: `git drift blame <file> [-L start,end] [revision] --json`. */
export const blameTool: DriftTool<typeof blameInput, typeof blameOutput> = {
  name: 'drift_blame',
  title: 'Who wrote these lines, and why',
  description:
    'Per line of a file (or a line range): the commit that last changed it, its state (ai, ai-modified: an agent line a human changed, human, or unknown: no drift note or uncommitted), the agent and session that wrote it, the model, where an imported session came from (source: git-ai or agent-trace), and the prompt that led to it. Same data as `git drift blame --json`.',
  input: blameInput,
  output: blameOutput,
  async answer(args, bound) {
    const file = repoFile(bound, args.file);
    const range = lineRange(args.startLine, args.endLine);
    const result = await blameFile(bound.repo.root, bound.repo, { file, revision: args.revision, range }, { open: bound.open, env: bound.env, saveCache: false });
    return { text: renderBlame(result.lines, blameShares(result.lines), { colour: false }), structured: result };
  },
};

/** The `-L` range of `startLine`/`endLine` (either may be left out), or undefined for the whole file. Throws `UserError` when end < start. */
function lineRange(start: number | undefined, end: number | undefined): { start: number; end: number } | undefined {
  if (start === undefined && end === undefined) return undefined;
  const range = { start: start ?? 1, end: end ?? start ?? 1 };
  if (range.end < range.start) throw new UserError(`endLine (${range.end}) is before startLine (${range.start})`);
  return range;
}

/** `drift_line_history`: `git drift blame --line N <file> [revision] --json`. */
export const lineHistoryTool: DriftTool<typeof lineHistoryInput, typeof lineHistoryOutput> = {
  name: 'drift_line_history',
  title: 'The history of one line',
  description:
    "Every commit that touched one line of a file (git log -L), newest first, each with the owner its drift note gives the line, the agent, session, model, source (git-ai or agent-trace for an imported session) and prompt, and the approaches that commit's note records as rejected on the file. Same data as `git drift blame --line N --json`.",
  input: lineHistoryInput,
  output: lineHistoryOutput,
  async answer(args, bound) {
    const file = repoFile(bound, args.file);
    const timeline = await lineTimeline(bound.repo.root, file, args.line, args.revision);
    return { text: renderTimeline(timeline, { colour: false }), structured: timeline };
  },
};

/** `drift_log`: `git drift log <range> -n <maxCount> --json`, wrapped as `{ commits }`. */
export const logTool: DriftTool<typeof logInput, typeof logOutput> = {
  name: 'drift_log',
  title: 'Per-commit attribution',
  description: `For each commit of a range (newest first, ${LOG_DEFAULT_COUNT} at most unless maxCount says otherwise): whether it has a drift note, the agent sessions behind it with their edits, prompts and line counts, and the human lines. Same data as \`git drift log --json\`.`,
  input: logInput,
  output: logOutput,
  async answer(args, bound) {
    const commits = await readLog(bound.repo.root, args.range ?? 'HEAD', args.maxCount ?? LOG_DEFAULT_COUNT);
    return { text: renderLog(commits), structured: { commits } };
  },
};

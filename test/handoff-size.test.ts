/**
 * A brief stays readable for a long session: a synthetic 4-hour, 300-prompt Claude Code
 * session made of real corpus lines (three sessions' lines repeated, re-stamped, with
 * refused edits, tool errors, failing commands and todos among them), replayed into a
 * repository with uncommitted work, gives a brief of at most 6,000 words whose capped
 * sections say how much they left out.
 */
import t from 'tap';
import { join } from 'node:path';
import { CORPUS, makeRepo, makeSandbox, NEEDS_CORPUS } from './helpers/env.js';
import { claudeSlug, replaySession } from './helpers/replay.js';
import { runDrift, synthesizeSession } from './helpers/handoff.js';
import { parseBrief } from '../src/record/brief.js';

const PARTS = [
  // 8 prompts, failing commands, todos: 34 copies → 272 prompts.
  { file: 'claude-code/Tar-ive__brain-system/projects/-home-tarive/8a5d0d23-b010-4b48-a41c-af16f4d65f57.jsonl', times: 34 },
  // 5 prompts, a tool error on an edit, failing commands, 13 todo lists: 5 copies → 25 prompts.
  { file: 'claude-code/chiphuyen__sniffly/-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl', times: 5 },
  // One prompt (a slash command with arguments), a refused edit and todos: 3 copies → 3 prompts.
  { file: 'claude-code/d-kimuson__claude-code-viewer/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl', times: 3 },
].map((p) => ({ file: join(CORPUS, p.file), times: p.times }));

/** Words as the brief's reader counts them: whitespace-separated, frontmatter included. */
function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

t.test('a brief of a 4-hour, 300-prompt session fits in 6,000 words', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const nativeId = '3a0b5c7d-1e2f-4a6b-8c9d-0e1f2a3b4c5d';
  const log = synthesizeSession(join(sb.root, 'synthetic'), nativeId, repo, PARTS, 4);
  const replay = replaySession(sb, repo, log, 'claude-code');
  t.equal(replay.logPath, join(sb.home, '.claude', 'projects', claudeSlug(repo), `${nativeId}.jsonl`));
  const sessions = JSON.parse(runDrift(sb, repo, ['sessions', '--json']).stdout) as { id: string; prompts: number; started: string; ended: string }[];
  t.equal(sessions.length, 1);
  t.equal(sessions[0]!.prompts, 300, 'the synthetic session has 300 prompts');
  t.equal(Date.parse(sessions[0]!.ended) - Date.parse(sessions[0]!.started), 4 * 3600_000, 'over 4 hours');
  const run = runDrift(sb, repo, ['handoff', '--print', '--to', 'claude-code', '--session', nativeId]);
  t.equal(run.status, 0, run.stderr);
  const count = words(run.stdout);
  t.ok(count <= 6000, `the brief has ${count} words`);
  t.comment(`synthetic 300-prompt brief: ${count} words`);
  const parsed = parseBrief(run.stdout);
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  const body = parsed.body;
  t.match(body, /… and 290 more prompts not shown/, 'prompts are capped and counted');
  t.match(body, /… and \d+ more decisions not shown/, 'decisions are capped and counted');
  t.match(
    body,
    /\*\*tool error\*\*: `CLAUDE\.md` via Edit — File has not been read yet\. Read it first before writing to it\. \(3 times\)/,
    'a rejected edit survives the caps, told once with its count',
  );
  t.match(body, /\*\*tool error\*\*: `diverse_musical_ai\.py` via Edit — String to replace not found in file\. \(5 times\)/, 'so does the other');
  t.match(body, /## Files in flight/);
});

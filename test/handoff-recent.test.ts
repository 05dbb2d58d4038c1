/**
 * `git drift handoff` on a branch with no base to compare with (the default branch without
 * an upstream): the brief covers the recent work — sessions active within 24 h of the latest
 * session activity, or since the last brief of the branch — so it is never empty after real
 * work (issue 18).
 */
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { git, makeRepo, makeSandbox } from './helpers/env.js';
import { installDrift } from './helpers/replay.js';
import { runDrift } from './helpers/handoff.js';
import { LiveSession } from './helpers/session.js';
import { parseBrief } from '../src/record/brief.js';

function brief(sb: ReturnType<typeof makeSandbox>, repo: string, args: string[] = ['--print']) {
  const run = runDrift(sb, repo, ['handoff', ...args]);
  if (run.status !== 0) throw new Error(run.stderr);
  const parsed = parseBrief(run.stdout);
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  return parsed;
}

t.test('on the default branch without an upstream, the session behind the last commits is in the brief', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  // The agent worked on a topic branch, merged into main and deleted: nothing records main.
  git(sb, repo, ['checkout', '-q', '-b', 'topic']);
  const session = new LiveSession(sb, repo, '4ece0700-0000-4000-8000-000000000001');
  session.prompt('Write a slugify(text) helper in lib/slug.js.').write('lib/slug.js', 'export const slugify = (s) => s.toLowerCase();\n');
  writeFileSync(session.log, readFileSync(session.log, 'utf8').replaceAll('"gitBranch":"main"', '"gitBranch":"topic"'));
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'slugify']);
  git(sb, repo, ['checkout', '-q', 'main']);
  git(sb, repo, ['merge', '-q', '--ff-only', 'topic']);
  git(sb, repo, ['branch', '-q', '-d', 'topic']);

  const first = brief(sb, repo);
  t.equal(first.data.base, null, 'no base to compare with');
  t.same(first.data.sessions, [`claude-code:${session.id}`], 'the recent session is in scope');
  t.match(first.body, /no base to compare with: the work within 24 h of the latest session activity/);
  t.match(first.body, /slugify\(text\) helper/, 'its prompt is in the brief');
  t.notMatch(first.body, /No agent session of this repository is in scope/);

  // A written brief starts the next scope: the session is older than it.
  const written = runDrift(sb, repo, ['handoff']);
  t.equal(written.status, 0, written.stderr);
  const next = brief(sb, repo);
  t.same(next.data.sessions, [], 'nothing was active since the last brief');
  t.match(next.body, /no base to compare with: the work since the last brief/);
});

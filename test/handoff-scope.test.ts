/**
 * What a brief covers: the default branch found from the remote's HEAD, then
 * `init.defaultBranch`, then main/master (never `main` by assumption); a branch with no
 * base, a detached HEAD, a branch without commits; `--branch`, `--since`, `--session`.
 */
import t from 'tap';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, git, makeRepo, makeSandbox, type Sandbox, NEEDS_CORPUS } from './helpers/env.js';
import { replaySession } from './helpers/replay.js';
import { runDrift, withBranch, withSandboxHome } from './helpers/handoff.js';
import { readBranchState, readDefaultBranch } from '../src/git/branch.js';
import { parseBrief, type BriefFrontmatter } from '../src/record/brief.js';

const CODEX = join(CORPUS, 'codex/Hoper-J__cpolar-connect/sessions/2025/09/16/rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl');

function commitFile(sb: Sandbox, repo: string, name: string, text: string, message: string): void {
  mkdirSync(join(repo, name, '..'), { recursive: true });
  writeFileSync(join(repo, name), text);
  git(sb, repo, ['add', name]);
  git(sb, repo, ['commit', '-q', '-m', message]);
}

/** A new repository at `<sandbox>/<name>` on `branch`, without commits. */
function initRepo(sb: Sandbox, name: string, branch: string): string {
  const dir = join(sb.root, name);
  mkdirSync(dir);
  git(sb, dir, ['init', '-q', '-b', branch]);
  return dir;
}

function brief(sb: Sandbox, repo: string, args: string[] = []): { data: BriefFrontmatter; body: string } {
  const run = runDrift(sb, repo, ['handoff', '--print', ...args]);
  if (run.status !== 0) throw new Error(run.stderr);
  const parsed = parseBrief(run.stdout);
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  return parsed;
}

t.test('finds the default branch from the remote HEAD, whatever its name', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const upstream = initRepo(sb, 'upstream', 'trunk');
  commitFile(sb, upstream, 'a.txt', 'a\n', 'trunk commit');
  git(sb, sb.root, ['clone', '-q', upstream, 'clone']);
  const repo = join(sb.root, 'clone');
  git(sb, repo, ['branch', '-q', 'main']); // A stray local main must not win over the remote's HEAD.
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  commitFile(sb, repo, 'b.txt', 'b\nc\n', 'feature commit');
  t.same(await readDefaultBranch(repo), { ref: 'refs/remotes/origin/trunk', name: 'trunk', source: 'remote-head' });
  const b = brief(sb, repo);
  t.equal(b.data.base, 'origin/trunk');
  t.equal(b.data.baseCommit, git(sb, repo, ['rev-parse', 'origin/trunk']));
  t.match(b.body, /Committed on the branch: 1 commit, \+2\/−0 over 1 file\./);
  t.match(b.body, /`[0-9a-f]{8}` feature commit/);
  t.notMatch(b.body, /trunk commit/, 'commits of the default branch are not listed');
});

t.test('falls back to init.defaultBranch, then main, then master', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = initRepo(sb, 'repo', 'master');
  commitFile(sb, repo, 'a.txt', 'a\n', 'first');
  git(sb, repo, ['branch', '-q', 'develop']);
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  t.same(await readDefaultBranch(repo), { ref: 'refs/heads/master', name: 'master', source: 'master' }, 'master when main is missing (init.defaultBranch=main does not exist)');
  git(sb, repo, ['config', 'init.defaultBranch', 'develop']);
  t.same(await readDefaultBranch(repo), { ref: 'refs/heads/develop', name: 'develop', source: 'init.defaultBranch' });
  git(sb, repo, ['branch', '-q', 'main']);
  git(sb, repo, ['config', 'init.defaultBranch', 'nosuch']);
  t.same(await readDefaultBranch(repo), { ref: 'refs/heads/main', name: 'main', source: 'main' });
});

t.test('a branch with no base is compared with the empty tree', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = initRepo(sb, 'repo', 'spike');
  commitFile(sb, repo, 'a.txt', 'one\ntwo\nthree\n', 'the very first commit');
  const state = await readBranchState(repo, null);
  t.equal(state.defaultBranch, null);
  t.equal(state.base, null);
  t.same(state.diff, { added: 3, removed: 0, files: 1 });
  const b = brief(sb, repo);
  t.equal(b.data.base, null);
  t.equal(b.data.branch, 'spike');
  t.match(b.body, /No default branch found/);
  t.match(b.body, /the very first commit/);
});

t.test('a detached HEAD and a branch without commits get briefs too', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  commitFile(sb, repo, 'x.txt', 'x\n', 'on feature');
  git(sb, repo, ['checkout', '-q', '--detach']);
  // One run: the brief it writes is the one asserted (--print gives the same brief; handoff.test.ts).
  const run = runDrift(sb, repo, ['handoff', '--to', 'aider']);
  const wrote = /^wrote (\.prompts\/handoffs\/\d{4}-\d\d-\d\d-\d{4}-detached-[0-9a-f]{8}-to-aider\.md) /.exec(run.stdout);
  t.ok(wrote, run.stdout + run.stderr);
  const b = parseBrief(readFileSync(join(repo, wrote![1]!), 'utf8'));
  if ('invalid' in b) throw new Error(b.invalid);
  t.equal(b.data.branch, null);
  t.equal(b.data.base, 'main');
  t.match(b.body, /# Handoff: `detached [0-9a-f]{8}`/);
  t.match(b.body, /HEAD is detached; compared with `main`/);

  const empty = initRepo(sb, 'empty', 'main');
  writeFileSync(join(empty, 'draft.md'), '# draft\n');
  const e = brief(sb, empty);
  t.equal(e.data.head, null);
  t.match(e.body, /No commit yet on this branch/);
  t.match(e.body, /### `draft\.md` \(untracked, added\)/);
});

t.test('--branch, --since and --session choose the scope; bad values say what to do', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  const copy = withSandboxHome(sb, CODEX);
  withBranch(copy, 'feature');
  const replay = replaySession(sb, repo, copy, 'codex');
  const id = `codex:${replay.nativeId}`;
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'agent work']);
  git(sb, repo, ['checkout', '-q', '-b', 'other', 'main']);
  t.same(brief(sb, repo).data.sessions, [], 'the session recorded on feature is not on other');
  const fromOther = brief(sb, repo, ['--branch', 'feature']);
  t.same(fromOther.data.sessions, [id], '--branch feature finds it');
  t.match(fromOther.body, /Uncommitted: \+0\/−0 over 0 tracked files, 0 untracked\./, 'another branch has no uncommitted work of its own');
  const path = [...replay.agentLines.keys()][0]!;
  git(sb, repo, ['checkout', 'feature', '--', path]);
  const inFlight = brief(sb, repo);
  t.same(inFlight.data.sessions, [id], 'with a file it edited in flight on other, the session is taken after all');
  t.match(inFlight.body, /no session was recorded on it, so the latest sessions that edited the uncommitted files/);
  t.same(brief(sb, repo, ['--session', replay.nativeId.slice(0, 8)]).data.sessions, [id], 'a native id prefix names the session');
  t.same(brief(sb, repo, ['--since', '2025-09-16T00:00:00Z']).data.sessions, [id], 'the session ended after that date');
  t.same(brief(sb, repo, ['--since', '2030-01-01']).data.sessions, [], 'nothing since the future');
  const missing = runDrift(sb, repo, ['handoff', '--print', '--session', 'ffffffff']);
  t.equal(missing.status, 1);
  t.match(missing.stderr, /git-drift: no session of this repository matches "ffffffff"; see git drift sessions/);
  const noBranch = runDrift(sb, repo, ['handoff', '--print', '--branch', 'nosuch']);
  t.equal(noBranch.status, 1);
  t.match(noBranch.stderr, /no branch named "nosuch"/);
  const both = runDrift(sb, repo, ['handoff', '--print', '--branch', 'feature', '--since', 'yesterday']);
  t.equal(both.status, 2, 'scopes are exclusive');
});

/**
 * The store's lock (src/store/files.ts): a lock left behind by a hook that was killed is
 * taken over, and the time a hook waited for it does not eat its time budget.
 */
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { installDrift } from './helpers/replay.js';
import { LiveSession } from './helpers/session.js';
import { parseNote, type Note } from '../src/notes/index.js';

t.setTimeout(300_000);

const ID = '00000007-1111-4000-8000-000000000007';

function noteOf(sb: Sandbox, repo: string): Note {
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  return note;
}

/** A repository with git drift, one agent file staged, and `store.lock` left as a killed hook leaves it (a bare directory). */
function withLeftLock(t: Test, ageMs: number, budgetMs?: number): { sb: Sandbox; repo: string; lock: string } {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  if (budgetMs) git(sb, repo, ['config', 'drift.hookBudgetMs', String(budgetMs)]);
  new LiveSession(sb, repo, ID).prompt('add a').write('a.txt', 'agent a1\nagent a2\n');
  git(sb, repo, ['add', '-A']);
  const lock = join(repo, '.git', 'drift', 'store.lock');
  mkdirSync(lock, { recursive: true });
  const at = new Date(Date.now() - ageMs);
  utimesSync(lock, at, at);
  return { sb, repo, lock };
}

t.test('a lock left long ago by a killed hook is taken over: the commit gets its whole note and the lock is freed', async (t) => {
  const { sb, repo, lock } = withLeftLock(t, 3_600_000);
  git(sb, repo, ['commit', '-q', '-m', 'agent a']);
  t.same(noteOf(sb, repo).files['a.txt']?.ai, { [`claude-code:${ID}`]: '1-2' }, "the agent's lines are the agent's");
  t.notOk(existsSync(lock), 'the lock is freed when the hook ends');
});

t.test('a lock just left by a killed hook is taken over once stale, and the wait does not use up the hook budget', async (t) => {
  // A budget under the 15 s after which a lock nobody refreshes is stale, yet enough for a hook on a loaded machine.
  const { sb, repo, lock } = withLeftLock(t, 0, 10_000);
  const commit = spawnSync('git', ['commit', '-q', '-m', 'agent a'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  t.equal(commit.status, 0, 'the commit succeeds');
  const out = commit.stderr;
  t.same(noteOf(sb, repo).files['a.txt']?.ai, { [`claude-code:${ID}`]: '1-2' }, "the agent's lines are the agent's");
  t.notMatch(out, /partial/, 'the capture is not partial');
  t.notOk(existsSync(lock), 'the lock is freed when the hook ends');
});

/**
 * The store's lock (src/store/files.ts): a lock left behind by a hook that was killed is
 * taken over, the time a hook waited for it does not eat its time budget, and the LLM
 * ledger's read-modify-write is serialised by it.
 */
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { installDrift } from './helpers/replay.js';
import { LiveSession } from './helpers/session.js';
import { parseNote, type Note } from '../src/notes/index.js';
import { appendLedger, readLedger, type LedgerEntry } from '../src/store/ledger.js';

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

t.test('a human commit leaves no store lock behind, though the hook runs git before it loads the store', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  writeFileSync(join(repo, 'h.txt'), 'human\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'human']);
  t.ok(noteOf(sb, repo).files['h.txt']?.human, 'the hook captured the commit');
  t.notOk(existsSync(join(repo, '.git', 'drift', 'store.lock')), 'and freed the lock at exit (else the next commit waits 15 s for it to go stale)');
});

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

t.test('LLM calls recorded at once all stay in the ledger, and the ledger file is never torn', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const commonDir = join(repo, '.git');
  const entry = (i: number): LedgerEntry => ({
    at: '2026-11-20T10:00:00.000Z',
    purpose: `call ${i}`,
    model: 'claude-haiku-4-5',
    inputTokens: i,
    outputTokens: 1,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.001,
    outcome: 'ok',
  });
  await Promise.all(Array.from({ length: 20 }, (_, i) => appendLedger(commonDir, entry(i))));
  const entries = await readLedger(commonDir);
  t.same(entries.map((e) => e.purpose).sort(), Array.from({ length: 20 }, (_, i) => `call ${i}`).sort(), 'all 20 entries kept');
  t.notOk(existsSync(join(commonDir, 'drift', 'store.lock')), 'the lock is freed');
});

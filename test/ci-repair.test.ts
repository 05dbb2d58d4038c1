/**
 * The shipped repair workflow (docs/ci/repair-after-merge.yml) works: after a squash merge
 * and a rebase merge made without hooks (as GitHub makes them), its shell steps, taken from
 * the YAML and run against a local bare remote, give the merged commits notes, and a fresh
 * clone's `git drift blame` gives the agent's lines to the agent.
 */
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { addBareRemote, git, makeRepo, PROJECT, type Sandbox, isolateProcessGit } from './helpers/env.js';
import { drift, installInProcess } from './helpers/replay.js';
import { LiveSession } from './helpers/session.js';
import { sandboxTemplateAsync } from './helpers/template.js';
import { runSteps, workflowEnv, type StepResult, type WorkflowStep } from './helpers/workflow.js';

// install runs in this process: keep its git calls off the machine's own git config.
isolateProcessGit(t, 'drift-repair-guard-');

const workflow = matter(`---\n${readFileSync(join(PROJECT, 'docs', 'ci', 'repair-after-merge.yml'), 'utf8')}\n---\n`).data as {
  on: { pull_request: { types: string[] } };
  env: Record<string, string>;
  jobs: { repair: { if: string; steps: WorkflowStep[] } };
};
const SESSION = 'claude-code:dddd4444-0000-4000-8000-000000000004';

t.test('the workflow runs on merged pull requests only', async (t) => {
  t.same(workflow.on.pull_request.types, ['closed']);
  t.equal(workflow.jobs.repair.if, 'github.event.pull_request.merged == true');
  t.equal(workflow.env.GIT_DRIFT_PACKAGE, '', 'no default package name');
});

/** Run the workflow's shell steps in a fresh clone of `bare` at main; returns each step's status and output. */
function runWorkflow(sb: Sandbox, bare: string, values: Record<string, string>): StepResult[] {
  const ws = join(sb.root, `ws-${Math.random().toString(36).slice(2)}`);
  git(sb, sb.root, ['clone', '-q', bare, ws]);
  return runSteps(workflow.jobs.repair.steps, values, ws, workflowEnv(sb));
}

/**
 * A developer clone with git drift, a pushed feature branch of an agent commit and a human
 * one (notes pushed too), and a bare origin: built once per file, restored fresh (same
 * paths) for each test.
 */
const world = sandboxTemplateAsync(async (sb) => {
  const dev = makeRepo(sb, 'dev');
  const bare = addBareRemote(sb, dev, 'origin.git');
  await installInProcess(sb, dev);
  git(sb, dev, ['push', '-q', 'origin', 'main']);
  git(sb, dev, ['checkout', '-q', '-b', 'feature']);
  new LiveSession(sb, dev, SESSION.split(':')[1]!)
    .prompt('Add a rate limiter.')
    .write(
      'limit.js',
      'export function allow(bucket, now) {\n  bucket.tokens = Math.min(bucket.size, bucket.tokens + (now - bucket.at) * bucket.rate);\n  bucket.at = now;\n  return bucket.tokens >= 1 && bucket.tokens-- > 0;\n}\n',
    );
  git(sb, dev, ['add', '-A']);
  git(sb, dev, ['commit', '-q', '-m', 'rate limiter']);
  writeFileSync(join(dev, 'limit.js'), `// Reviewed: token bucket, see RFC 4115.\n${readFileSync(join(dev, 'limit.js'), 'utf8')}`);
  git(sb, dev, ['commit', '-q', '-am', 'review note']);
  git(sb, dev, ['push', '-q', 'origin', 'feature']);
  const expected: (string | null)[][] = JSON.parse(drift(sb, dev, ['blame', '--json', 'limit.js'])).lines.map((l: { state: string; session: string | null }) => [l.state, l.session]);
  // The "server": a clone with no hooks that merges and pushes main, and keeps the PR head ref.
  const server = join(sb.root, 'server');
  const off = { ...sb, env: { ...sb.env, GIT_DRIFT: '0' } };
  git(off, sb.root, ['clone', '-q', bare, server]);
  git(off, server, ['push', '-q', 'origin', 'origin/feature:refs/pull/7/head']);
  return { bare, server, off, expected };
});

function blameAfter(sb: Sandbox, bare: string): string[][] {
  const check = join(sb.root, `check-${Math.random().toString(36).slice(2)}`);
  git(sb, sb.root, ['clone', '-q', bare, check]);
  git(sb, check, ['fetch', '-q', 'origin', 'refs/notes/drift:refs/notes/drift']);
  return JSON.parse(drift(sb, check, ['blame', '--json', 'limit.js'])).lines.map((l: { state: string; session: string | null }) => [l.state, l.session]);
}

t.test("after a squash merge, the workflow gives the squash commit the branch's attribution", async (t) => {
  const { sb, bare, server, off, expected } = await world(t);
  const baseSha = git(off, server, ['rev-parse', 'main']);
  git(off, server, ['merge', '-q', '--squash', 'origin/feature']);
  git(off, server, ['commit', '-q', '-m', 'Rate limiter (#7)']);
  git(off, server, ['push', '-q', 'origin', 'main']);
  const merged = git(off, server, ['rev-parse', 'main']);
  const steps = runWorkflow(sb, bare, { 'github.event.pull_request.number': '7', 'github.event.pull_request.merge_commit_sha': merged, 'github.event.pull_request.base.sha': baseSha });
  t.same(
    steps.map((s) => s.status),
    [0, 0, 0, 0],
    steps.map((s) => `${s.name}: ${s.out}`).join('\n'),
  );
  t.match(steps[2]!.out, /repaired [0-9a-f]{8} from 2 commits: 1 session/);
  t.same(blameAfter(sb, bare), expected);
  t.ok(expected.some(([state, s]) => state === 'ai' && s === SESSION));
});

t.test('after a rebase merge, the workflow repairs each replayed commit', async (t) => {
  const { sb, bare, server, off, expected } = await world(t);
  writeFileSync(join(server, 'CHANGELOG.md'), '# Changes\n');
  git(off, server, ['add', '-A']);
  git(off, server, ['commit', '-q', '-m', 'changelog']);
  git(off, server, ['push', '-q', 'origin', 'main']);
  const baseSha = git(off, server, ['rev-parse', 'main']);
  git(off, server, ['checkout', '-q', '-b', 'rebased', 'origin/feature']);
  git(off, server, ['rebase', '-q', 'main']);
  git(off, server, ['push', '-q', 'origin', 'rebased:main']);
  const merged = git(off, server, ['rev-parse', 'rebased']);
  const steps = runWorkflow(sb, bare, { 'github.event.pull_request.number': '7', 'github.event.pull_request.merge_commit_sha': merged, 'github.event.pull_request.base.sha': baseSha });
  t.same(
    steps.map((s) => s.status),
    [0, 0, 0, 0],
    steps.map((s) => `${s.name}: ${s.out}`).join('\n'),
  );
  t.match(steps[2]!.out, /repaired [0-9a-f]{8} from 1 commit/);
  t.same(blameAfter(sb, bare), expected);
});

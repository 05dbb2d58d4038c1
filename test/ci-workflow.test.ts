/**
 * The shipped GitHub Actions workflow (docs/ci/github-actions.yml) works: its shell steps,
 * taken from the YAML, run against a local bare remote standing in for GitHub, with git
 * drift installed by the workflow's own `npm install --global` step from this checkout.
 */
import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import matter from 'gray-matter';
import { addBareRemote, git, makeRepo, PROJECT, type Sandbox, isolateProcessGit } from './helpers/env.js';
import { sandboxTemplateAsync } from './helpers/template.js';
import { installInProcess } from './helpers/replay.js';
import { runSteps, workflowEnv, type StepResult, type WorkflowStep } from './helpers/workflow.js';

// install runs in this process: keep its git calls off the machine's own git config.
isolateProcessGit(t, 'drift-ci-guard-');

type Step = WorkflowStep;

interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: { check: { steps: Step[] } };
}

const workflow = matter(`---\n${readFileSync(join(PROJECT, 'docs', 'ci', 'github-actions.yml'), 'utf8')}\n---\n`).data as Workflow;
const FORK_ONLY = 'github.event.pull_request.head.repo.full_name != github.repository';

t.test('the workflow runs on pull requests and checks out the head commit with full history', async (t) => {
  t.ok('pull_request' in workflow.on);
  const steps = workflow.jobs.check.steps;
  t.same(
    steps.filter((s) => s.uses).map((s) => s.uses),
    ['actions/checkout@v4', 'actions/setup-node@v4'],
  );
  t.same(steps[0]!.with, { 'fetch-depth': 0, ref: '${{ github.event.pull_request.head.sha }}' });
  t.same(
    steps.filter((s) => s.if).map((s) => s.if),
    [FORK_ONLY],
    'the only condition is the fork one this test evaluates',
  );
  t.match(steps.at(-1)!.run, 'git drift check "origin/${{ github.base_ref }}..HEAD" --format github');
});

t.test('the install step fails with a clear annotation until GIT_DRIFT_PACKAGE is set', async (t) => {
  t.equal(workflow.env.GIT_DRIFT_PACKAGE, '', 'no default package name that someone else could publish');
  const install = workflow.jobs.check.steps.find((s) => s.name === 'Install git drift')!;
  const done = spawnSync('bash', ['-e', '-c', install.run!], { env: { PATH: process.env.PATH, GIT_DRIFT_PACKAGE: '' }, encoding: 'utf8' });
  t.equal(done.status, 1);
  t.equal(done.stdout, '::error title=git drift::set GIT_DRIFT_PACKAGE in this workflow to where your team gets git drift\n');
});

interface Pr {
  /** The repository GitHub would check out: a clone of the base repository at the head commit. */
  base: string;
  head: string;
  fork: string | null;
}

/** Run the workflow's shell steps for a pull request; returns each step's name, exit code and output. */
function runWorkflow(sb: Sandbox, pr: Pr): StepResult[] {
  const ws = join(sb.root, `ws-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  git(sb, sb.root, ['clone', '-q', pr.base, ws]);
  git(sb, ws, ['checkout', '-q', '--detach', pr.head]);
  const values: Record<string, string> = {
    'github.base_ref': 'main',
    'github.event.pull_request.head.repo.clone_url': pr.fork ?? pr.base,
  };
  return runSteps(workflow.jobs.check.steps, values, ws, workflowEnv(sb, workflow.env), (step) => step.if === FORK_ONLY && !pr.fork);
}

interface World {
  sb: Sandbox;
  bare: string;
  dev: string;
}

/** A developer clone with git drift installed, on a feature branch with two captured commits, pushed: built once per file, restored fresh (same paths) for each test. */
const world: (t: Test) => Promise<World> = sandboxTemplateAsync(async (sb) => {
  const dev = makeRepo(sb, 'dev');
  const bare = addBareRemote(sb, dev, 'origin.git');
  await installInProcess(sb, dev);
  git(sb, dev, ['checkout', '-q', '-b', 'feature']);
  for (const name of ['one.txt', 'two.txt']) {
    writeFileSync(join(dev, name), `${name}\n`);
    git(sb, dev, ['add', name]);
    git(sb, dev, ['commit', '-q', '-m', `add ${name}`]);
  }
  return { bare, dev };
});

t.test('a pull request whose commits carry notes passes; one made with hooks off fails, named', async (t) => {
  const w = await world(t);
  git(w.sb, w.dev, ['push', '-q', 'origin', 'feature']);
  const head = git(w.sb, w.dev, ['rev-parse', 'HEAD']);
  const passed = runWorkflow(w.sb, { base: w.bare, head, fork: null });
  t.same(
    passed.map((s) => s.status),
    [0, 0, 0],
    passed.map((s) => `${s.name}: ${s.out}`).join('\n'),
  );
  t.match(passed.at(-1)!.out, 'ok: 2 commits checked in origin/main..HEAD: 2 ok, 0 missing, 0 invalid');

  writeFileSync(join(w.dev, 'three.txt'), 'three\n');
  git(w.sb, w.dev, ['add', 'three.txt']);
  git({ ...w.sb, env: { ...w.sb.env, GIT_DRIFT: '0' } }, w.dev, ['commit', '-q', '-m', 'add three.txt']);
  git(w.sb, w.dev, ['push', '-q', 'origin', 'feature']);
  const bad = git(w.sb, w.dev, ['rev-parse', 'HEAD']);
  const failed = runWorkflow(w.sb, { base: w.bare, head: bad, fork: null });
  t.same(
    failed.map((s) => s.status),
    [0, 0, 1],
  );
  t.match(failed.at(-1)!.out, `::error title=git drift%3A missing note on ${bad.slice(0, 8)}::${bad.slice(0, 8)} add three.txt: no drift note`);
  t.match(failed.at(-1)!.out, 'FAILED: 3 commits checked in origin/main..HEAD: 2 ok, 1 missing, 0 invalid');
});

t.test('a pull request from a fork gets its notes from the fork', async (t) => {
  const w = await world(t);
  const fork = join(w.sb.root, 'fork.git');
  git(w.sb, w.sb.root, ['clone', '-q', '--bare', w.bare, fork]);
  git(w.sb, w.dev, ['remote', 'set-url', 'origin', fork]);
  git(w.sb, w.dev, ['push', '-q', 'origin', 'feature']);
  const head = git(w.sb, w.dev, ['rev-parse', 'HEAD']);
  // GitHub keeps the head of a fork's pull request in the base repository, without notes.
  git({ ...w.sb, env: { ...w.sb.env, GIT_DRIFT: '0' } }, w.dev, ['push', '-q', w.bare, 'feature:refs/pull/1/head']);
  t.equal(spawnSync('git', ['notes', '--ref=drift', 'list'], { cwd: w.bare, env: w.sb.env, encoding: 'utf8' }).stdout, '', 'the base repository has no notes');
  const done = runWorkflow(w.sb, { base: w.bare, head, fork });
  t.same(
    done.map((s) => s.status),
    [0, 0, 0, 0],
    done.map((s) => `${s.name}: ${s.out}`).join('\n'),
  );
  t.match(done[1]!.out, '::warning title=git drift::origin has no refs/notes/drift yet');
  t.match(done.at(-1)!.out, 'ok: 2 commits checked in origin/main..HEAD: 2 ok, 0 missing, 0 invalid');
  t.same(
    runWorkflow(w.sb, { base: w.bare, head, fork: null }).map((s) => s.status),
    [0, 0, 1],
    'without the fork step the notes are missing',
  );
});

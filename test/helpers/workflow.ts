/**
 * Running a shipped GitHub Actions workflow's shell steps locally (the CI workflow tests):
 * `${{ … }}` expressions are replaced from a table of values, each step runs in bash with
 * `-e`, and git drift is installed by the workflow's own `npm install --global` step from
 * this checkout into a private npm prefix.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT, type Sandbox } from './env.js';

/** One step of a workflow job as parsed from YAML. */
export interface WorkflowStep {
  name?: string;
  uses?: string;
  if?: string;
  run?: string;
  with?: Record<string, unknown>;
}

/** What one step did: its name, exit code and combined output. */
export interface StepResult {
  name: string;
  status: number | null;
  out: string;
}

/** The environment for the steps: the sandbox's, `GIT_DRIFT_PACKAGE` set to this checkout, and a private global npm prefix on PATH. */
export function workflowEnv(sb: Sandbox, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const prefix = join(sb.root, 'npm-global');
  mkdirSync(prefix, { recursive: true });
  return {
    ...sb.env,
    ...extra,
    GIT_DRIFT_PACKAGE: PROJECT,
    npm_config_prefix: prefix,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    PATH: `${join(prefix, 'bin')}:${sb.env.PATH}`,
  };
}

/**
 * Run the `run:` steps (those `skip` does not reject) in `cwd`, stopping at the first
 * failure. Throws when a step uses an expression `values` does not define.
 */
export function runSteps(steps: WorkflowStep[], values: Record<string, string>, cwd: string, env: NodeJS.ProcessEnv, skip: (s: WorkflowStep) => boolean = () => false): StepResult[] {
  const results: StepResult[] = [];
  for (const step of steps) {
    if (!step.run || skip(step)) continue;
    const script = step.run.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_m, key: string) => {
      if (!(key in values)) throw new Error(`no value for \${{ ${key} }}`);
      return values[key]!;
    });
    const done = spawnSync('bash', ['-e', '-c', script], { cwd, env, encoding: 'utf8' });
    results.push({ name: step.name ?? step.run, status: done.status, out: `${done.stdout}${done.stderr}` });
    if (done.status !== 0) break;
  }
  return results;
}

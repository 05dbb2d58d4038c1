/**
 * LLM compaction of briefs against a local server that speaks the Messages API (pointed
 * to with ANTHROPIC_BASE_URL; no test touches the network): the request's shape and
 * redaction, the rendered compaction, the cache (a second run sends nothing), the cost
 * ledger and `git drift cost`, the monthly spending cap, and the fallback to the offline
 * brief on 401, 429, 5xx, a timeout and malformed output; no key or `drift.llm=off` sends
 * nothing.
 */
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, git, isolateProcessGit, makeRepo, makeSandbox, type Sandbox, NEEDS_CORPUS } from './helpers/env.js';
import { commandIO } from './helpers/io.js';
import { replaySession } from './helpers/replay.js';
import { runDriftAsync, withSandboxHome } from './helpers/handoff.js';
import { startMessagesServer, type MessagesServer } from './helpers/messages-server.js';
import { parseBrief } from '../src/record/brief.js';
import { costUsd } from '../src/llm/pricing.js';
import { run as costRun } from '../src/commands/cost.js';

// costJson runs `git drift cost` in this process: keep its git off the machine's own config.
isolateProcessGit(t, 'drift-llm-guard-');

const SESSION = join(CORPUS, 'claude-code/git-ai-project__git-ai/example-claude-code.jsonl');
const KEY = 'sk-ant-api03-local-test-key-not-real';
const PLANTED = `ghp_${'Zq8Lm3Nx7Rt2Vw9Ky4Bp6Cd1Fg5Hj0Ts3Ua'}`;

interface Fixture {
  sb: Sandbox;
  repo: string;
  label: string;
  nativeId: string;
  server: MessagesServer;
  env: NodeJS.ProcessEnv;
}

async function setUp(t: Test): Promise<Fixture> {
  const sb = makeSandbox();
  const server = await startMessagesServer();
  t.teardown(async () => {
    await server.close();
    sb.cleanup();
  });
  const repo = makeRepo(sb);
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  const replay = replaySession(sb, repo, withSandboxHome(sb, SESSION), 'claude-code');
  writeFileSync(join(repo, 'deploy.sh'), `#!/bin/sh\nexport GITHUB_TOKEN=${PLANTED}\n`);
  return {
    sb,
    repo,
    label: `claude-code ${replay.nativeId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}`,
    nativeId: replay.nativeId,
    server,
    env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url },
  };
}

/**
 * `git drift cost --json` of the fixture's clone, run in this process (the command's own
 * code, without a node start; the first test runs it as the CLI): the ledger's report.
 */
async function costJson(f: Fixture): Promise<{ calls: number; entries: { outcome: string }[] }> {
  let text = '';
  const code = await costRun({ _: [], cwd: f.repo, json: true }, commandIO(f.repo, f.sb.env, { write: (s: string) => (text += s) }));
  if (code !== 0) throw new Error(`git drift cost exited ${code}`);
  return JSON.parse(text);
}

function answer(label: string) {
  return {
    goal: 'LLM-GOAL: finish the `greet` helpers the user asked for.',
    decisions: [{ text: 'LLM-DECISION: keep the public name `greet`.', session: label }],
    nextSteps: ['LLM-STEP-1: run the tests.', 'LLM-STEP-2: commit the uncommitted work.'],
  };
}

async function handoff(f: Fixture, extra: string[] = [], env: NodeJS.ProcessEnv = f.env) {
  const run = await runDriftAsync(f.sb, f.repo, ['handoff', '--print', '--session', f.nativeId, ...extra], env);
  const parsed = parseBrief(run.stdout);
  if ('invalid' in parsed) throw new Error(`${parsed.invalid}: ${run.stderr}`);
  return { ...run, ...parsed };
}

t.test('sends one redacted structured request and renders the answer; a second run is served from the cache', { skip: NEEDS_CORPUS }, async (t) => {
  const f = await setUp(t);
  f.server.behave({ kind: 'answer', json: answer(f.label) });
  const first = await handoff(f);
  t.equal(first.status, 0, first.stderr);
  t.equal(first.stderr, '', 'no fallback line');
  t.equal(f.server.requests.length, 1, 'one request');
  const req = f.server.requests[0]!;
  t.equal(req.method, 'POST');
  t.equal(req.url, '/v1/messages');
  t.match(String(req.headers.authorization ?? req.headers['x-api-key']), KEY, 'the key from ANTHROPIC_API_KEY');
  t.ok(req.headers['anthropic-version'], 'an API version header');
  t.equal(req.body.model, 'claude-sonnet-5-5', 'the default model');
  t.equal(req.body.max_tokens, 3000);
  t.type(req.body.system, 'string');
  t.equal(req.body.messages.length, 1);
  t.equal(req.body.messages[0].role, 'user');
  t.equal(req.body.output_config.format.type, 'json_schema');
  t.same(req.body.output_config.format.schema.required, ['goal', 'decisions', 'nextSteps']);
  const sent = JSON.stringify(req.body);
  t.notOk(sent.includes(PLANTED), 'the planted token is not sent');
  t.notOk(sent.includes(f.sb.home) || sent.includes(f.repo), 'no absolute home or repository path is sent');
  t.match(sent, /Make the colors green and yellow/, 'the material is sent (the prompt)');
  t.match(sent, /src\/game\/HistoryLog\.tsx \(uncommitted, modified\)/, 'with repo-relative paths');
  t.equal(first.data.llm, 'claude-sonnet-5-5');
  t.match(first.body, /## Goal\n\nLLM-GOAL: finish the `greet` helpers the user asked for\./);
  t.match(first.body, /- LLM-DECISION: keep the public name `greet`\. — _claude-code examplec_/);
  t.match(first.body, /1\. LLM-STEP-1: run the tests\.\n2\. LLM-STEP-2: commit the uncommitted work\./);
  t.match(first.body, /## Tried and rejected/, 'the extracted sections stay');

  const second = await handoff(f);
  t.equal(f.server.requests.length, 1, 'the second run sends nothing');
  t.equal(second.body, first.body, 'and gives the same brief');
  const cost = JSON.parse((await runDriftAsync(f.sb, f.repo, ['cost', '--json'])).stdout);
  t.equal(cost.calls, 1, 'the ledger holds the one call');
  const expected = costUsd('claude-sonnet-5-5', { inputTokens: 1234, outputTokens: 321, cacheReadTokens: 0, cacheWriteTokens: 0 });
  t.equal(expected, 0.005678, '1,234 in at $2/M and 321 out at $10/M');
  t.equal(cost.totalUsd, expected);
  t.equal(cost.spentThisMonthUsd, expected);
  t.equal(cost.capUsd, 2);
  t.same(
    cost.byModel.map((m: { model: string; inputTokens: number; outputTokens: number }) => [m.model, m.inputTokens, m.outputTokens]),
    [['claude-sonnet-5-5', 1234, 321]],
  );
  t.equal(cost.entries[0].outcome, 'ok');
  const text = (await runDriftAsync(f.sb, f.repo, ['cost'])).stdout;
  t.match(text, /this month \(\d{4}-\d\d\)\s+\$0\.0057 of \$2\.0000/);
  t.match(text, /claude-sonnet-5-5\s+1 calls\s+1,234 in \/ 321 out\s+\$0\.0057/);
});

t.test('drift.model picks the model and the cap stops spending beyond drift.llm.maxCostUsd', { skip: NEEDS_CORPUS }, async (t) => {
  const f = await setUp(t);
  f.server.behave({ kind: 'answer', json: answer(f.label) });
  git(f.sb, f.repo, ['config', 'drift.model', 'claude-haiku-5-5']);
  git(f.sb, f.repo, ['config', 'drift.llm.maxCostUsd', '0.0001']);
  const capped = await handoff(f);
  t.equal(f.server.requests.length, 0, 'nothing sent past the cap');
  t.match(
    capped.stderr,
    /^git-drift: LLM compaction skipped: \$0\.0000 spent in \d{4}-\d\d plus up to \$0\.\d+ for this call would pass drift\.llm\.maxCostUsd \(\$0\.0001\); this brief is the offline one\n$/,
  );
  t.equal(capped.data.llm, 'none');
  git(f.sb, f.repo, ['config', 'drift.llm.maxCostUsd', '0.01']);
  const ok = await handoff(f);
  t.equal(f.server.requests.length, 1);
  t.equal(f.server.requests[0]!.body.model, 'claude-haiku-5-5');
  t.equal(ok.data.llm, 'claude-haiku-5-5');
  git(f.sb, f.repo, ['config', 'drift.model', 'claude-sonnet-5-5']); // Another question: not in the cache.
  f.server.behave({ kind: 'answer', json: answer(f.label), usage: { input_tokens: 1_000_000, output_tokens: 0 } });
  git(f.sb, f.repo, ['config', 'drift.llm.maxCostUsd', '3']);
  await handoff(f);
  t.equal(f.server.requests.length, 2, 'a costly call is made while under the cap');
  git(f.sb, f.repo, ['config', 'drift.model', 'claude-opus-5-5']);
  git(f.sb, f.repo, ['config', 'drift.llm.maxCostUsd', '2.02']);
  const over = await handoff(f);
  t.equal(f.server.requests.length, 2, 'and then the month is over the cap');
  t.match(over.stderr, /LLM compaction skipped: \$2\.00\d\d spent .* would pass drift\.llm\.maxCostUsd \(\$2\.02\)/);
});

const FAILURES: [string, (f: Fixture) => void, RegExp][] = [
  ['401', (f) => f.server.behave({ kind: 'status', status: 401, type: 'authentication_error' }), /\(auth: HTTP 401/],
  ['429', (f) => f.server.behave({ kind: 'status', status: 429, type: 'rate_limit_error' }), /\(rate-limit: HTTP 429/],
  ['500', (f) => f.server.behave({ kind: 'status', status: 500, type: 'api_error' }), /\(server: HTTP 500/],
  ['529', (f) => f.server.behave({ kind: 'status', status: 529, type: 'overloaded_error' }), /\(server: HTTP 529/],
  ['text that is not JSON', (f) => f.server.behave({ kind: 'text', text: 'Sure! Here is a summary of the task…' }), /\(malformed: /],
  ['JSON of the wrong shape', (f) => f.server.behave({ kind: 'answer', json: { goal: 42, decisions: 'none' } }), /\(malformed: /],
  // Last: drift.llm.timeoutMs stays set, and on a loaded machine a short timeout can fire before a later case's request is sent.
  [
    'a timeout',
    (f) => {
      git(f.sb, f.repo, ['config', 'drift.llm.timeoutMs', '1000']);
      f.server.behave({ kind: 'hang', ms: 3000 });
    },
    /\(timeout: /,
  ],
];

t.test('falls back to the offline brief with one line on each failure', { skip: NEEDS_CORPUS }, async (t) => {
  const f = await setUp(t);
  const offline = await handoff(f, ['--no-llm']);
  t.equal(f.server.requests.length, 0, '--no-llm sends nothing');
  // The ledger's calls before each failure: read once here, then after each failure (nothing else writes it).
  let before = (await costJson(f)).calls;
  for (const [name, arrange, line] of FAILURES) {
    const sent = f.server.requests.length;
    arrange(f);
    const run = await handoff(f);
    t.equal(run.status, 0, `${name}: exit 0`);
    t.equal(f.server.requests.length, sent + 1, `${name}: one request, no retry`);
    t.match(run.stderr, line, `${name}: says why`);
    t.match(run.stderr, /^git-drift: LLM compaction failed \(.*\); this brief is the offline one\n$/, `${name}: in exactly one line`);
    t.equal(run.data.llm, 'none');
    t.equal(run.body, offline.body, `${name}: the brief is the offline one`);
    const ledger = await costJson(f);
    const billed = name.includes('JSON') ? 1 : 0;
    t.equal(ledger.calls - before, billed, billed ? `${name}: a malformed answer is still billed and in the ledger` : `${name}: an error costs nothing`);
    if (billed) t.equal(ledger.entries[ledger.entries.length - 1]!.outcome, 'malformed', `${name}: marked malformed`);
    before = ledger.calls;
  }
});

t.test('no key, drift.llm=off or --no-llm send nothing; --llm without a key says so', { skip: NEEDS_CORPUS }, async (t) => {
  const f = await setUp(t);
  f.server.behave({ kind: 'answer', json: answer(f.label) });
  const noKey = await handoff(f, [], { ANTHROPIC_BASE_URL: f.server.url });
  t.equal(noKey.stderr, '', 'no key: quietly offline');
  t.equal(noKey.data.llm, 'none');
  git(f.sb, f.repo, ['config', 'drift.llm', 'off']);
  await handoff(f);
  t.equal(f.server.requests.length, 0, 'drift.llm=off sends nothing');
  const forced = await handoff(f, ['--llm']);
  t.equal(f.server.requests.length, 1, '--llm overrides drift.llm=off');
  t.equal(forced.data.llm, 'claude-sonnet-5-5');
  const forcedNoKey = await handoff(f, ['--llm'], { ANTHROPIC_BASE_URL: f.server.url });
  t.match(forcedNoKey.stderr, /^git-drift: LLM compaction needs ANTHROPIC_API_KEY in the environment; this brief is the offline one\n$/);
  t.equal(f.server.requests.length, 1);
  const empty = JSON.parse((await runDriftAsync(f.sb, makeRepo(f.sb, 'other'), ['cost', '--json'])).stdout);
  t.same([empty.calls, empty.totalUsd, empty.entries], [0, 0, []], 'a clone without calls has an empty ledger');
});

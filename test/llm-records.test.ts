/**
 * Background LLM compaction of session records (`drift.llm.records`): post-commit starts a
 * detached `git drift compact-records`, the commit returns while the (local) Messages API
 * still holds the answer, and the record gets its condensed section once the answer comes.
 * Off by default.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CORPUS, git, makeRepo, makeSandbox, type Sandbox, NEEDS_CORPUS } from './helpers/env.js';
import { installDrift, replaySession } from './helpers/replay.js';
import { runDriftAsync, withSandboxHome } from './helpers/handoff.js';
import { startMessagesServer } from './helpers/messages-server.js';
import { parseNote } from '../src/notes/index.js';

const SESSION = join(CORPUS, 'claude-code/git-ai-project__git-ai/example-claude-code.jsonl');

function gitAsync(sb: Sandbox, cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...sb.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A repository with the hooks installed and a replayed session's work staged. */
function setUp(sb: Sandbox): string {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  replaySession(sb, repo, withSandboxHome(sb, SESSION), 'claude-code');
  git(sb, repo, ['add', '-A']);
  return repo;
}

t.test('the commit does not wait for record compaction, and the record gets its condensed section', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  const server = await startMessagesServer();
  t.teardown(async () => {
    server.release();
    await server.close();
    sb.cleanup();
  });
  const repo = setUp(sb);
  git(sb, repo, ['config', 'drift.llm.records', 'true']);
  server.behave({ kind: 'gate', json: { goal: 'RECORD-GOAL: green and yellow colors.', decisions: [], nextSteps: ['RECORD-STEP: update EvalBar.tsx.'] } });
  const env = { ANTHROPIC_API_KEY: 'sk-ant-api03-local-test-key-not-real', ANTHROPIC_BASE_URL: server.url };
  const commit = await gitAsync(sb, repo, ['commit', '-q', '-m', 'agent work'], env);
  t.equal(commit.status, 0, commit.stderr);
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  const recordPath = join(repo, note.sessions[0]!.record);
  const record = () => readFileSync(recordPath, 'utf8');
  t.notMatch(record(), /Condensed by/, 'the commit returned with the record as the capture wrote it');
  await until('the background request', () => server.requests.length === 1);
  t.equal(server.requests[0]!.body.model, 'claude-sonnet-5-5');
  t.notMatch(record(), /Condensed by/, 'the answer is still held: nothing written yet');
  server.release();
  await until('the condensed record', () => /## Condensed by claude-sonnet-5-5/.test(record()));
  t.match(
    record(),
    /^---\n[\s\S]*\nllm: claude-sonnet-5-5\n[\s\S]*---\n# claude-code session examplec\n\n## Condensed by claude-sonnet-5-5\n\n### Goal\n\nRECORD-GOAL: green and yellow colors\.\n\n### Next steps\n\n1\. RECORD-STEP: update EvalBar\.tsx\.\n\n## Prompts/,
  );
  const cost = JSON.parse((await runDriftAsync(sb, repo, ['cost', '--json'])).stdout);
  t.same(
    cost.entries.map((e: { purpose: string }) => e.purpose),
    ['record'],
    'the call is in the ledger as a record compaction',
  );
  const log = readFileSync(join(repo, '.git', 'drift', 'drift.log'), 'utf8');
  t.match(log, /post-commit: .*; record compaction started in the background/);
  t.match(log, /compact-records [0-9a-f]{8}: \.prompts\/sessions\/\S+ condensed/);
});

t.test('no record compaction without drift.llm.records, even with a key', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = setUp(sb);
  const env = { ANTHROPIC_API_KEY: 'sk-ant-api03-local-test-key-not-real', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' };
  t.equal((await gitAsync(sb, repo, ['commit', '-q', '-m', 'agent work'], env)).status, 0);
  const log = readFileSync(join(repo, '.git', 'drift', 'drift.log'), 'utf8');
  t.match(log, /post-commit: [0-9a-f]{8}: claude-code /, 'the capture ran');
  t.notMatch(log, /record compaction started/);
});

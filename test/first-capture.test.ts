/**
 * The first capture of a big live session (issue 15): the log is read in steps, and each
 * step's events are filed and shrunk before the next is read, so the capture's memory
 * follows the step, not the session. A hook with a small heap still captures a session of
 * 100 MiB of command output whole, reading each byte of the log once.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, makeRepo, makeSandbox } from './helpers/env.js';
import { claudeSlug, installDrift } from './helpers/replay.js';
import { appendWrite } from '../bench/lib/live-log.mjs';
import { claudeCodeReader, SHORT_HEAD_BYTES } from '../src/agents/claude-code/index.js';

const ID = 'f1257ca9-0000-4000-8000-0000000big01';

/**
 * Append `rounds` prompts to the Claude Code session at `path`, each answered by one `Bash`
 * call whose result carries `outputBytes` of output (as Claude Code logs them: the
 * `tool_use`, then the `tool_result` line with `toolUseResult.stdout`). Returns the bytes appended.
 */
function appendCommands(path: string, repo: string, rounds: number, outputBytes: number): number {
  const base = { cwd: repo, sessionId: ID, version: '2.0.28', gitBranch: 'main', timestamp: '2026-01-02T00:00:00.000Z' };
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    const id = `toolu_cmd_${r}`;
    // Each round's output is its own text (a real log repeats no output byte for byte).
    const stdout = `run ${r}: ${'build step ok; '.repeat(Math.ceil(outputBytes / 15))}`.slice(0, outputBytes);
    const lines = [
      { ...base, type: 'user', uuid: `cp-${r}`, message: { role: 'user', content: `Run the build, round ${r}` } },
      {
        ...base,
        type: 'assistant',
        uuid: `ca-${r}`,
        message: { id: `cm-${r}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name: 'Bash', input: { command: `make round-${r}` } }] },
      },
      {
        ...base,
        type: 'user',
        uuid: `cr-${r}`,
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: stdout }] },
        toolUseResult: { stdout, stderr: '', interrupted: false },
      },
    ];
    const text = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
    appendFileSync(path, text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

t.test('the first capture of a 100 MiB session runs in a 64 MiB heap, reads each byte once and captures it whole', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  git(sb, repo, ['config', 'drift.hookBudgetMs', '600000']);
  const log = join(sb.home, '.claude', 'projects', claudeSlug(repo), `${ID}.jsonl`);
  mkdirSync(dirname(log), { recursive: true });
  appendWrite(log, ID, repo, 'src/first.txt', ['alpha = 1', 'beta = 2'], 1);
  appendCommands(log, repo, 1700, 30 * 1024);
  appendWrite(log, ID, repo, 'src/last.txt', ['omega = 24', 'psi = 23'], 2);
  const size = statSync(log).size;
  t.ok(size > 100 * 1024 * 1024, `the session holds ${size} bytes`);
  git(sb, repo, ['add', '-A']);
  // The hook runs with a 64 MiB heap: holding the session's events until the end (or the
  // log text their short output tails were cut from) does not fit.
  const env = { ...sb.env, NODE_OPTIONS: '--max-old-space-size=64' };
  execFileSync('git', ['commit', '-q', '-m', 'agent work'], { cwd: repo, env, encoding: 'utf8' });
  const detail = readFileSync(join(repo, '.git', 'drift', 'drift.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .pop()!;
  t.match(detail, /claude-code f1257ca9 · 4 agent lines, 0 human/, 'both files are the agent’s');
  t.match(detail, `; read ${size} bytes of agent logs,`, 'each byte of the log was read once');
  const note = git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']);
  t.match(note, `claude-code:${ID}`, 'the note lists the session');
  t.match(note, /prompts: 1702\n/, 'with every prompt of the session');
  const dir = join(repo, '.git', 'drift', 'events');
  const files = readdirSync(dir);
  t.equal(files.length, 1, 'one session has stored events');
  const events = readFileSync(join(dir, files[0]!), 'utf8').trimEnd().split('\n');
  const commands = events.map((l) => JSON.parse(l) as { kind: string; output?: string }).filter((e) => e.kind === 'command');
  t.equal(commands.length, 1700, 'every command is stored');
  t.ok(
    commands.every((c) => (c.output ?? '').length <= 400),
    'each with the tail of its output only',
  );
});

t.test('a Claude Code transcript whose cwd comes after its first 16 KiB is still probed right', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const path = join(sb.root, 'late-cwd.jsonl');
  const summary = `${JSON.stringify({ type: 'summary', summary: 'x'.repeat(1000), leafUuid: 'u' })}\n`;
  const user = `${JSON.stringify({ type: 'user', cwd: '/work/late', sessionId: ID, message: { role: 'user', content: 'hi' } })}\n`;
  appendFileSync(path, summary.repeat(40) + user);
  t.ok(statSync(path).size > SHORT_HEAD_BYTES, 'the cwd is past the short head');
  const file = { agent: 'claude-code' as const, path, sessionNativeId: ID, sidechain: false };
  t.equal(await claudeCodeReader.probe(file), '/work/late', 'found in the full head');
  const early = join(sb.root, 'early-cwd.jsonl');
  appendFileSync(early, user + summary.repeat(40));
  t.equal(await claudeCodeReader.probe({ ...file, path: early }), '/work/late', 'found in the short head');
});

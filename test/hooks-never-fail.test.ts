/**
 * Hooks never break a user's git command: corrupt, truncated and huge logs, an unreadable
 * agent directory, a missing HOME, a store that cannot be written — git ignores a
 * post-commit's exit status, so each case asserts the effects: the commit exists, the note
 * (or the reason logged in `<git-common-dir>/drift/`), the store still readable, the next
 * commit captured, and at most one `git-drift:` line. And secrets planted in session logs
 * never reach a note or a record.
 */
import t, { type Test } from 'tap';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT, git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { claudeSlug, installDrift } from './helpers/replay.js';
import { LiveSession } from './helpers/session.js';
import { sandboxTemplate } from './helpers/template.js';
import { parseNote, type Note } from '../src/notes/index.js';

/** Commit everything with the given environment; returns git's exit code and stderr. */
function commitAll(sb: Sandbox, repo: string, env: NodeJS.ProcessEnv = sb.env, message = 'work'): { status: number | null; stderr: string } {
  git(sb, repo, ['add', '-A']);
  const r = spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo, env, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

function driftLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('git-drift:'));
}

/** A repository with the hooks and a live Claude Code session (our own log) that wrote lib/greet.js: built once per file, restored fresh for each test. */
const setup: (t: Test) => { sb: Sandbox; repo: string; log: string; session: LiveSession } = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const session = new LiveSession(sb, repo, '600dc0de-0000-4000-8000-000000000001');
  session.prompt('Add a greet(name) helper.').write('lib/greet.js', 'export function greet(name) {\n  return `hello ${name}`;\n}\n');
  return { repo, log: session.log, session };
});

/** HEAD is a new commit with `message` and holds `path`: git made the commit whatever the hook did. */
function assertCommitted(t: Test, sb: Sandbox, repo: string, message: string, path: string): string {
  t.equal(git(sb, repo, ['log', '-1', '--format=%s']), message, `the commit "${message}" exists`);
  t.equal(git(sb, repo, ['rev-list', '--count', 'HEAD']), String(Number(git(sb, repo, ['rev-list', '--count', 'HEAD^'])) + 1));
  t.ok(git(sb, repo, ['ls-tree', '-r', '--name-only', 'HEAD']).split('\n').includes(path), `it holds ${path}`);
  return git(sb, repo, ['rev-parse', 'HEAD']);
}

/** The drift note of `rev`, parsed, or null when there is none. Fails the test on an invalid note. */
function noteOf(t: Test, sb: Sandbox, repo: string, rev = 'HEAD'): Note | null {
  const r = spawnSync('git', ['notes', '--ref=drift', 'show', rev], { cwd: repo, env: sb.env, encoding: 'utf8' });
  if (r.status !== 0) return null;
  const note = parseNote(r.stdout);
  if ('invalid' in note) {
    t.fail(`invalid note: ${note.invalid}`);
    return null;
  }
  return note;
}

/** `<git-common-dir>/drift/drift.log`, or '' when there is none. */
function driftLog(sb: Sandbox, repo: string): string {
  const path = join(git(sb, repo, ['rev-parse', '--path-format=absolute', '--git-common-dir']), 'drift', 'drift.log');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** `git drift status --json` still reads the store and the logs. */
function assertStoreReadable(t: Test, sb: Sandbox, repo: string): void {
  const status = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'status', '--json'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  t.equal(status.status, 0, `status still works: ${status.stderr}`);
  t.doesNotThrow(() => JSON.parse(status.stdout), 'and prints its JSON');
}

/** A second, healthy session's work is committed and gets a note naming it: the next commit is captured. */
function assertNextCommitCaptured(t: Test, sb: Sandbox, repo: string): void {
  const next = new LiveSession(sb, repo, '600dc0de-0000-4000-8000-000000000002');
  next.prompt('Add a farewell helper.').write('lib/bye.js', 'export const bye = (name) => `bye ${name}`;\n');
  commitAll(sb, repo, sb.env, 'next');
  assertCommitted(t, sb, repo, 'next', 'lib/bye.js');
  const note = noteOf(t, sb, repo);
  t.same(note?.files['lib/bye.js']?.ai, { [`claude-code:${next.id}`]: '1' }, 'the next commit is captured');
}

// Each case makes two commits through the hooks, one with a 40 MB log line: more than tap's default on a loaded machine.
t.setTimeout(360_000);

const GREET_AI = { 'claude-code:600dc0de-0000-4000-8000-000000000001': '1-3' };

t.test('a corrupt and truncated log still lets the commit through, with the good lines captured', async (t) => {
  const { sb, repo, log } = setup(t);
  appendFileSync(log, '{"type":"user", this is not json\n\u0000\u0001garbage\n{"type":"assistant","message":{"content":[{"type":"tool_use"');
  const r = commitAll(sb, repo);
  t.ok(driftLines(r.stderr).length <= 1, 'at most one git-drift line');
  assertCommitted(t, sb, repo, 'work', 'lib/greet.js');
  t.same(noteOf(t, sb, repo)?.files['lib/greet.js']?.ai, GREET_AI, 'the readable part was captured');
  assertStoreReadable(t, sb, repo);
  assertNextCommitCaptured(t, sb, repo);
});

t.test('a huge log line is skipped and the commit succeeds', async (t) => {
  const { sb, repo, log } = setup(t);
  appendFileSync(log, `{"type":"user","message":{"role":"user","content":"${'x'.repeat(40 * 1024 * 1024)}"}}\n`);
  const r = commitAll(sb, repo);
  t.ok(driftLines(r.stderr).length <= 1);
  assertCommitted(t, sb, repo, 'work', 'lib/greet.js');
  t.same(noteOf(t, sb, repo)?.files['lib/greet.js']?.ai, GREET_AI, 'the lines before the huge one were captured');
  assertStoreReadable(t, sb, repo);
  assertNextCommitCaptured(t, sb, repo);
});

t.test('an agent directory that cannot be read lets the commit through', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  mkdirSync(join(sb.home, '.claude'), { recursive: true });
  writeFileSync(join(sb.home, '.claude', 'projects'), 'a file where a directory should be');
  mkdirSync(join(sb.home, '.codex'), { recursive: true });
  writeFileSync(join(sb.home, '.codex', 'sessions'), 'same');
  writeFileSync(join(repo, 'a.txt'), 'hello\n');
  const r = commitAll(sb, repo);
  t.ok(driftLines(r.stderr).length <= 1);
  assertCommitted(t, sb, repo, 'work', 'a.txt');
  const note = noteOf(t, sb, repo);
  t.same([note?.sessions, note?.files['a.txt']], [[], { human: '1' }], 'an all-human note');
  assertStoreReadable(t, sb, repo);
  rmSync(join(sb.home, '.claude', 'projects'));
  assertNextCommitCaptured(t, sb, repo);
});

t.test('a missing HOME lets the commit through', async (t) => {
  const { sb, repo } = setup(t);
  const env = { ...sb.env };
  delete env.HOME;
  const r = commitAll(sb, repo, env);
  t.ok(driftLines(r.stderr).length <= 1);
  const sha = assertCommitted(t, sb, repo, 'work', 'lib/greet.js');
  const note = noteOf(t, sb, repo);
  t.ok(note !== null || driftLog(sb, repo).includes(sha.slice(0, 8)), 'a note, or the reason logged in drift/drift.log');
  assertStoreReadable(t, sb, repo);
  assertNextCommitCaptured(t, sb, repo);
});

t.test('a store that cannot be written lets the commit through with one line', async (t) => {
  const { sb, repo } = setup(t);
  const store = join(repo, '.git', 'drift');
  rmSync(store, { recursive: true, force: true });
  writeFileSync(store, 'not a directory'); // mkdir and writes under it fail, even for root
  const r = commitAll(sb, repo);
  const lines = driftLines(r.stderr);
  t.equal(lines.length, 1, 'exactly one git-drift line says what happened');
  t.match(lines[0], /skipped|drift/);
  assertCommitted(t, sb, repo, 'work', 'lib/greet.js');
  t.equal(readFileSync(store, 'utf8'), 'not a directory', 'the blocking file is left as it was');
  rmSync(store);
  assertStoreReadable(t, sb, repo);
  assertNextCommitCaptured(t, sb, repo);
});

t.test('GIT_DRIFT=0 turns the hooks off', async (t) => {
  const { sb, repo } = setup(t);
  const r = commitAll(sb, repo, { ...sb.env, GIT_DRIFT: '0' });
  t.equal(r.stderr, '');
  assertCommitted(t, sb, repo, 'work', 'lib/greet.js');
  t.equal(noteOf(t, sb, repo), null, 'no note was written');
  t.equal(driftLog(sb, repo), '', 'nothing was logged');
  assertNextCommitCaptured(t, sb, repo);
});

t.test('secrets planted in a session log never reach the note or the records', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const secrets = {
    anthropic: 'sk-ant-' + 'api03-' + 'Zq8vK2mN4pR7tW1xY5bC9dF3gH6jL0'.repeat(2) + 'AA',
    github: 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
    aws: 'AKIA' + 'QWERTYUIOPASDFGH',
    password: 'hunter2-' + 'Correct-Horse-Battery',
    url: 'https://deploy:' + 's3cr3t-Pa55w0rd' + '@git.example.com/org/repo.git',
  };
  const prompt =
    `deploy with ANTHROPIC_API_KEY=${secrets.anthropic} and token ${secrets.github}, aws ${secrets.aws}, ` + `PASSWORD=${secrets.password}, remote ${secrets.url}; my home is ${sb.home}/projects`;
  const dir = join(sb.home, '.claude', 'projects', claudeSlug(repo));
  mkdirSync(dir, { recursive: true });
  const id = '0badc0de-0000-4000-8000-000000000001';
  const line = (o: object) => JSON.stringify({ cwd: repo, sessionId: id, version: '2.0.28', gitBranch: 'main', ...o });
  const write = line({
    type: 'assistant',
    uuid: 'a1',
    timestamp: '2026-11-20T10:00:01.000Z',
    message: { id: 'm1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'tw', name: 'Write', input: { file_path: `${repo}/deploy.sh`, content: 'echo deploy\n' } }] },
  });
  const result = line({
    type: 'user',
    uuid: 'u2',
    timestamp: '2026-11-20T10:00:02.000Z',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tw', content: 'ok' }] },
    toolUseResult: { type: 'create', filePath: `${repo}/deploy.sh`, content: 'echo deploy\n', structuredPatch: [] },
  });
  const ask = line({ type: 'user', uuid: 'u1', timestamp: '2026-11-20T10:00:00.000Z', message: { role: 'user', content: prompt } });
  writeFileSync(join(dir, `${id}.jsonl`), [ask, write, result].join('\n') + '\n');
  writeFileSync(join(repo, 'deploy.sh'), 'echo deploy\n');
  commitAll(sb, repo);
  assertCommitted(t, sb, repo, 'work', 'deploy.sh');
  const note = git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']);
  const records = readdirSync(join(repo, '.prompts', 'sessions'))
    .map((f) => readFileSync(join(repo, '.prompts', 'sessions', f), 'utf8'))
    .join('\n');
  t.match(note, /deploy with/, 'the prompt itself was kept');
  for (const [kind, secret] of Object.entries(secrets)) {
    t.notOk(note.includes(secret), `no ${kind} secret in the note`);
    t.notOk(records.includes(secret), `no ${kind} secret in the records`);
  }
  t.notOk(note.includes(sb.home) || records.includes(sb.home), 'no absolute home path');
  t.match(note, /\[REDACTED:/, 'redaction markers show where');
});

t.test('damaged logs of every other agent let the commit through, and the good session is captured', async (t) => {
  const { sb, repo } = setup(t);
  const { createHash, randomBytes } = await import('node:crypto');
  // Cursor: a workspace database of this repository with a valid SQLite header and garbage
  // after it, and a truncated global database.
  const user = join(sb.home, '.config', 'Cursor', 'User');
  mkdirSync(join(user, 'workspaceStorage', 'ws1'), { recursive: true });
  mkdirSync(join(user, 'globalStorage'), { recursive: true });
  writeFileSync(join(user, 'workspaceStorage', 'ws1', 'workspace.json'), JSON.stringify({ folder: `file://${repo}` }));
  const header = Buffer.alloc(100);
  header.write('SQLite format 3\u0000');
  header.writeUInt16BE(4096, 16);
  writeFileSync(join(user, 'workspaceStorage', 'ws1', 'state.vscdb'), Buffer.concat([header, randomBytes(8192)]));
  writeFileSync(join(user, 'globalStorage', 'state.vscdb'), 'SQLite format 3\u0000');
  // OpenCode: a database that is not one.
  mkdirSync(join(sb.home, '.local', 'share', 'opencode'), { recursive: true });
  writeFileSync(join(sb.home, '.local', 'share', 'opencode', 'opencode.db'), randomBytes(4096));
  // Gemini CLI: a chat of this repository cut in the middle.
  const chats = join(sb.home, '.gemini', 'tmp', createHash('sha256').update(repo).digest('hex'), 'chats');
  mkdirSync(chats, { recursive: true });
  writeFileSync(join(chats, 'session-2026-01-01T00-00-0123abcd.json'), '{"sessionId":"0123abcd","messages":[{"type":"user","content":"half');
  // Aider: a history with binary noise and an unterminated edit block.
  writeFileSync(
    join(repo, '.aider.chat.history.md'),
    '\n# aider chat started at 2026-01-01 10:00:00\n\n#### add a parser  \n\n\u0000\u0001\u0002 noise\n\nparser.py\n```python\n<<<<<<< SEARCH\nunterminated\n',
  );
  writeFileSync(join(repo, '.gitignore'), '.aider*\n');
  // Cline: a task whose messages file is truncated.
  mkdirSync(join(sb.home, '.cline', 'data', 'tasks', '1700000000000'), { recursive: true });
  writeFileSync(join(sb.home, '.cline', 'data', 'tasks', '1700000000000', 'ui_messages.json'), '[{"ts":1700000000000,"type":"say","say":"text","text":"');
  const r = commitAll(sb, repo);
  t.ok(driftLines(r.stderr).length <= 1, `at most one git-drift line: ${r.stderr}`);
  assertCommitted(t, sb, repo, 'work', 'lib/greet.js');
  t.same(noteOf(t, sb, repo)?.files['lib/greet.js']?.ai, GREET_AI, 'the readable session was captured');
  assertStoreReadable(t, sb, repo);
  assertNextCommitCaptured(t, sb, repo);
});

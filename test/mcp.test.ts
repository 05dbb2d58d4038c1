/**
 * `git drift mcp`: the server started as a child process over stdio and driven by the
 * SDK's own client, against a temporary repository whose commits went through the
 * installed hooks with real captured sessions (a replayed corpus session with a refused
 * edit, and live Claude Code sessions). Each tool's structured content is compared with
 * the CLI's `--json` output (or `handoff --print` text) for the same question; malformed
 * arguments come back as error results and the server keeps serving; nothing is written.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CORPUS, HAS_CORPUS, NEEDS_CORPUS, PROJECT, git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { drift, installDrift, replaySession } from './helpers/replay.js';
import { withBranch, withSandboxHome } from './helpers/handoff.js';
import { LiveSession } from './helpers/session.js';

const BIN = join(PROJECT, 'bin', 'git-drift');
const REPLAYED = join(CORPUS, 'claude-code/d-kimuson__claude-code-viewer/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl');
const FIRST = 'b1a3e000-0000-4000-8000-000000000001';
const SECOND = 'c0ffee00-0000-4000-8000-000000000002';
const UNCOMMITTED = 'd00dfeed-0000-4000-8000-000000000003';
const TOOL_NAMES = ['drift_blame', 'drift_line_history', 'drift_log', 'drift_sessions', 'drift_session', 'drift_rejected', 'drift_handoff'];

interface Result {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

/** The sandbox repository: a branch with a replayed session's commit and two live sessions' commits, plus one uncommitted session. */
function setUp(): { sb: Sandbox; repo: string } {
  const sb = makeSandbox('drift-mcp-');
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  git(sb, repo, ['checkout', '-q', '-b', 'feature/mcp']);
  const copy = withSandboxHome(sb, REPLAYED);
  withBranch(copy, 'feature/mcp');
  replaySession(sb, repo, copy, 'claude-code');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'agent work']);
  new LiveSession(sb, repo, FIRST)
    .prompt('Write a slugify(text) helper in lib/slug.js.')
    .write('lib/slug.js', "export function slugify(text) {\n  return text.toLowerCase().trim().split(/\\s+/).join('-');\n}\n");
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'slugify']);
  const file = readFileSync(join(repo, 'lib/slug.js'), 'utf8');
  new LiveSession(sb, repo, SECOND).prompt('Make slugify strip accents too.').write('lib/slug.js', file.replace('.trim()', ".normalize('NFKD').trim()"));
  git(sb, repo, ['commit', '-q', '-am', 'accents']);
  new LiveSession(sb, repo, UNCOMMITTED).prompt('Start a work-in-progress module.').write('lib/wip.js', 'export const WIP = true;\n');
  return { sb, repo };
}

// Every test shares this repository, made from a corpus session: none runs without the corpus.
const { sb, repo } = HAS_CORPUS ? setUp() : { sb: makeSandbox('drift-mcp-'), repo: '' };
t.teardown(sb.cleanup);

/** A client connected to a server started with `args` in `cwd`. */
async function connect(args: string[], cwd: string): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args, cwd, env: sb.env as Record<string, string>, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const client = new Client({ name: 'drift-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

const server = HAS_CORPUS ? await connect([BIN, 'mcp'], repo) : null;
t.teardown(() => server?.client.close());

async function call(name: string, args: Record<string, unknown>): Promise<Result> {
  return (await server!.client.callTool({ name, arguments: args })) as Result;
}

/** Call a tool that must succeed; returns its structured content and text. */
async function ok(name: string, args: Record<string, unknown>): Promise<{ structured: Record<string, unknown>; text: string }> {
  const r = await call(name, args);
  if (r.isError) throw new Error(`${name} failed: ${r.content[0]?.text}`);
  return { structured: r.structuredContent!, text: r.content[0]?.text ?? '' };
}

function cliJson(args: string[]): unknown {
  return JSON.parse(drift(sb, repo, [...args, '--json']));
}

/**
 * `git drift sessions --json` of the fixture, run once for the tests that read it before any
 * test changes the sessions (the last ones add a prompt); each caller gets its own copy.
 */
let sessionsRows: unknown;
function cliSessions(): unknown {
  sessionsRows ??= cliJson(['sessions']);
  return structuredClone(sessionsRows);
}

/** A hash of what a read-only server must leave as it was: work tree and ignored files, refs, and the local session store. */
function snapshot(): string {
  const store = join(git(sb, repo, ['rev-parse', '--git-common-dir']), 'drift', 'store.json');
  const storePath = store.startsWith('/') ? store : join(repo, store);
  const parts = [
    git(sb, repo, ['status', '--porcelain', '--ignored', '--untracked-files=all']),
    git(sb, repo, ['for-each-ref']),
    readdirSync(join(repo, '.prompts'), { recursive: true }).map(String).sort().join('\n'),
    existsSync(storePath) ? readFileSync(storePath, 'utf8') : '',
  ];
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

t.test('lists the seven read-only tools with their input and output schemas', { skip: NEEDS_CORPUS }, async (t) => {
  const { tools } = await server!.client.listTools();
  t.same(
    tools.map((x) => x.name),
    TOOL_NAMES,
  );
  for (const tool of tools) {
    t.equal(tool.inputSchema.type, 'object', `${tool.name} takes an object`);
    t.equal((tool.inputSchema as { additionalProperties?: unknown }).additionalProperties, false, `${tool.name} refuses unknown arguments`);
    t.equal(tool.outputSchema?.type, 'object', `${tool.name} declares its structured content`);
    t.equal(tool.annotations?.readOnlyHint, true, `${tool.name} is read-only`);
    t.ok((tool.description ?? '').length > 80, `${tool.name} says what it answers`);
  }
  const blame = tools.find((x) => x.name === 'drift_blame')!;
  t.same(blame.inputSchema.required, ['file']);
});

t.test('drift_blame answers what git drift blame --json answers, text included', { skip: NEEDS_CORPUS }, async (t) => {
  const whole = await ok('drift_blame', { file: 'lib/slug.js' });
  const expected = cliJson(['blame', 'lib/slug.js']) as { lines: { state: string; session: string | null }[] };
  t.same(whole.structured, expected);
  t.same(
    expected.lines.map((l) => [l.state, l.session]),
    [
      ['ai', `claude-code:${FIRST}`],
      ['ai', `claude-code:${SECOND}`],
      ['ai', `claude-code:${FIRST}`],
    ],
    'the fixture blames both sessions',
  );
  t.equal(whole.text, drift(sb, repo, ['blame', 'lib/slug.js']));
  t.same((await ok('drift_blame', { file: 'lib/slug.js', startLine: 2, endLine: 3 })).structured, cliJson(['blame', '-L', '2,3', 'lib/slug.js']));
  t.same((await ok('drift_blame', { file: 'lib/slug.js', startLine: 2 })).structured, cliJson(['blame', '-L', '2', 'lib/slug.js']));
  t.same(
    (await ok('drift_blame', { file: join(repo, 'lib/slug.js'), revision: 'HEAD~1' })).structured,
    cliJson(['blame', 'lib/slug.js', 'HEAD~1']),
    'an absolute path inside the repository, at a revision',
  );
});

t.test('drift_line_history answers what git drift blame --line N --json answers', { skip: NEEDS_CORPUS }, async (t) => {
  const { structured, text } = await ok('drift_line_history', { file: 'lib/slug.js', line: 2 });
  const expected = cliJson(['blame', '--line', '2', 'lib/slug.js']) as { commits: { session: string | null }[] };
  t.same(structured, expected);
  t.same(
    expected.commits.map((c) => c.session),
    [`claude-code:${SECOND}`, `claude-code:${FIRST}`],
    'two commits touched the line',
  );
  t.equal(text, drift(sb, repo, ['blame', '--line', '2', 'lib/slug.js']));
});

t.test('drift_log answers what git drift log --json answers', { skip: NEEDS_CORPUS }, async (t) => {
  const all = await ok('drift_log', {});
  const expected = cliJson(['log', '-n', '50']) as { note: string }[];
  t.same(all.structured, { commits: expected });
  t.same(
    expected.map((c) => c.note),
    ['ok', 'ok', 'ok', 'missing', 'missing'],
    'three captured commits, then the replay\'s "before" commit and the initial one',
  );
  t.equal(all.text, drift(sb, repo, ['log', '-n', '50']));
  t.same((await ok('drift_log', { range: 'main..HEAD', maxCount: 2 })).structured, { commits: cliJson(['log', '-n', '2', 'main..HEAD']) });
});

t.test('drift_sessions answers what git drift sessions --json answers, filtered', { skip: NEEDS_CORPUS }, async (t) => {
  const expected = cliSessions() as { agent: string; branch: string | null; nativeId: string }[];
  t.same((await ok('drift_sessions', {})).structured, { sessions: expected });
  t.same(
    expected
      .map((s) => s.nativeId)
      .filter((id) => [FIRST, SECOND, UNCOMMITTED].includes(id))
      .sort(),
    [FIRST, SECOND, UNCOMMITTED],
    'the live sessions are listed',
  );
  const onBranch = expected.filter((s) => s.branch === 'feature/mcp');
  t.same(
    onBranch.map((s) => s.nativeId),
    ['5c0375b4-57a5-4f26-b12d-d022ee4e51b7'],
    'the replayed session was recorded on the branch',
  );
  t.same((await ok('drift_sessions', { branch: 'feature/mcp' })).structured, { sessions: onBranch });
  t.same((await ok('drift_sessions', { agent: 'claude-code', branch: 'main' })).structured, { sessions: expected.filter((s) => s.branch === 'main') });
  t.same((await ok('drift_sessions', { agent: 'codex' })).structured, { sessions: [] });
});

t.test('drift_session gives the record file, or the record rendered from the cache', { skip: NEEDS_CORPUS }, async (t) => {
  const rows = cliSessions() as { id: string; nativeId: string }[];
  const saved = await ok('drift_session', { id: FIRST.slice(0, 8) });
  const record = saved.structured.record as { path: string; source: string; text: string };
  t.same(
    saved.structured.session,
    rows.find((r) => r.nativeId === FIRST),
  );
  t.equal(record.source, 'file');
  t.equal(record.text, readFileSync(join(repo, record.path), 'utf8'), 'the record of .prompts/sessions/');
  t.equal(saved.text, record.text);
  const live = await ok('drift_session', { id: `claude-code:${UNCOMMITTED}` });
  const cached = live.structured.record as { path: string; source: string; text: string };
  t.same(
    live.structured.session,
    rows.find((r) => r.nativeId === UNCOMMITTED),
  );
  t.equal(cached.source, 'cache');
  t.notOk(existsSync(join(repo, cached.path)), 'no record file was written');
  t.match(cached.text, /^---\ndrift: 1\nagent: claude-code\nsession: 'claude-code:d00dfeed-[^\n]*\n[\s\S]*Start a work-in-progress module\./);
});

t.test('drift_rejected lists what was rejected on a file and on the branch, as the brief does', { skip: NEEDS_CORPUS }, async (t) => {
  const onFile = await ok('drift_rejected', { file: 'CLAUDE.md' });
  const items = onFile.structured.rejected as { kind: string; what: string; reason: string; session: string }[];
  t.ok(items.length > 0, 'the replayed session refused an edit of CLAUDE.md');
  t.ok(
    items.every((r) => r.what.includes('`CLAUDE.md`')),
    'only items about that file',
  );
  t.ok(items.some((r) => r.kind === 'tool-error' && r.what === '`CLAUDE.md` via Edit' && r.reason.startsWith('File has not been read yet') && r.session === 'claude-code 5c0375b4'));
  t.same((await ok('drift_rejected', { file: 'lib/slug.js' })).structured.rejected, [], 'nothing was rejected on lib/slug.js');
  const brief = drift(sb, repo, ['handoff', '--print']);
  const section = brief.slice(brief.indexOf('## Tried and rejected'), brief.indexOf('## Open threads'));
  const onBranch = await ok('drift_rejected', {});
  t.equal(onBranch.structured.file, null);
  t.ok((onBranch.structured.rejected as unknown[]).length > 0);
  t.equal(onBranch.text.slice(onBranch.text.indexOf('## Tried and rejected')).trim(), section.trim(), 'the same list as the brief\'s "Tried and rejected"');
  for (const r of items) t.ok(section.includes(r.what.replace(/`/g, '')) || section.includes(r.what), `the brief lists ${r.what} too`);
});

t.test('drift_handoff gives the brief git drift handoff --print gives, and writes nothing', { skip: NEEDS_CORPUS }, async (t) => {
  const undated = (text: string) => text.replace(/^generated: .*$/m, 'generated: <time>');
  const { structured, text } = await ok('drift_handoff', { to: 'codex' });
  t.equal(undated(text), undated(drift(sb, repo, ['handoff', '--print', '--to', 'codex'])));
  t.equal(structured.brief, text);
  const front = structured.frontmatter as { branch: string; llm: string; sessions: string[] };
  t.equal(front.branch, 'feature/mcp');
  t.equal(front.llm, 'none', 'offline: no key in the environment');
  t.ok(front.sessions.includes(`claude-code:${FIRST}`));
  t.equal(structured.notice, null);
  const one = await ok('drift_handoff', { sessions: [SECOND.slice(0, 8)] });
  t.equal(undated(one.text), undated(drift(sb, repo, ['handoff', '--print', '--session', SECOND.slice(0, 8)])));
  t.notOk(existsSync(join(repo, '.prompts', 'handoffs')), 'no brief file');
});

t.test('malformed and unanswerable questions are error results, and the server keeps serving', { skip: NEEDS_CORPUS }, async (t) => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['drift_blame', { file: 42 }, /Input validation error/],
    ['drift_blame', { file: 'lib/slug.js', colour: true }, /Input validation error/],
    ['drift_blame', {}, /Input validation error/],
    ['drift_line_history', { file: 'lib/slug.js', line: 0 }, /Input validation error/],
    ['drift_line_history', { file: 'lib/slug.js', line: 1.5 }, /Input validation error/],
    ['drift_log', { range: '--output=pwned.txt' }, /must not start with "-"/],
    ['drift_log', { maxCount: 0 }, /Input validation error/],
    ['drift_sessions', { agent: 'copilot' }, /Input validation error/],
    ['drift_handoff', { to: 'nobody' }, /Input validation error/],
    ['drift_blame', { file: '../outside.js' }, /is not a file inside the repository/],
    ['drift_blame', { file: '/etc/passwd' }, /is not a file inside the repository/],
    ['drift_blame', { file: '.git/config' }, /inside git's own directory/],
    ['drift_blame', { file: 'lib/slug.js', startLine: 3, endLine: 2 }, /endLine \(2\) is before startLine \(3\)/],
    ['drift_blame', { file: 'lib/slug.js', startLine: 40 }, /^git failed: .*has only 3 lines/],
    ['drift_blame', { file: 'nope.js' }, /^git failed: .*nope\.js/],
    ['drift_line_history', { file: 'lib/slug.js', line: 999 }, /^git failed: .*has only 3 lines/],
    ['drift_log', { range: 'nope..HEAD' }, /cannot read the revision range "nope\.\.HEAD"/],
    ['drift_session', { id: 'zzzz' }, /no session of this repository matches "zzzz"/],
    ['drift_rejected', { file: 'a.js', branch: 'main' }, /either file or branch/],
    ['drift_handoff', { branch: 'nope' }, /no branch named "nope"/],
    ['drift_handoff', { branch: 'main', since: '1 hour ago' }, /at most one of branch, since and sessions/],
    ['drift_nope', {}, /drift_nope not found/],
  ];
  for (const [name, args, message] of cases) {
    const r = await call(name, args);
    t.equal(r.isError, true, `${name} ${JSON.stringify(args)} is an error result`);
    t.match(r.content[0]?.text ?? '', message);
  }
  t.notOk(existsSync(join(repo, 'pwned.txt')), 'no option reached git');
  t.equal(((await ok('drift_log', { maxCount: 1 })).structured.commits as unknown[]).length, 1, 'still serving');
  t.notMatch(server!.stderr(), /TypeError|ReferenceError/, 'no internal error behind them');
});

t.test('answering every tool writes no note, record, brief or store', { skip: NEEDS_CORPUS }, async (t) => {
  drift(sb, repo, ['sessions']); // Brings the saved store up to date; then the agent logs one more prompt.
  new LiveSession(sb, repo, UNCOMMITTED).prompt('One more thing: export a version too.');
  // An uncommitted line: blaming it matches the pending agent lines, which must not save the store either.
  writeFileSync(join(repo, 'lib/slug.js'), `${readFileSync(join(repo, 'lib/slug.js'), 'utf8')}// work in progress\n`);
  const before = snapshot();
  t.match((await ok('drift_session', { id: UNCOMMITTED })).text, /One more thing: export a version too\./, 'the server reads the new log line');
  for (const [name, args] of [
    ['drift_blame', { file: 'lib/slug.js' }],
    ['drift_line_history', { file: 'lib/slug.js', line: 1 }],
    ['drift_log', {}],
    ['drift_sessions', {}],
    ['drift_session', { id: UNCOMMITTED }],
    ['drift_rejected', {}],
    ['drift_rejected', { file: 'CLAUDE.md' }],
    ['drift_handoff', {}],
  ] as const)
    await ok(name, args);
  t.equal(snapshot(), before);
});

t.test('--print-config gives each agent a registration that starts a working server', { skip: NEEDS_CORPUS }, async (t) => {
  const print = (agent: string) => spawnSync(process.execPath, [BIN, 'mcp', '--print-config', agent], { cwd: join(repo, 'lib'), env: sb.env, encoding: 'utf8' });
  const claude = print('claude-code');
  t.equal(claude.status, 0);
  t.equal(claude.stdout, `cd ${repo} && claude mcp add --transport stdio --scope local git-drift -- ${BIN} mcp --repo ${repo}\n`);
  t.match(claude.stderr, /^git-drift: run this command/);
  const codex = print('codex').stdout;
  t.match(codex, /^\[mcp_servers\.git-drift\]\ncommand = "(.*)"\nargs = \["mcp"\]\ncwd = "(.*)"\nenv_vars = \[.*"CLAUDE_CONFIG_DIR".*\]\n$/);
  t.equal(JSON.parse(/^command = (.*)$/m.exec(codex)![1]!), BIN);
  t.equal(JSON.parse(/^cwd = (.*)$/m.exec(codex)![1]!), repo);
  const cursor = JSON.parse(print('cursor').stdout) as { mcpServers: { 'git-drift': { command: string; args: string[] } } };
  const gemini = JSON.parse(print('gemini').stdout) as { mcpServers: { 'git-drift': { command: string; args: string[]; cwd: string } } };
  t.same(cursor.mcpServers['git-drift'], { command: BIN, args: ['mcp', '--repo', repo] });
  t.same(gemini.mcpServers['git-drift'], { command: BIN, args: ['mcp'], cwd: repo });
  // Cursor's registration names the repository itself: started anywhere, it serves this one.
  const elsewhere = await connect([cursor.mcpServers['git-drift'].command, ...cursor.mcpServers['git-drift'].args], sb.root);
  t.teardown(() => elsewhere.client.close());
  const r = (await elsewhere.client.callTool({ name: 'drift_log', arguments: { maxCount: 1 } })) as Result;
  t.same(r.structuredContent, { commits: cliJson(['log', '-n', '1']) });
  const bad = print('vim');
  t.equal(bad.status, 2);
  t.match(bad.stderr, /Invalid values/);
});

t.test('outside a repository it says so and exits 1; at the end of its input it exits 0', { skip: NEEDS_CORPUS }, async (t) => {
  const outside = spawnSync(process.execPath, [BIN, 'mcp'], { cwd: sb.root, env: sb.env, encoding: 'utf8', input: '' });
  t.equal(outside.status, 1);
  t.match(outside.stderr, /^git-drift: not a git repository/);
  t.equal(outside.stdout, '');
  const done = spawnSync(process.execPath, [BIN, 'mcp'], { cwd: repo, env: sb.env, encoding: 'utf8', input: '', timeout: 20_000 });
  t.equal(done.status, 0, done.stderr);
  t.equal(done.stdout, '', 'nothing but protocol messages on stdout');
});

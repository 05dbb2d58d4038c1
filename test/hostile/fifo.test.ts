/**
 * Issue 12, item 2: a FIFO (or a symlink to one) where an agent keeps its data, in the work
 * tree or in `.prompts/` never hangs `git commit`: every read of a foreign file opens it
 * without blocking and refuses what is not a regular file, and the hook has a time budget.
 * Each placement below hung the commit before (a blocked `open`), so each case runs git
 * under a short timeout; teardown opens the FIFOs' write side so that a hung reader of the
 * old code ends instead of being left behind.
 */
import t, { type Test } from 'tap';
import { constants, closeSync, cpSync, existsSync, mkdirSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { PROJECT, git, isolateProcessGit, makeRepo, type Sandbox } from '../helpers/env.js';
import { captureCommit, ingestLogs, openCaptureContext } from '../../src/capture/index.js';
import { takeSquashedCommits } from '../../src/capture/recover.js';
import { readPickedCommit } from '../../src/hooks/cherry-pick.js';
import { installDrift } from '../helpers/replay.js';
import { sandboxTemplate } from '../helpers/template.js';
import { LiveSession } from '../helpers/session.js';

/**
 * The hook budget these tests set (ms): generous, because the machine running the tests may
 * be loaded and a FIFO must not need the budget at all (it is refused, never waited on).
 */
const BUDGET_MS = 10_000;
/** Longest a commit may take here (ms): above the budget, far below a hang. */
const COMMIT_TIMEOUT_MS = 20_000;

interface Placement {
  name: string;
  /** Create the FIFO (and whatever must be beside it to reach it); returns the FIFO paths. */
  place(sb: Sandbox, repo: string): string[];
}

function fifo(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('mkfifo', [path]);
  return path;
}

function file(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

const gemini = (sb: Sandbox) => join(sb.home, '.gemini');
const cursorUser = (sb: Sandbox) => join(sb.home, '.config', 'Cursor', 'User');
const cursorSlug = (repo: string) => repo.replace(/^\/+/, '').replace(/[^A-Za-z0-9]/g, '-');
const claudeSlug = (repo: string) => repo.replace(/[^a-zA-Z0-9]/g, '-');

const PLACEMENTS: Placement[] = [
  {
    name: "Gemini's chats/session-*.jsonl",
    place: (sb, repo) => {
      file(join(gemini(sb), 'tmp', 'p1', '.project_root'), repo);
      return [fifo(join(gemini(sb), 'tmp', 'p1', 'chats', 'session-2026-01-02T10-00-0a1b2c3d.jsonl'))];
    },
  },
  {
    name: "Gemini's chats/session-*.json",
    place: (sb, repo) => {
      file(join(gemini(sb), 'tmp', 'p2', '.project_root'), repo);
      return [fifo(join(gemini(sb), 'tmp', 'p2', 'chats', 'session-2026-01-02T10-00-1a1b2c3d.json'))];
    },
  },
  { name: "Gemini's tmp/<project>/.project_root", place: (sb) => [fifo(join(gemini(sb), 'tmp', 'p3', '.project_root'))] },
  {
    name: "Gemini's projects.json",
    place: (sb) => {
      mkdirSync(join(gemini(sb), 'tmp', 'p4'), { recursive: true });
      return [fifo(join(gemini(sb), 'projects.json'))];
    },
  },
  { name: "Cline's tasks/<id>/ui_messages.json", place: (sb) => [fifo(join(sb.home, '.cline', 'data', 'tasks', '1730000000000', 'ui_messages.json'))] },
  { name: "Cursor's agent-transcripts/*.jsonl", place: (sb, repo) => [fifo(join(sb.home, '.cursor', 'projects', cursorSlug(repo), 'agent-transcripts', 'a1b2c3d4.jsonl'))] },
  {
    name: "Cursor's workspace state.vscdb",
    place: (sb, repo) => {
      file(join(cursorUser(sb), 'workspaceStorage', 'w1', 'workspace.json'), JSON.stringify({ folder: `file://${repo}` }));
      return [fifo(join(cursorUser(sb), 'workspaceStorage', 'w1', 'state.vscdb'))];
    },
  },
  {
    name: "Cursor's workspace.json",
    place: (sb) => {
      file(join(cursorUser(sb), 'workspaceStorage', 'w2', 'state.vscdb'), 'SQLite format 3\0');
      return [fifo(join(cursorUser(sb), 'workspaceStorage', 'w2', 'workspace.json'))];
    },
  },
  { name: "OpenCode's opencode.db", place: (sb) => [fifo(join(sb.home, '.local', 'share', 'opencode', 'opencode.db'))] },
  {
    name: 'a Codex rollout symlinked to a FIFO',
    place: (sb) => {
      const target = fifo(join(sb.root, 'elsewhere', 'pipe'));
      const link = join(sb.home, '.codex', 'sessions', '2026', '01', '02', 'rollout-2026-01-02T10-00-00-0a1b2c3d-0000-4000-8000-000000000001.jsonl');
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(target, link);
      return [target];
    },
  },
  {
    name: "Aider's .aider.input.history in the work tree",
    place: (_sb, repo) => {
      file(join(repo, '.aider.chat.history.md'), '\n# aider chat started at 2026-11-20 10:00:00\n\n#### add a line\n');
      return [fifo(join(repo, '.aider.input.history'))];
    },
  },
  { name: "Aider's .aider.chat.history.md in the work tree", place: (_sb, repo) => [fifo(join(repo, '.aider.chat.history.md'))] },
  { name: '.prompts/.gitignore', place: (_sb, repo) => [fifo(join(repo, '.prompts', '.gitignore'))] },
  { name: "Claude Code's session transcript", place: (sb, repo) => [fifo(join(sb.home, '.claude', 'projects', claudeSlug(repo), '0a1b2c3d-0000-4000-8000-000000000009.jsonl'))] },
  { name: 'a Codex rollout', place: (sb) => [fifo(join(sb.home, '.codex', 'sessions', '2026', '01', '03', 'rollout-2026-01-03T10-00-00-0a1b2c3d-0000-4000-8000-000000000002.jsonl'))] },
];

/** Open each FIFO's write side without blocking and close it: a reader blocked in `open` gets end-of-file. */
function unblock(paths: string[]): void {
  for (const path of paths) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waiting (ENXIO) or gone: nothing to unblock.
    }
  }
}

/** A repository with git drift installed and a live Claude Code session that wrote `src/app.js`: built once per file, restored fresh for each test. */
const setup: (t: Test) => { sb: Sandbox; repo: string; session: LiveSession } = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  git(sb, repo, ['config', 'drift.hookBudgetMs', String(BUDGET_MS)]);
  const session = new LiveSession(sb, repo, '5f1c2a3b-7d4e-4c1a-9b2f-3e8d6a1c0b9e');
  session.prompt('add the app').write('src/app.js', 'export const answer = 42;\nexport const question = "life";\n');
  return { repo, session };
}, 'drift-fifo-');

/** Commit `src/` under a timeout; git's status (null when it was killed), stderr and the time taken. */
function commit(sb: Sandbox, repo: string): { status: number | null; stderr: string; ms: number } {
  git(sb, repo, ['add', 'src']);
  const start = Date.now();
  const r = spawnSync('git', ['commit', '-q', '-m', 'agent work'], { cwd: repo, env: sb.env, encoding: 'utf8', timeout: COMMIT_TIMEOUT_MS });
  return { status: r.status, stderr: r.stderr ?? '', ms: Date.now() - start };
}

function noteOf(sb: Sandbox, repo: string): string {
  const r = spawnSync('git', ['notes', '--ref=drift', 'show', 'HEAD'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : '';
}

/** Resolve with `promise`, or with 'timeout' after `ms` (the FIFO reads of the old code never resolved). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout;
  const late = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

t.test('item 2: reading the agent logs with a FIFO at any one placement returns, counts it, and still reads the session', async (t) => {
  isolateProcessGit(t, 'drift-fifo-guard-');
  const { sb, repo } = setup(t);
  for (const [i, placement] of PLACEMENTS.entries()) {
    if (placement.name.startsWith('.prompts')) continue; // Not a log: the capture below covers it.
    const home = join(sb.root, `home-${i}`);
    const env = { ...sb.env, HOME: home };
    mkdirSync(join(home, '.claude', 'projects'), { recursive: true });
    cpSync(join(sb.home, '.claude'), join(home, '.claude'), { recursive: true });
    const fifos = placement.place({ ...sb, home, env }, repo);
    t.teardown(() => unblock(fifos));
    const ctx = await openCaptureContext(repo, env);
    const read = await within(ingestLogs(ctx), 5000);
    for (const name of ['.aider.chat.history.md', '.aider.input.history']) rmSync(join(repo, name), { force: true });
    t.not(read, 'timeout', `a FIFO at ${placement.name}: reading returns`);
    if (read === 'timeout') continue;
    t.ok(read.diagnostics >= 1, `a FIFO at ${placement.name}: counted as a diagnostic`);
    t.ok(ctx.store.data.sessions['claude-code:5f1c2a3b-7d4e-4c1a-9b2f-3e8d6a1c0b9e'], `a FIFO at ${placement.name}: the session is read`);
  }
});

t.test('item 2: a FIFO in every agent folder at once: the hook returns within its budget and the commit gets its note', async (t) => {
  const { sb, repo } = setup(t);
  const fifos = PLACEMENTS.filter((p) => !p.name.includes('chat.history.md')).flatMap((p) => p.place(sb, repo));
  t.equal(fifos.length, PLACEMENTS.length - 1, 'a FIFO at every placement but one (the two aider files exclude each other)');
  t.teardown(() => unblock(fifos));
  const r = commit(sb, repo);
  t.equal(r.status, 0, `the commit returns (took ${r.ms} ms)`);
  t.ok(r.ms < BUDGET_MS + 2000, 'within the budget');
  t.match(noteOf(sb, repo), /claude-code:5f1c2a3b/, 'the note names the agent session');
  t.match(r.stderr, /git-drift: .*files that are not regular files/, 'the one git-drift line says files were refused');
});

t.test('item 2: a capture that runs out of its hook budget is noted as partial, and git drift capture finishes it', async (t) => {
  const { sb, repo } = setup(t);
  git(sb, repo, ['config', 'drift.hookBudgetMs', '1']);
  const r = commit(sb, repo);
  t.equal(r.status, 0, 'the commit returns');
  t.match(r.stderr, /git-drift: .*partial.*run: git drift capture/, 'the one line says the capture is partial and what to run');
  t.notMatch(noteOf(sb, repo), /claude-code:5f1c2a3b/, 'the logs were not read in the hook');
  const head = git(sb, repo, ['rev-parse', 'HEAD']);
  const marker = join(repo, '.git', 'drift', 'partial', head);
  t.ok(existsSync(marker), 'the store remembers the partial capture');
  const out = execFileSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'capture'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  t.match(out, /claude-code 5f1c2a3b/, 'capture names the session');
  t.match(noteOf(sb, repo), /claude-code:5f1c2a3b/, 'the note now names the agent session');
  t.notOk(existsSync(marker), 'the marker is gone');
});

t.test('issue 15 item 5: a note whose capture ran out of time says partial; log and check show it; git drift capture completes it', async (t) => {
  const { sb, repo } = setup(t);
  git(sb, repo, ['add', 'src']);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '-m', 'agent work']); // hooks off: the capture below is the only one
  // The capture runs in this process, whose git reads process.env: the sandbox's config and identity, never the machine's.
  isolateProcessGit(t, 'drift-fifo-partial-guard-');
  for (const key of ['GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_COMMITTER_DATE'] as const) {
    const before = process.env[key];
    process.env[key] = sb.env[key];
    t.teardown(() => (before === undefined ? delete process.env[key] : (process.env[key] = before)));
  }
  const ctx = await openCaptureContext(repo, sb.env);
  ctx.deadline = Date.now() - 1; // the budget is spent before the first log is read
  const result = await captureCommit(ctx, 'HEAD').finally(() => ctx.store.close());
  t.ok(result.unread > 0, 'the capture left log files unread');
  t.match(noteOf(sb, repo), new RegExp(`^partial:\\n {2}unread: ${result.unread}$`, 'm'), 'the note itself says it is partial, and how many log files were left');
  const drift = (args: string[]) => spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd: repo, env: sb.env, encoding: 'utf8' });
  const entry = (JSON.parse(drift(['log', '-n', '1', '--json']).stdout) as { partial: { unread: number } | null }[])[0];
  t.same(entry?.partial, { unread: result.unread }, 'log --json says partial');
  t.match(drift(['log', '-n', '1']).stdout, /partial capture: \d+ agent log files? not read in time; run git drift capture [0-9a-f]{8}/, 'and so does log');
  const check = drift(['check', 'HEAD~1..HEAD']);
  t.equal(check.status, 0, 'check passes a partial note');
  t.match(check.stdout, /^partial [0-9a-f]{8} agent work: partial capture: \d+ agent log files were not read within the hook budget; .*git drift capture/m, 'and says how to complete it');
  t.equal(drift(['check', 'HEAD~1..HEAD']).stdout, check.stdout, 'and says it again from its verdict cache');
  t.match(drift(['check', 'HEAD~1..HEAD', '--format', 'github']).stdout, /^::warning title=git drift%3A partial note on [0-9a-f]{8}::/m, 'as a warning in GitHub annotations');
  t.equal(drift(['capture']).status, 0, 'git drift capture runs');
  t.match(noteOf(sb, repo), /claude-code:5f1c2a3b/, 'the note now names the agent session');
  t.notMatch(noteOf(sb, repo), /^partial:/m, 'and is no longer partial');
  t.same((JSON.parse(drift(['log', '-n', '1', '--json']).stdout) as { partial: unknown }[])[0]?.partial, null, 'log --json agrees');
});

t.test('a FIFO where prepare-commit-msg leaves its notes for post-commit (drift-picked, drift-squashed) hangs neither hook', async (t) => {
  const { sb, repo } = setup(t);
  const gitDir = join(repo, '.git');
  // post-commit's readers, on FIFOs (as if one appeared between the two hooks): they return, and remove them.
  const fifos = [fifo(join(gitDir, 'drift-picked')), fifo(join(gitDir, 'drift-squashed'))];
  t.teardown(() => unblock(fifos));
  t.same(await within(takeSquashedCommits(gitDir), 5000), [], 'the squashed list on a FIFO: empty, without waiting');
  t.equal(await within(readPickedCommit(gitDir, repo), 5000), null, 'the picked commit on a FIFO: none, without waiting');
  t.notOk(existsSync(join(gitDir, 'drift-squashed')), 'the FIFO at drift-squashed is removed');
  // The shell hook during a squash merge: a FIFO at drift-squashed must not block its write.
  git(sb, repo, ['checkout', '-q', '-b', 'side']);
  file(join(repo, 'side.txt'), 'side\n');
  git(sb, repo, ['add', 'side.txt']);
  git(sb, repo, ['commit', '-q', '-m', 'side']);
  git(sb, repo, ['checkout', '-q', 'main']);
  git(sb, repo, ['merge', '-q', '--squash', 'side']);
  fifos.push(fifo(join(gitDir, 'drift-squashed')));
  const r = commit(sb, repo);
  t.equal(r.status, 0, `the squash commit returns (took ${r.ms} ms)`);
  t.match(noteOf(sb, repo), /^---/, 'and gets its note');
});

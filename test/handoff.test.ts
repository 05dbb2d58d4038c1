/**
 * `git drift handoff` on real sessions from the corpus replayed into temporary repositories,
 * with part of the work committed on a branch and the rest (plus planted secrets) left
 * uncommitted: the brief names the last prompt, every rejected edit with its reason, the
 * files in flight, and carries no absolute home path and no planted secret.
 */
import t, { type Test } from 'tap';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, git, makeRepo, makeSandbox, NEEDS_CORPUS } from './helpers/env.js';
import { appendLines, installDrift, recordedCwd, replaySession } from './helpers/replay.js';
import { plain, runDrift, withBranch, withSandboxHome } from './helpers/handoff.js';
import { claudeCodeReader } from '../src/agents/claude-code/index.js';
import { codexReader } from '../src/agents/codex/index.js';
import type { AgentReader, LogFile } from '../src/agents/reader.js';
import { firstSentences } from '../src/summary/summarize.js';
import { redact } from '../src/redact/index.js';
import { parseBrief } from '../src/record/brief.js';
import type { DriftEvent, EditEvent, PromptEvent } from '../src/types.js';

const SESSIONS: [string, 'claude-code' | 'codex'][] = [
  ['claude-code/chiphuyen__sniffly/-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl', 'claude-code'],
  ['claude-code/d-kimuson__claude-code-viewer/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl', 'claude-code'],
  ['claude-code/Tar-ive__brain-system/projects/-home-tarive/8a5d0d23-b010-4b48-a41c-af16f4d65f57.jsonl', 'claude-code'],
  ['claude-code/R3zil__duck_town/projects/-home-gastown-gt-Conducktor-rig/1e4b949a-2a13-4f07-9e0d-8f501a5377be.jsonl', 'claude-code'],
  ['claude-code/LaEsperantisto__fihter/projects/-home-aster-dev-rust-Obstruct/15799b31-0eab-4065-b952-3b76c514677c.jsonl', 'claude-code'],
  ['claude-code/213MD__my-profile-site/projects/-Users-marklin-workspace-my-profile-site/8aa38336-8954-412e-8870-f0873618235e.jsonl', 'claude-code'],
  ['codex/Hoper-J__cpolar-connect/sessions/2025/09/16/rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl', 'codex'],
  ['codex/7567491__Feishu_ClaudeCode/sessions/2025/11/27/rollout-2025-11-27T11-39-23-019ac364-f0dc-7043-9750-594e12f5fd21.jsonl', 'codex'],
  ['codex/blubber__dotfiles/sessions/2026/02/07/rollout-2026-02-07T09-32-13-019c373a-e799-76a0-839f-1d739e71eefa.jsonl', 'codex'],
];

/** Secrets planted in the uncommitted work (shapes the redactor knows; not real keys). */
const SECRETS = {
  anthropic: `sk-ant-api03-${'Q7vX2mLp9TzR4wKb8NcY1dHs6FgJ3eUa'.repeat(3)}AAAA`,
  aws: 'AKIAZ7QK3MVX9PLT2WRN',
  password: 'hunter2-Planted-Passw0rd',
};

function events(file: string, agent: 'claude-code' | 'codex'): DriftEvent[] {
  const reader: AgentReader<any> = agent === 'claude-code' ? claudeCodeReader : codexReader;
  const log: LogFile = { agent, path: file, sessionNativeId: 'x', sidechain: false };
  return reader.parseChunk(readFileSync(file, 'utf8'), 0, reader.initialState(log), log).events;
}

/** Replay a session, commit its first edited file on `feature/handoff` (through the hooks with `hooks`), and leave the rest plus planted secrets uncommitted. */
function setUp(t: Test, corpusFile: string, agent: 'claude-code' | 'codex', hooks = false) {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  if (hooks) installDrift(sb, repo);
  git(sb, repo, ['checkout', '-q', '-b', 'feature/handoff']);
  const copy = withSandboxHome(sb, corpusFile);
  const replay = replaySession(sb, repo, copy, agent);
  const paths = [...replay.agentLines.keys()];
  if (paths[0]) {
    git(sb, repo, ['add', '--', paths[0]]);
    git(sb, repo, ['commit', '-q', '-m', 'first part of the agent work']);
    appendLines(repo, paths[0], [`// uncommitted: aws key ${SECRETS.aws}`]);
  }
  mkdirSync(join(repo, 'config'), { recursive: true });
  writeFileSync(join(repo, 'config', 'local.env'), `ANTHROPIC_API_KEY=${SECRETS.anthropic}\nDB_PASSWORD=${SECRETS.password}\n`);
  return { sb, repo, replay, copy };
}

for (const [rel, agent] of SESSIONS) {
  const corpusFile = join(CORPUS, rel);
  t.test(`a brief of a replayed ${agent} session names the last prompt, rejected edits and files in flight (${rel.split('/').pop()!.slice(0, 36)})`, { skip: NEEDS_CORPUS }, async (t) => {
    const { sb, repo, replay, copy } = setUp(t, corpusFile, agent);
    const run = runDrift(sb, repo, ['handoff', '--print', '--session', replay.nativeId, '--to', 'claude-code']);
    t.equal(run.status, 0, run.stderr);
    const brief = run.stdout;
    const parsed = parseBrief(brief);
    if ('invalid' in parsed) throw new Error(parsed.invalid);
    t.same(parsed.data.sessions, [`${agent}:${replay.nativeId}`], 'the frontmatter names the session');
    t.equal(parsed.data.llm, 'none');
    t.equal(parsed.data.branch, 'feature/handoff');
    const opts = { home: sb.home, roots: [repo], patterns: [] };
    const evs = events(copy, agent);
    const prompts = evs.filter((e): e is PromptEvent => e.kind === 'prompt');
    const last = prompts[prompts.length - 1];
    if (last) {
      const expected = plain(redact(firstSentences(last.text, 1200), opts)).slice(0, 80);
      t.ok(expected.length >= 4, 'the last prompt has words to look for');
      const resume = brief.slice(brief.indexOf('## Where to resume'));
      const quoted = resume.slice(resume.indexOf('**Last prompt**'), resume.indexOf('### Next steps'));
      t.ok(plain(quoted).includes(expected), `"Where to resume" quotes the last prompt: ${expected}`);
    }
    const rejected = evs.filter((e): e is EditEvent => e.kind === 'edit' && e.outcome === 'rejected');
    const section = plain(brief.slice(brief.indexOf('## Tried and rejected'), brief.indexOf('## Open threads')));
    const cwd = recordedCwd(readFileSync(copy, 'utf8'));
    for (const r of rejected) {
      const path = r.path.startsWith(`${cwd}/`) ? r.path.slice(cwd.length + 1) : r.path;
      t.ok(section.includes(plain(path)), `the rejected edit of ${path} is listed`);
      const reason = r.rejection!.reason.trim().split('\n')[0]!;
      t.ok(section.includes(plain(redact(reason, opts)).slice(0, 60)), `with its reason: ${reason.slice(0, 60)}`);
    }
    const status = git(sb, repo, ['status', '--porcelain', '--untracked-files=all'])
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3))
      .filter((p) => !p.startsWith('.prompts/'));
    const files = brief.slice(brief.indexOf('## Files in flight'), brief.indexOf('## Recent prompts') === -1 ? brief.indexOf('## Where to resume') : brief.indexOf('## Recent prompts'));
    const shown = status.filter((p) => files.includes(`### \`${p}\``));
    const more = Number(/… and (\d+) more files not shown/.exec(files)?.[1] ?? 0);
    t.ok(status.length > 0, 'there is uncommitted work');
    t.equal(shown.length + more, status.length, `every uncommitted file is shown or counted (${shown.length} shown, ${more} counted)`);
    t.ok(files.includes('### `config/local.env` (untracked, added)'), 'the untracked file is in flight');
    for (const [kind, secret] of Object.entries(SECRETS)) t.notOk(brief.includes(secret), `no planted ${kind} secret`);
    t.match(files, /\[REDACTED:(?:anthropic|assignment)\]/, 'the key was masked, not dropped');
    t.notOk(brief.includes(sb.home), 'no absolute home path');
    t.notOk(brief.includes(repo), 'no absolute repository path');
    t.same(brief.match(/(?:\/Users|\/home)\/[A-Za-z0-9._-]+\/\S*/g) ?? [], [], 'no absolute path under any home');
    t.comment(`brief words: ${brief.split(/\s+/).filter(Boolean).length} (${agent} ${replay.nativeId.slice(0, 8)}, ${prompts.length} prompts)`);
  });
}

t.test('writes the brief of the current branch to .prompts/handoffs/ and keeps it out of commits', { skip: NEEDS_CORPUS }, async (t) => {
  const { sb, repo, replay } = setUp(t, join(CORPUS, SESSIONS[1]![0]), 'claude-code', true);
  const run = runDrift(sb, repo, ['handoff', '--to', 'codex']);
  t.equal(run.status, 0, run.stderr);
  const path = /^wrote (\.prompts\/handoffs\/\S+\.md) \((\d+) words/.exec(run.stdout);
  t.ok(path, run.stdout);
  t.match(path![1]!, /^\.prompts\/handoffs\/\d{4}-\d\d-\d\d-\d{4}-feature-handoff-to-codex\.md$/);
  const parsed = parseBrief(readFileSync(join(repo, path![1]!), 'utf8'));
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  t.equal(parsed.data.base, 'main', 'compared with the default branch');
  t.equal(parsed.data.head, git(sb, repo, ['rev-parse', 'HEAD']));
  t.equal(parsed.data.baseCommit, git(sb, repo, ['merge-base', 'HEAD', 'main']));
  t.same(parsed.data.sessions, [`claude-code:${replay.nativeId}`], 'the session that made the branch commit is in scope');
  t.match(parsed.body, /codex '/, 'the footer gives the command to start codex');
  t.match(parsed.body, /## For Codex CLI: how to continue/);
  t.equal(git(sb, repo, ['status', '--porcelain', '--', '.prompts']), '', 'the brief is ignored by git (drift.records=notes)');
});

t.test('the default scope takes the sessions the agent recorded on the branch', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  git(sb, repo, ['checkout', '-q', '-b', 'topic']);
  const copy = withSandboxHome(sb, join(CORPUS, SESSIONS[6]![0]));
  withBranch(copy, 'topic');
  const replay = replaySession(sb, repo, copy, 'codex');
  const other = withSandboxHome(sb, join(CORPUS, SESSIONS[7]![0]));
  withBranch(other, 'elsewhere');
  const second = replaySession(sb, repo, other, 'codex');
  const run = runDrift(sb, repo, ['handoff', '--print']);
  t.equal(run.status, 0, run.stderr);
  const parsed = parseBrief(run.stdout);
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  t.same(parsed.data.sessions, [`codex:${replay.nativeId}`], `only the session on topic, not ${second.nativeId.slice(0, 8)}`);
  t.notOk(existsSync(join(repo, '.prompts', 'handoffs')), '--print writes no file');
});

t.test('a session known only from fetched notes still brings its decisions and rejected approaches', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  const replay = replaySession(sb, repo, withSandboxHome(sb, join(CORPUS, SESSIONS[1]![0])), 'claude-code');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'agent work']);
  git(sb, repo, ['checkout', '-q', 'main']); // The clone's origin/HEAD follows the branch checked out here.
  git(sb, sb.root, ['clone', '-q', repo, 'teammate']);
  const clone = join(sb.root, 'teammate');
  git(sb, clone, ['fetch', '-q', 'origin', 'refs/notes/drift:refs/notes/drift']);
  git(sb, clone, ['checkout', '-q', 'feature']);
  const elsewhere = join(sb.root, 'teammate-home');
  mkdirSync(elsewhere);
  const run = runDrift(sb, clone, ['handoff', '--print'], { HOME: elsewhere });
  t.equal(run.status, 0, run.stderr);
  const parsed = parseBrief(run.stdout);
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  t.same(parsed.data.sessions, [`claude-code:${replay.nativeId}`], 'the session comes from the note');
  t.equal(parsed.data.base, 'origin/main');
  t.match(parsed.body, /known from a commit note only/);
  t.match(parsed.body, /\*\*tool error\*\*: `CLAUDE\.md` via Edit — File has not been read yet\. Read it first before writing to it\./, 'the rejected approach, read back from the note');
  t.match(parsed.body, /`[0-9a-f]{8}` agent work — claude-code 5c0375b4: \d+ agent lines, 0 human/, 'the commit with its note');
});

t.test("drift.prompts=none keeps the user's prompts out of the brief", { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const replay = replaySession(sb, repo, withSandboxHome(sb, join(CORPUS, 'claude-code/git-ai-project__git-ai/example-claude-code.jsonl')), 'claude-code');
  git(sb, repo, ['config', 'drift.prompts', 'none']);
  const run = runDrift(sb, repo, ['handoff', '--print', '--session', replay.nativeId]);
  t.equal(run.status, 0, run.stderr);
  t.notMatch(run.stdout, /Make the colors/i, 'the prompt text ("Make the colors green and yellow") is not there');
  t.match(run.stdout, /\[prompt text not kept: drift\.prompts=none\]/);
});

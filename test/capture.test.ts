/**
 * End-to-end capture: real sessions from the corpus replayed into temporary repositories,
 * a real `git commit` through the installed hooks, then the note, the record and
 * `git drift log --json` / `git drift sessions --json` are checked.
 */
import t from 'tap';
import { readFileSync, existsSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, git, makeRepo, makeSandbox, NEEDS_CORPUS } from './helpers/env.js';
import { sandboxTemplate } from './helpers/template.js';
import { appendLines, claudeSlug, drift, installDrift, recordedCwd, replaySession, rewriteCwd } from './helpers/replay.js';
import { parseNote, type Note } from '../src/notes/index.js';
import { parseRanges } from '../src/attribution/index.js';

const CLAUDE = [
  'chiphuyen__sniffly/-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl',
  'd-kimuson__claude-code-viewer/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl',
  'git-ai-project__git-ai/example-claude-code.jsonl',
  'git-ai-project__git-ai/claude-code-with-thinking.jsonl',
  'Tar-ive__brain-system/projects/-home-tarive/8a5d0d23-b010-4b48-a41c-af16f4d65f57.jsonl',
  'R3zil__duck_town/projects/-home-gastown-gt-Conducktor-rig/1e4b949a-2a13-4f07-9e0d-8f501a5377be.jsonl',
  '213MD__my-profile-site/projects/-Users-marklin-workspace-my-profile-site/8aa38336-8954-412e-8870-f0873618235e.jsonl',
  '4thehalibit__omarchy-backup/projects/-home-vwestberg-Claude/44ef5cbf-9cc3-4f7b-ac40-337a4d39713b.jsonl',
  'LaEsperantisto__fihter/projects/-home-aster-dev-rust-Obstruct/15799b31-0eab-4065-b952-3b76c514677c.jsonl',
].map((p) => join(CORPUS, 'claude-code', p));

const CODEX = [
  'Hoper-J__cpolar-connect/sessions/2025/09/16/rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl',
  '7567491__Feishu_ClaudeCode/sessions/2025/11/27/rollout-2025-11-27T11-39-23-019ac364-f0dc-7043-9750-594e12f5fd21.jsonl',
  'blubber__dotfiles/sessions/2026/02/07/rollout-2026-02-07T09-32-13-019c373a-e799-76a0-839f-1d739e71eefa.jsonl',
].map((p) => join(CORPUS, 'codex', p));

/** Lines (1-based numbers) of a file at HEAD for the given note ranges. */
function linesAt(sb: ReturnType<typeof makeSandbox>, repo: string, path: string, ranges: string): string[] {
  const text = git(sb, repo, ['show', `HEAD:${path}`]).split('\n');
  return parseRanges(ranges).map((n) => text[n - 1] ?? '');
}

function readNote(sb: ReturnType<typeof makeSandbox>, repo: string, rev = 'HEAD'): Note {
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', rev]));
  if ('invalid' in note) throw new Error(note.invalid);
  return note;
}

/** Added lines of HEAD per file (an independent reading of `git diff`, not src/git/diff.ts). */
function addedLines(sb: ReturnType<typeof makeSandbox>, repo: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let file = '';
  for (const line of git(sb, repo, ['-c', 'core.quotePath=false', 'diff', '-U0', 'HEAD^', 'HEAD']).split('\n')) {
    if (line.startsWith('+++ ')) file = line.slice(6);
    else if (line.startsWith('+') && file) (out.get(file) ?? out.set(file, []).get(file)!).push(line.slice(1));
  }
  return out;
}

/** A repository with one commit and git drift installed: built once, restored fresh for each test. */
const installed = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  return { repo };
});

const HUMAN = ['// planted human line: reviewed by hand 7f3a', '// planted human line: keep this in sync with the docs 9c1e'];

for (const [agent, files] of [
  ['claude-code', CLAUDE],
  ['codex', CODEX],
] as const) {
  for (const corpusFile of files) {
    const label = corpusFile.split('/').slice(-1)[0]!.slice(0, 40);
    t.test(`captures a replayed ${agent} session into a note, a record and the log (${label})`, { skip: NEEDS_CORPUS }, async (t) => {
      const { sb, repo } = installed(t);
      const replay = replaySession(sb, repo, corpusFile, agent);
      const target = [...replay.agentLines.entries()].find(([, l]) => l.length > 0);
      if (!target) {
        t.pass('the session made no edit inside the repository');
        return;
      }
      appendLines(repo, target[0], HUMAN);
      git(sb, repo, ['add', '-A']);
      const commit = git(sb, repo, ['commit', '-q', '-m', 'session work']);
      t.notMatch(commit, /skipped/, 'the hook did not fail');
      const note = readNote(sb, repo);
      const id = `${agent}:${replay.nativeId}`;
      t.ok(
        note.sessions.some((s) => s.id === id),
        'the note lists the session',
      );
      const added = addedLines(sb, repo);
      let expected = 0;
      let found = 0;
      const strangers: string[] = [];
      for (const [path, agentLines] of replay.agentLines) {
        const pool = new Map<string, number>();
        for (const l of agentLines) pool.set(l, (pool.get(l) ?? 0) + 1);
        expected += (added.get(path) ?? []).filter((l) => pool.has(l) && l.trim() !== '').length;
        const ai = note.files[path]?.ai?.[id];
        if (!ai) continue;
        const texts = linesAt(sb, repo, path, ai);
        found += texts.filter((l) => l.trim() !== '').length;
        strangers.push(...texts.filter((text) => !pool.has(text) && text.trim().length > 4));
      }
      t.same(strangers, [], 'every ai line is a line the agent added');
      t.ok(found >= expected * 0.97, `agent lines found: ${found} of ${expected}`);
      const humanRanges = note.files[target[0]]?.human ?? '';
      const humanText = linesAt(sb, repo, target[0], humanRanges);
      for (const h of HUMAN) t.ok(humanText.includes(h), `planted line is human: ${h}`);
      const session = note.sessions.find((s) => s.id === id)!;
      t.ok(existsSync(join(repo, session.record)), 'the record exists');
      const record = readFileSync(join(repo, session.record), 'utf8');
      t.match(record, new RegExp(`session: '?${id}`), 'the record names the session');
      t.match(record, /## Files touched/);
      const log = JSON.parse(drift(sb, repo, ['log', '-n', '1', '--json']));
      t.equal(log[0].commit, git(sb, repo, ['rev-parse', 'HEAD']));
      t.ok(
        log[0].sessions.some((s: { id: string; lines: { ai: number } }) => s.id === id && s.lines.ai > 0),
        'log --json shows the session with lines',
      );
      t.ok(log[0].lines.human >= HUMAN.length, 'log --json counts the human lines');
    });
  }
}

t.test('never ingests a session of another project planted beside this one', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb, 'app');
  const other = join(sb.root, 'app-other');
  installDrift(sb, repo);
  const mine = replaySession(sb, repo, CLAUDE[2]!, 'claude-code');
  // Another project whose path shares our prefix (`app-other`): its slug starts with ours.
  const raw = readFileSync(CLAUDE[3]!, 'utf8');
  const foreignDir = join(sb.home, '.claude', 'projects', claudeSlug(other));
  mkdirSync(foreignDir, { recursive: true });
  writeFileSync(join(foreignDir, 'ffffffff-0000-4000-8000-000000000000.jsonl'), rewriteCwd(raw, recordedCwd(raw), other));
  // A Codex rollout of another project, same date folder.
  const codexRaw = readFileSync(CODEX[1]!, 'utf8');
  const codexDir = join(sb.home, '.codex', 'sessions', '2026', '01', '02');
  mkdirSync(codexDir, { recursive: true });
  writeFileSync(join(codexDir, 'rollout-2026-01-02T00-00-00-019ac364-f0dc-7043-9750-594e12f5fd21.jsonl'), rewriteCwd(codexRaw, recordedCwd(codexRaw), other));
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'work']);
  const sessions = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as { id: string }[];
  t.same(
    sessions.map((s) => s.id),
    [`claude-code:${mine.nativeId}`],
    "only this repository's session",
  );
  const note = git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']);
  t.notMatch(note, /ffffffff|019ac364/, 'the note names no foreign session');
});

t.test('a commit with no agent activity gets an all-human note', async (t) => {
  const { sb, repo } = installed(t);
  writeFileSync(join(repo, 'notes.txt'), 'written by hand\nsecond line\n');
  git(sb, repo, ['add', 'notes.txt']);
  git(sb, repo, ['commit', '-q', '-m', 'by hand']);
  const note = readNote(sb, repo);
  t.same(note.sessions, []);
  t.same(note.files, { 'notes.txt': { human: '1-2' } });
  const log = JSON.parse(drift(sb, repo, ['log', '-n', '1', '--json']));
  t.same(log[0].lines, { ai: 0, aiModified: 0, human: 2 });
  t.same(log[0].sessions, []);
});

t.test('capturing a commit twice gives the same note', { skip: NEEDS_CORPUS }, async (t) => {
  const { sb, repo } = installed(t);
  const replay = replaySession(sb, repo, CLAUDE[2]!, 'claude-code');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'work']);
  const first = git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']);
  drift(sb, repo, ['capture']);
  t.notOk(existsSync(join(repo, '.git', 'drift', 'store.lock')), 'git drift capture releases the store lock (a later hook would wait 15 s for it)');
  t.equal(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']), first);
  t.match(first, new RegExp(`ai:\\n\\s+'?claude-code:${replay.nativeId}`), 'the note has agent lines');
});

t.test("agent lines committed in a later commit are still the agent's", { skip: NEEDS_CORPUS }, async (t) => {
  const { sb, repo } = installed(t);
  const replay = replaySession(sb, repo, CLAUDE[2]!, 'claude-code');
  const paths = [...replay.agentLines.keys()];
  t.ok(paths.length >= 2, 'the session edited two files');
  writeFileSync(join(repo, 'human.txt'), 'a human file\n');
  git(sb, repo, ['add', 'human.txt']);
  git(sb, repo, ['commit', '-q', '-m', 'human first']);
  t.same(readNote(sb, repo).sessions, [], 'the first commit is all human');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'agent work later']);
  const note = readNote(sb, repo);
  t.same(
    note.sessions.map((s) => s.id),
    [`claude-code:${replay.nativeId}`],
  );
  t.ok(
    paths.every((p) => note.files[p]?.ai),
    'every edited file has agent lines',
  );
});

t.test('keeps records out of commits by default and in with drift.records=tree', { skip: NEEDS_CORPUS }, async (t) => {
  const { sb, repo } = installed(t);
  replaySession(sb, repo, CLAUDE[3]!, 'claude-code');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'work']);
  t.equal(readdirSync(join(repo, '.prompts', 'sessions')).length, 1, 'one record written');
  t.equal(git(sb, repo, ['status', '--porcelain', '--', '.prompts']), '', 'records are ignored');
  git(sb, repo, ['config', 'drift.records', 'tree']);
  drift(sb, repo, ['capture']);
  t.match(git(sb, repo, ['status', '--porcelain', '--untracked-files=all', '--', '.prompts']), /\.prompts\/sessions\/.*\.md/, 'records show up for committing');
});

t.test('adds Drift-Session trailers only when drift.trailer=true', { skip: NEEDS_CORPUS }, async (t) => {
  const { sb, repo } = installed(t);
  const replay = replaySession(sb, repo, CLAUDE[3]!, 'claude-code');
  writeFileSync(join(repo, 'human.txt'), 'by hand\n');
  git(sb, repo, ['add', 'human.txt']);
  git(sb, repo, ['commit', '-q', '-m', 'no trailer']);
  t.notMatch(git(sb, repo, ['log', '-1', '--format=%B']), /Drift-Session/);
  git(sb, repo, ['config', 'drift.trailer', 'true']);
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'with trailer']);
  t.match(git(sb, repo, ['log', '-1', '--format=%B']), new RegExp(`Drift-Session: claude-code:${replay.nativeId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}`));
});

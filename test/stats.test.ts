/**
 * `git drift stats`: added lines by state per agent, model, session, author, file and day,
 * what the sessions did, and survival at HEAD, from the notes alone: on a range without
 * notes, with notes of several agents and merges, with a real capture through the hooks,
 * and in a clone that fetched only the notes.
 */
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addBareRemote, CORPUS, git, isolateProcessGit, makeRepo, makeSandbox, NEEDS_CORPUS, type Sandbox } from './helpers/env.js';
import { installInProcess, replaySession } from './helpers/replay.js';
import { run } from '../src/commands/stats.js';
import { readLog } from '../src/log/index.js';
import type { Stats, StatsGroup } from '../src/stats/index.js';
import { commandIO } from './helpers/io.js';

isolateProcessGit(t, 'drift-stats-guard-');

interface World {
  sb: Sandbox;
  repo: string;
}

function world(t: Test): World {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  return { sb, repo: makeRepo(sb) };
}

/** Write files and commit them with hooks off; returns the sha. */
function commit(w: World, files: Record<string, string>, message: string): string {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(w.repo, name), text);
  git(w.sb, w.repo, ['add', '-A']);
  git({ ...w.sb, env: { ...w.sb.env, GIT_DRIFT: '0' } }, w.repo, ['commit', '-q', '-m', message]);
  return git(w.sb, w.repo, ['rev-parse', 'HEAD']);
}

interface NoteSpec {
  sessions: { id: string; model: string | null; prompts: number; applied: number; rejected: number }[];
  files: Record<string, { ai?: Record<string, string>; 'ai-modified'?: Record<string, string>; human?: string }>;
}

/** Attach a drift-note/1 written by hand (as a teammate's tool might), YAML frontmatter only. */
function setNote(w: World, commit: string, spec: NoteSpec): void {
  const q = (s: string) => JSON.stringify(s);
  const lines = ['---', 'drift: 1', spec.sessions.length === 0 ? 'sessions: []' : 'sessions:'];
  for (const s of spec.sessions) {
    lines.push(`  - id: ${q(s.id)}`, `    agent: ${q(s.id.split(':')[0]!)}`, `    model: ${s.model === null ? 'null' : q(s.model)}`, '    branch: feature');
    lines.push(`    prompts: ${s.prompts}`, `    edits: {applied: ${s.applied}, rejected: ${s.rejected}}`, `    record: .prompts/sessions/x.md`);
  }
  lines.push(Object.keys(spec.files).length === 0 ? 'files: {}' : 'files:');
  for (const [path, f] of Object.entries(spec.files)) {
    lines.push(`  ${q(path)}:`);
    for (const state of ['ai', 'ai-modified'] as const) {
      if (f[state])
        lines.push(
          `    ${state}: {${Object.entries(f[state]!)
            .map(([k, v]) => `${q(k)}: ${q(v)}`)
            .join(', ')}}`,
        );
    }
    if (f.human) lines.push(`    human: ${q(f.human)}`);
  }
  lines.push('---', '');
  git(w.sb, w.repo, ['notes', '--ref=drift', 'add', '-f', '-F', '-', commit], lines.join('\n'));
}

async function stats(cwd: string, range?: string, extra: Record<string, unknown> = {}): Promise<Stats> {
  let out = '';
  await run({ _: ['stats'], cwd, range, json: true, ...extra }, commandIO(cwd, process.env, { write: (s: string) => (out += s) }));
  return JSON.parse(out) as Stats;
}

async function statsText(cwd: string, range?: string, extra: Record<string, unknown> = {}): Promise<string> {
  let out = '';
  await run({ _: ['stats'], cwd, range, ...extra }, commandIO(cwd, process.env, { write: (s: string) => (out += s) }));
  return out;
}

function row(s: Stats, by: keyof Stats['groups'], key: string | null): StatsGroup | undefined {
  return s.groups[by]?.find((r) => r.key === key);
}

const CLAUDE = 'claude-code:11111111-aaaa-4000-8000-000000000001';
const CODEX = 'codex:22222222-bbbb-4000-8000-000000000002';
const AIDER = 'aider:33333333';

/**
 * A feature branch with notes of three agents (and one human-only note), a commit without a
 * note that rewrites two agent lines, and a clean merge of a side branch:
 *   c1 a.ts: lines 1-3 claude-code, 4 human          c2 b.ts: 1-2 codex ai, 3 ai-modified
 *   side: c3 c.ts: 1-2 aider (model not recorded)     c4 (no note): a.ts line 2 changed, line 3 re-indented
 *   merge side (no note, clean)                        c5 c.ts: line 2 replaced by a human line
 */
function severalAgents(t: Test): World {
  const w = world(t);
  git(w.sb, w.repo, ['checkout', '-q', '-b', 'feature']);
  const c1 = commit(w, { 'a.ts': 'const a = 1;\nconst b = 2;\nreturn a;\n// mine\n' }, 'c1');
  setNote(w, c1, {
    sessions: [{ id: CLAUDE, model: 'claude-sonnet-4-5', prompts: 2, applied: 3, rejected: 1 }],
    files: { 'a.ts': { ai: { [CLAUDE]: '1-3' }, human: '4' } },
  });
  const c2 = commit(w, { 'b.ts': 'one\ntwo\nthree\n' }, 'c2');
  setNote(w, c2, {
    sessions: [
      { id: CLAUDE, model: 'claude-sonnet-4-5', prompts: 1, applied: 1, rejected: 0 },
      { id: CODEX, model: 'gpt-5-codex', prompts: 1, applied: 2, rejected: 0 },
    ],
    files: { 'b.ts': { ai: { [CODEX]: '1-2' }, 'ai-modified': { [CODEX]: '3' } } },
  });
  git(w.sb, w.repo, ['checkout', '-q', '-b', 'side']);
  const c3 = commit(w, { 'c.ts': 'x1\nx2\n' }, 'c3');
  setNote(w, c3, { sessions: [{ id: AIDER, model: null, prompts: 1, applied: 1, rejected: 2 }], files: { 'c.ts': { ai: { [AIDER]: '1-2' } } } });
  git(w.sb, w.repo, ['checkout', '-q', 'feature']);
  commit(w, { 'a.ts': 'const a = 1;\nconst b = 3;\n  return a;\n// mine\n' }, 'c4');
  git({ ...w.sb, env: { ...w.sb.env, GIT_DRIFT: '0' } }, w.repo, ['merge', '-q', '--no-ff', '--no-edit', 'side']);
  const c5 = commit(w, { 'c.ts': 'x1\nhuman line\n' }, 'c5');
  setNote(w, c5, { sessions: [], files: { 'c.ts': { human: '2' } } });
  return w;
}

t.test('counts lines by state, per agent, model and session, with activity and survival, over notes of several agents and a merge', async (t) => {
  const w = severalAgents(t);
  const s = await stats(w.repo, 'main..feature');
  t.equal(s.stats, 1);
  t.equal(s.range, 'main..feature');
  t.same(s.commits, { total: 6, noted: 4, missing: 2, invalid: 0, merges: 1 });
  t.same(s.totals.lines, { ai: 7, 'ai-modified': 1, human: 2, unknown: 2, total: 12 }, 'the clean merge adds nothing; c4 adds 2 unknown lines');
  t.equal(s.totals.shares.ai, 7 / 12);
  t.same(
    s.groups.agent?.map((r) => [r.key, r.lines.total]),
    [
      ['claude-code', 3],
      ['codex', 3],
      ['aider', 2],
      [null, 4],
    ],
    'largest first (ties by name), the lines no agent wrote last',
  );
  t.same(row(s, 'agent', 'claude-code')?.activity, { sessions: 1, prompts: 3, edits: { applied: 4, rejected: 1 } }, 'one session over two notes');
  t.same(row(s, 'agent', 'aider')?.activity, { sessions: 1, prompts: 1, edits: { applied: 1, rejected: 2 } });
  t.same(row(s, 'agent', null)?.lines, { ai: 0, 'ai-modified': 0, human: 2, unknown: 2, total: 4 });
  t.same(row(s, 'agent', 'claude-code')?.survival, { added: 3, present: 2, unchanged: 1 }, 'a changed line is gone, a re-indented one still present');
  t.same(row(s, 'agent', 'codex')?.survival, { added: 3, present: 3, unchanged: 3 });
  t.same(row(s, 'agent', 'aider')?.survival, { added: 2, present: 1, unchanged: 1 }, 'a replaced line is gone, through the merge');
  t.match(s.survival, { added: 8, present: 6, unchanged: 5, head: git(w.sb, w.repo, ['rev-parse', 'HEAD']) });
  t.same(row(s, 'model', 'unknown')?.lines.ai, 2, 'a session without a model counts under unknown');
  t.same(row(s, 'model', 'gpt-5-codex')?.lines, { ai: 2, 'ai-modified': 1, human: 0, unknown: 0, total: 3 });
  t.match(row(s, 'session', CODEX), { agent: 'codex', model: 'gpt-5-codex', commits: 1 });
  t.same(
    s.groups.file?.map((r) => [r.key, r.lines.total]),
    [
      ['a.ts', 6],
      ['b.ts', 3],
      ['c.ts', 3],
    ],
  );
  t.same(
    s.groups.day?.map((r) => r.key),
    ['2026-11-20'],
  );
  t.same(
    s.groups.author?.map((r) => [r.key, r.share]),
    [['Test User <test@example.com>', 1]],
  );
  t.same(
    s.history.map((h) => [h.subject, h.note, h.lines.total]),
    [
      ['c5', 'ok', 1],
      ["Merge branch 'side' into feature", 'missing', 0],
      ['c4', 'missing', 2],
      ['c3', 'ok', 2],
      ['c2', 'ok', 3],
      ['c1', 'ok', 4],
    ],
  );
});

t.test('on a range without notes, every added line is unknown and no agent row appears', async (t) => {
  const w = world(t);
  commit(w, { 'x.ts': 'a\nb\n' }, 'two lines');
  const s = await stats(w.repo);
  t.same(s.commits, { total: 2, noted: 0, missing: 2, invalid: 0, merges: 0 });
  t.same(s.totals.lines, { ai: 0, 'ai-modified': 0, human: 0, unknown: 3, total: 3 }, 'the root commit counts against the empty tree');
  t.same(
    s.groups.agent?.map((r) => r.key),
    [null],
  );
  t.match(s.survival, { added: 0, present: 0, unchanged: 0 });
  const text = await statsText(w.repo);
  t.match(text, /HEAD: 2 commits \(0 with a drift note, 2 without, 0 invalid; 0 merges\)/);
  t.match(text, /unknown 3 \(100\.0%\)/);
});

t.test('a merge without a note counts only the lines it adds against every parent', async (t) => {
  const w = world(t);
  commit(w, { 'f.txt': 'base\n' }, 'base');
  git(w.sb, w.repo, ['checkout', '-q', '-b', 'x']);
  commit(w, { 'f.txt': 'from x\n', 'g.txt': 'only on x\n' }, 'x');
  git(w.sb, w.repo, ['checkout', '-q', 'main']);
  commit(w, { 'f.txt': 'from main\n' }, 'main');
  const off = { ...w.sb, env: { ...w.sb.env, GIT_DRIFT: '0' } };
  t.throws(() => git(off, w.repo, ['merge', '-q', 'x']), 'conflicts');
  writeFileSync(join(w.repo, 'f.txt'), 'resolved\nand one more\n');
  git(off, w.repo, ['add', '-A']);
  git(off, w.repo, ['commit', '-q', '--no-edit']);
  const s = await stats(w.repo, 'HEAD^..HEAD');
  t.same(s.commits, { total: 2, noted: 0, missing: 2, invalid: 0, merges: 1 });
  t.same(
    s.history.map((h) => h.lines.unknown),
    [2, 2],
    'the merge: its two resolved lines, not g.txt nor f.txt of either side',
  );
});

t.test('a hostile note cannot break the terminal nor inflate the counts', async (t) => {
  const w = world(t);
  const c = commit(w, { 'e.ts': 'x\n' }, 'evil');
  const evil = 'claude-code:\u001b[2J\u001b]0;pwned\u0007';
  setNote(w, c, {
    sessions: [{ id: evil, model: 'm\u001b[31mred\u202e', prompts: 1, applied: 1, rejected: 0 }],
    files: { 'e.ts': { ai: { [evil]: '1-999999999999' } } },
  });
  const text = await statsText(w.repo, 'HEAD^..HEAD', { by: ['session', 'model'] });
  t.notMatch(text, /[\u001b\u0007\u202e]/, 'no raw control or bidi character reaches the terminal');
  t.match(text, /m\\x1b\[31mred\\u202e/);
  const s = await stats(w.repo, 'HEAD^..HEAD');
  t.equal(s.groups.model?.[0]?.key, 'm\u001b[31mred\u202e', 'JSON keeps the exact text');
  t.equal(s.totals.lines.ai, 1_000_000, 'one range part counts at most 1,000,000 lines');
});

t.test('a clone that fetched only the notes gives the same stats', async (t) => {
  const w = severalAgents(t);
  const bare = addBareRemote(w.sb, w.repo);
  const off = { ...w.sb, env: { ...w.sb.env, GIT_DRIFT: '0' } };
  git(off, w.repo, ['push', '-q', 'origin', 'feature', 'refs/notes/drift']);
  const clone = join(w.sb.root, 'clone');
  git(off, w.sb.root, ['clone', '-q', '-b', 'feature', bare, clone]);
  const before = await stats(clone, 'origin/main..feature', { by: ['agent'] });
  t.equal(before.commits.noted, 0, 'no notes fetched yet: all unknown');
  git(off, clone, ['fetch', '-q', 'origin', 'refs/notes/drift:refs/notes/drift']);
  const there = await stats(clone, 'origin/main..feature');
  const here = await stats(w.repo, 'main..feature');
  t.same({ ...there, range: 'x' }, { ...here, range: 'x' });
});

t.test('counts a real capture through the hooks like git drift log does', { skip: NEEDS_CORPUS }, async (t) => {
  const w = world(t);
  await installInProcess(w.sb, w.repo);
  replaySession(w.sb, w.repo, join(CORPUS, 'claude-code', 'git-ai-project__git-ai', 'example-claude-code.jsonl'), 'claude-code');
  git(w.sb, w.repo, ['add', '-A']);
  git(w.sb, w.repo, ['commit', '-q', '-m', 'agent work']);
  const [entry] = await readLog(w.repo, 'HEAD^..HEAD');
  const s = await stats(w.repo, 'HEAD^..HEAD');
  const agent = row(s, 'agent', 'claude-code');
  t.ok(entry?.lines && entry.lines.ai > 0, 'the capture attributed agent lines');
  t.equal(agent?.lines.ai, entry?.lines?.ai);
  t.equal(agent?.lines['ai-modified'], entry?.lines?.aiModified);
  t.equal(s.totals.lines.human, entry?.lines?.human);
  t.equal(agent?.activity?.prompts, entry?.sessions[0]?.prompts);
  t.same(
    agent?.survival,
    { added: agent!.lines.ai + agent!.lines['ai-modified'], present: agent!.lines.ai + agent!.lines['ai-modified'], unchanged: agent!.lines.ai + agent!.lines['ai-modified'] },
    'all still there at HEAD',
  );
});

t.test('text: a summary, then the agent and model tables; --by picks the tables', async (t) => {
  const w = severalAgents(t);
  const text = await statsText(w.repo, 'main..feature');
  t.match(text, /^main\.\.feature: 6 commits \(4 with a drift note, 2 without, 0 invalid; 1 merge\)\n/);
  t.match(text, /survival at [0-9a-f]{8}: of 8 agent lines, 6 still in HEAD \(75\.0%\), 5 unchanged \(62\.5%\)/);
  t.match(text, /\nagent +lines +ai +ai-mod +human +unknown +share +sessions +prompts +applied +rejected +in HEAD +unchanged\n/);
  t.match(text, /\nclaude-code +3 +100\.0% +0\.0% +0\.0% +0\.0% +25\.0% +1 +3 +4 +1 +66\.7% +33\.3%\n/);
  t.match(text, /\nmodel +lines/);
  const files = await statsText(w.repo, 'main..feature', { by: ['file'] });
  t.match(files, /\nfile +lines/);
  t.notMatch(files, /\nagent +lines/);
  t.notMatch(files, /survival at/, 'survival is measured only when the agent table shows it');
});

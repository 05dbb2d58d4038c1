/**
 * `git drift log --json` put together from each note's entry text, kept per note blob
 * (src/log/json.ts, src/log/entry-cache.ts): its output is byte for byte what
 * `JSON.stringify(readLog(…), null, 2)` prints, whether the texts are rendered afresh, read
 * back, or the caches are missing, damaged or of another version; and a run over notes seen
 * before parses none of them again.
 */
import t from 'tap';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { git, isolateProcessGit, makeRepo, makeSandbox, PROJECT, type Sandbox } from './helpers/env.js';
import { renderNote } from '../src/notes/index.js';
import { readLog } from '../src/log/index.js';
import { renderLogEntryTail, renderLogJson } from '../src/render/log-json.js';

const SESSION = 'claude-code:5f1c2a3b-0000-4000-8000-000000000001';

/** A repository whose commits carry every kind of note: with sessions, human-only, partial, invalid, none; subjects with quotes, non-ASCII and control characters. */
function repoWithNotes(sb: Sandbox): string {
  const repo = makeRepo(sb);
  const commit = (subject: string, note: string | null) => {
    writeFileSync(join(repo, 'f.txt'), `${subject}\n`);
    git(sb, repo, ['add', 'f.txt']);
    git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '-m', subject]);
    if (note !== null) git(sb, repo, ['notes', '--ref=refs/notes/drift', 'add', '-f', '-F', '-', 'HEAD'], note);
  };
  const session = { id: SESSION, agent: 'claude-code', model: 'claude-sonnet-4-5', branch: 'main', prompts: 2, edits: { applied: 3, rejected: 1 }, record: '.prompts/sessions/x.md' };
  commit(
    'agent "quoted" – ünïcode \u0007 bell',
    renderNote({ drift: 1, sessions: [session], files: { 'f.txt': { ai: { [SESSION]: '1-3' }, 'ai-modified': { [SESSION]: '4' }, human: '5-6' } }, body: 'x\n' }),
  );
  commit('human only', renderNote({ drift: 1, sessions: [], files: { 'f.txt': { human: '1' } }, body: 'all human\n' }));
  commit('partial', renderNote({ drift: 1, sessions: [{ ...session, model: null as unknown as string }], files: {}, partial: { unread: 2 }, body: 'p\n' }));
  commit('invalid', '---\ndrift: 7\n---\nnot ours\n');
  commit('no note', null);
  commit('same note as the human one', renderNote({ drift: 1, sessions: [], files: { 'f.txt': { human: '1' } }, body: 'all human\n' }));
  return repo;
}

function driftLog(sb: Sandbox, repo: string, args: string[] = []): string {
  const run = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'log', '--json', ...args], { cwd: repo, env: sb.env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git drift log --json: exit ${run.status}: ${run.stderr}`);
  return run.stdout;
}

t.test('renders the entries exactly as JSON.stringify with an indent of 2 does', async (t) => {
  t.equal(renderLogJson([]), JSON.stringify([], null, 2));
  const entries = [
    {
      commit: 'a'.repeat(40),
      subject: 'line\u2028sep "q" \\ \u0001',
      note: 'ok' as const,
      reason: null,
      sessions: [{ id: SESSION, agent: 'claude-code', model: null, source: 'git-ai', edits: { applied: 1, rejected: 0 }, prompts: 0, lines: { ai: 1, aiModified: 2 } }],
      lines: { ai: 1, aiModified: 2, human: 3 },
      partial: { unread: 1 },
    },
    { commit: 'b'.repeat(40), subject: '', note: 'missing' as const, reason: null, sessions: [], lines: null, partial: null },
    { commit: 'c'.repeat(40), subject: 's', note: 'invalid' as const, reason: 'not drift-note/1:\nline two', sessions: [], lines: null, partial: null },
  ];
  t.equal(renderLogJson(entries.map((e) => ({ commit: e.commit, subject: e.subject, tail: renderLogEntryTail(e) }))), JSON.stringify(entries, null, 2));
});

t.test('log --json prints what readLog gives, from fresh, kept, missing, damaged and outdated caches alike', async (t) => {
  isolateProcessGit(t);
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = repoWithNotes(sb);
  const expected = async (args: string[] = []) => `${JSON.stringify(await readLog(repo, args[0] ?? 'HEAD', args[1] === undefined ? undefined : Number(args[1]), join(repo, '.git')), null, 2)}\n`;
  const store = join(repo, '.git', 'drift');
  const entries = join(store, 'log-entries.jsonl');
  const want = await expected();
  t.match(want, '"note": "invalid"');
  t.match(want, '"note": "missing"');
  t.match(want, '"unread": 2');
  rmSync(store, { recursive: true, force: true }); // what readLog kept
  t.equal(driftLog(sb, repo), want, 'cold: nothing cached');
  t.ok(existsSync(entries), 'the entry texts are kept');
  const kept = readFileSync(entries, 'utf8');
  t.equal(kept.split('\n').filter(Boolean).length, 1 + 4, 'a header and one line per note blob (two commits share one; a commit without a note has none)');
  t.equal(driftLog(sb, repo), want, 'warm: every text read back');
  t.equal(readFileSync(entries, 'utf8'), kept, 'a run that renders nothing new writes nothing');
  t.equal(driftLog(sb, repo, ['HEAD~4..HEAD']), await expected(['HEAD~4..HEAD']), 'a range');
  t.equal(driftLog(sb, repo, ['-n', '0']), '[]\n', 'no commit');
  rmSync(join(store, 'note-heads.jsonl'));
  t.equal(driftLog(sb, repo), want, 'the note-head cache gone: the entry texts are enough');
  t.notOk(existsSync(join(store, 'note-heads.jsonl')), 'and no head was parsed');
  const [header, ...lines] = kept.split('\n');
  writeFileSync(entries, [header, ...lines.map((l, i) => (i === 0 ? `${l.slice(0, 41)}"damaged` : l))].join('\n'));
  t.equal(driftLog(sb, repo), want, 'a damaged line: its text rendered again');
  writeFileSync(entries, kept.replace(/^drift-log-entries 1 "[^"]*"/, 'drift-log-entries 1 "0.0.0-other"').replace(/"note\\": \\"ok\\"/g, '"note\\": \\"missing\\"'));
  t.equal(driftLog(sb, repo), want, 'texts of another version of git drift are not used');
  t.match(readFileSync(entries, 'utf8'), /^drift-log-entries 1 "\d+\.\d+\.\d+[^"]*"\n/, 'and the file is started afresh for this version');
  t.notMatch(readFileSync(entries, 'utf8'), '0.0.0-other');
});

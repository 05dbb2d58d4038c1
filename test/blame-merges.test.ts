/**
 * `git drift blame --json` on a history with merged branches (the shape where blaming in
 * revision ranges lost): every line names the commit plain `git blame --porcelain` names,
 * and the owner its note gives; `git drift log --json` reads the same notes through the
 * note-head cache and prints the same entries from it.
 */
import t from 'tap';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, makeSandbox } from './helpers/env.js';
import { drift } from './helpers/replay.js';
import { renderNote } from '../src/notes/index.js';
import { formatRanges } from '../src/attribution/index.js';
import { parsePorcelain } from '../src/git/blame.js';

const ID = 'claude-code:aaaabbbb-0000-4000-8000-000000000001';

/** Commit the file's `lines`, noting the lines that differ from `before` as the agent's (even rounds) or a human's. */
function commitNoted(sb: ReturnType<typeof makeSandbox>, repo: string, round: number, before: string[], lines: string[]): void {
  writeFileSync(join(repo, 'f.txt'), `${lines.join('\n')}\n`);
  git(sb, repo, ['commit', '-q', '-a', '-m', `round ${round}`]);
  const added = lines.flatMap((l, n) => (before[n] === l ? [] : [n + 1]));
  const ranges = formatRanges(added);
  const agent = round % 2 === 0;
  const session = { id: ID, agent: 'claude-code', model: 'claude-sonnet-4-5', branch: 'main', prompts: 1, edits: { applied: 1, rejected: 0 }, record: '' };
  const note = renderNote({ drift: 1, sessions: agent ? [session] : [], files: { 'f.txt': agent ? { ai: { [ID]: ranges } } : { human: ranges } }, body: '' });
  git(sb, repo, ['notes', '--ref=refs/notes/drift', 'add', '-f', '-F', '-', 'HEAD'], note);
}

t.test('blame on merged branches names the commits git blame names, with their notes', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  let lines = Array.from({ length: 60 }, (_, n) => `line ${n}`);
  writeFileSync(join(repo, 'f.txt'), `${lines.join('\n')}\n`);
  git(sb, repo, ['add', 'f.txt']);
  git(sb, repo, ['commit', '-q', '-m', 'start']);
  let round = 0;
  // Four branches, each forked from main and merged after main moved on; each edits its own tenth.
  for (let b = 0; b < 4; b++) {
    git(sb, repo, ['checkout', '-q', '-b', `b${b}`]);
    for (let k = 0; k < 3; k++) {
      const next = [...lines];
      next[b * 10 + k * 2] = `branch ${b} edit ${k}`;
      commitNoted(sb, repo, ++round, lines, next);
      lines = next;
    }
    git(sb, repo, ['checkout', '-q', 'main']);
    lines = readFileSync(join(repo, 'f.txt'), 'utf8').trimEnd().split('\n');
    const next = [...lines];
    next[50 + b] = `main edit ${b}`;
    commitNoted(sb, repo, ++round, lines, next);
    lines = next;
    git(sb, repo, ['merge', '-q', '--no-ff', '-m', `merge b${b}`, `b${b}`]);
    lines = readFileSync(join(repo, 'f.txt'), 'utf8').trimEnd().split('\n');
  }
  t.ok(git(sb, repo, ['rev-list', '--merges', 'HEAD', '--', 'f.txt']).split('\n').length >= 4, 'the file has merges in its history');
  const plain = parsePorcelain(git(sb, repo, ['blame', '--porcelain', 'f.txt']));
  const out = JSON.parse(drift(sb, repo, ['blame', '--json', 'f.txt'])) as { lines: { line: number; commit: string; state: string; text: string }[] };
  t.same(
    out.lines.map((l) => [l.line, l.commit, l.text]),
    plain.map((e) => [e.line, e.commit, e.text]),
    'every line names the commit plain git blame names',
  );
  const subject = (sha: string) => git(sb, repo, ['log', '-1', '--format=%s', sha]);
  for (const l of out.lines) {
    const s = subject(l.commit);
    const want = s === 'start' ? 'unknown' : Number(s.split(' ')[1]) % 2 === 0 ? 'ai' : 'human';
    if (l.state !== want) t.fail(`line ${l.line} (${s}): ${l.state}, not ${want}`);
  }
  t.same(new Set(out.lines.map((l) => l.state)), new Set(['unknown', 'ai', 'human']), 'agent, human and unknown lines');

  // log: the same entries whether the heads are parsed or come from the cache.
  const cache = join(repo, '.git', 'drift', 'note-heads.jsonl');
  rmSync(cache); // blame filled it
  const first = drift(sb, repo, ['log', '--json']);
  t.ok(existsSync(cache), 'log keeps the parsed heads in the note-head cache');
  const heads = readFileSync(cache, 'utf8').split('\n').filter(Boolean).slice(1); // after the version line
  t.equal(heads.length, round, 'one cached head per note');
  t.equal(drift(sb, repo, ['log', '--json']), first, 'log --json from the cache is the same');
  t.equal((JSON.parse(first) as { note: string }[]).filter((e) => e.note === 'ok').length, round, 'every noted commit is listed with its note');
});

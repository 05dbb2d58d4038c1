/**
 * The record of a long live session is refreshed from what the session added: a commit
 * renders and redacts only the new prompts and turns (the rest of the record is copied from
 * the record cache's journals), reads no stored event, and still writes the record a full
 * rebuild writes, byte for byte, commit after commit; a journal torn by a killed hook or cut
 * short is never trusted past what the cache's head vouches for.
 */
import t from 'tap';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, makeRepo, makeSandbox } from './helpers/env.js';
import { claudeSlug, drift, installDrift } from './helpers/replay.js';
import { appendWrite } from '../bench/lib/live-log.mjs';

const ID = 'be0c4e11-0000-4000-8000-0000000record';

/** The record work of the last hook run, from the last line of `<git-common-dir>/drift/drift.log`. */
function lastWork(repo: string): { line: string; rendered: number; redacted: number; copied: number } {
  const line = readFileSync(join(repo, '.git', 'drift', 'drift.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .at(-1)!;
  const m = /records: (\d+) bytes rendered, (\d+) characters redacted, (\d+) bytes copied/.exec(line);
  return { line, rendered: Number(m?.[1] ?? -1), redacted: Number(m?.[2] ?? -1), copied: Number(m?.[3] ?? -1) };
}

t.test('a commit after a long live session renders and redacts only the new prompts, and writes the record a full rebuild writes', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  git(sb, repo, ['config', 'drift.hookBudgetMs', '600000']); // A loaded machine must not cut the first capture short.
  const log = join(sb.home, '.claude', 'projects', claudeSlug(repo), `${ID}.jsonl`);
  mkdirSync(dirname(log), { recursive: true });
  // An edit left uncommitted until the end: its prompt is then long out of memory.
  appendWrite(log, ID, repo, 'late/kept.txt', ['kept for later = 1', 'kept for later = 2'], 0);
  for (let round = 1; round <= 400; round++) appendWrite(log, ID, repo, 'src/history.txt', [`history = ${round}`, `more = ${round}`], round);
  git(sb, repo, ['add', '--', 'src']);
  git(sb, repo, ['commit', '-q', '-m', 'history']);
  const dir = join(repo, '.prompts', 'sessions');
  const [name] = readdirSync(dir);
  const path = join(dir, name!);
  const size = readFileSync(path).length;
  t.ok(size > 40_000, `the record of the first commit holds ${size} bytes`);
  t.ok(lastWork(repo).rendered >= size * 0.9, 'the first commit rendered it whole');

  const rebuild = () => {
    const record = readFileSync(path, 'utf8');
    rmSync(join(repo, '.git', 'drift', 'records'), { recursive: true });
    drift(sb, repo, ['capture', 'HEAD']);
    return [readFileSync(path, 'utf8'), record] as const;
  };
  const step = (round: number) => {
    appendWrite(log, ID, repo, `src/new-${round}.txt`, [`fresh = ${round}`], round);
    git(sb, repo, ['add', '--', 'src']);
    git(sb, repo, ['commit', '-q', '-m', `round ${round}`]);
    return lastWork(repo);
  };
  for (const round of [2001, 2002, 2003]) {
    const work = step(round);
    t.match(work.line, /claude-code be0c4e11 · 1 agent lines/, `round ${round}: the commit is the agent’s`);
    t.match(work.line, '0 bytes of stored events', `round ${round}: no stored event read`);
    t.ok(work.rendered > 0 && work.rendered < 2_000, `round ${round}: ${work.rendered} bytes rendered (the record holds ${size})`);
    t.ok(work.redacted > 0 && work.redacted < 500, `round ${round}: ${work.redacted} characters redacted`);
    t.ok(work.copied >= size * 0.9, `round ${round}: the rest, ${work.copied} bytes, copied from the journals`);
  }
  const record = readFileSync(path, 'utf8');
  t.match(record, /Write src\/new-2003\.txt, round 2003/, 'the record tells the newest prompt');
  t.match(record, /^prompts: 404$/m, 'and counts every prompt');
  const [full, incremental] = rebuild();
  t.equal(incremental, full, 'three incremental commits wrote the record a full rebuild writes, byte for byte');

  // A hook killed between appending to the journals and writing the head leaves bytes the head does not vouch for.
  const head = readdirSync(join(repo, '.git', 'drift', 'records')).find((f) => f.endsWith('.json'))!;
  const journal = (kind: string) => join(repo, '.git', 'drift', 'records', head.replace(/\.json$/, kind));
  appendFileSync(journal('.prompts.md'), '\n99. torn\n> half a prompt');
  appendFileSync(journal('.asked.jsonl'), '{"id":"torn');
  t.ok(step(2004).rendered < 2_000, 'a commit after a torn append still renders only the new prompt');
  const [full2, afterTorn] = rebuild();
  t.equal(afterTorn, full2, 'and the bytes past the head are not in the record');

  truncateSync(journal('.decisions.md'), 10);
  const cut = step(2005);
  t.ok(cut.rendered >= size * 0.9, 'a journal shorter than its head says is not used: the record is rendered whole');
  const [full3, afterCut] = rebuild();
  t.equal(afterCut, full3, 'and is the full rebuild’s');

  // A journal replaced by a symlink is not followed: the cache starts over, the link's target is untouched.
  const outside = join(sb.root, 'outside.md');
  writeFileSync(outside, 'not ours\n');
  rmSync(journal('.rejected.md'));
  symlinkSync(outside, journal('.rejected.md'));
  t.ok(step(2006).rendered >= size * 0.9, 'a journal that is a symlink is not used: the record is rendered whole');
  t.equal(readFileSync(outside, 'utf8'), 'not ours\n', 'and the link’s target is not written');
  const [full4, afterLink] = rebuild();
  t.equal(afterLink, full4, 'the record is the full rebuild’s');

  // The old edit's prompt is in none of the events in memory: its text comes from the `asked` journal.
  step(2007);
  git(sb, repo, ['add', '--', 'late']);
  git(sb, repo, ['commit', '-q', '-m', 'late']);
  t.match(lastWork(repo).line, /claude-code be0c4e11 · 2 agent lines.*0 bytes of stored events/, 'the late commit is the agent’s, read from no stored event');
  t.match(git(sb, repo, ['notes', '--ref', 'drift', 'show', 'HEAD']), 'Write late/kept.txt, round 0', 'its note quotes the prompt behind the lines');
});

/**
 * A commit during a long live session costs what the session added since the last commit:
 * after a 50 MiB Claude Code session (a real corpus session replicated with its own ids),
 * the post-commit capture reads only the bytes appended to the log and none of the
 * session's stored events, and the record it writes is byte for byte the record a full
 * rebuild from every stored event writes.
 */
import t from 'tap';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, git, makeRepo, makeSandbox, NEEDS_CORPUS } from './helpers/env.js';
import { claudeSlug, drift, installDrift } from './helpers/replay.js';
import { appendWrite, writeReplicatedSession } from '../bench/lib/live-log.mjs';

const SAMPLE = join(CORPUS, 'claude-code', 'chiphuyen__sniffly', '-Users-chip-dev-ai-music', 'd3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl');
const ID = 'be0c4e11-0000-4000-8000-00000000live';

/** The last line of `<git-common-dir>/drift/drift.log` (the hook's detail). */
function lastLogLine(repo: string): string {
  const lines = readFileSync(join(repo, '.git', 'drift', 'drift.log'), 'utf8')
    .trimEnd()
    .split('\n');
  return lines[lines.length - 1]!;
}

function commit(sb: ReturnType<typeof makeSandbox>, repo: string, message: string): void {
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', message]);
}

t.test('a commit after a 50 MiB live session reads only the new bytes, and writes the record a full rebuild writes', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  git(sb, repo, ['config', 'drift.hookBudgetMs', '600000']);
  const log = join(sb.home, '.claude', 'projects', claudeSlug(repo), `${ID}.jsonl`);
  const size = writeReplicatedSession(log, readFileSync(SAMPLE, 'utf8'), 50, ID, repo);
  t.ok(size >= 49 * 1024 * 1024, `the live session holds ${size} bytes`);
  appendWrite(log, ID, repo, 'src/one.txt', ['alpha = 1', 'beta = 2', 'gamma = 3'], 1);
  commit(sb, repo, 'one');
  t.match(lastLogLine(repo), /claude-code be0c4e11/, 'the first commit captured the session');

  const added = appendWrite(log, ID, repo, 'src/two.txt', ['delta = 4', 'epsilon = 5', 'zeta = 6'], 2);
  commit(sb, repo, 'two');
  const detail = lastLogLine(repo);
  t.match(detail, /claude-code be0c4e11 · 3 agent lines/, 'the second commit is the agent’s');
  t.match(detail, `; read ${added} bytes of agent logs, 0 bytes of stored events`, 'only the appended bytes were read, no stored event');

  const dir = join(repo, '.prompts', 'sessions');
  const [name] = readdirSync(dir);
  const record = readFileSync(join(dir, name!), 'utf8');
  t.match(record, /Write src\/two\.txt, round 2/, 'the record tells the new prompt');
  t.match(record, /`src\/two\.txt`/, 'and the new file');
  const note = git(sb, repo, ['notes', '--ref', 'drift', 'show', 'HEAD']);
  t.match(note, `claude-code:${ID}`, 'the note lists the session');

  // A full rebuild: without the record cache, capturing HEAD again summarises every stored event.
  rmSync(join(repo, '.git', 'drift', 'records'), { recursive: true });
  drift(sb, repo, ['capture', 'HEAD']);
  t.equal(readFileSync(join(dir, name!), 'utf8'), record, 'the record is byte for byte the full rebuild’s');
  t.equal(git(sb, repo, ['notes', '--ref', 'drift', 'show', 'HEAD']), note, 'and so is the note');
});

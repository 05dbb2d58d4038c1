/**
 * Lines that come back when their commit leaves the history (src/capture/recover.ts): the
 * split of `git diff-tree --stdin` output per commit, and the rule that a line has one
 * owner in the current history.
 */
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, makeSandbox } from './helpers/env.js';
import { drift, installDrift } from './helpers/replay.js';
import { LiveSession } from './helpers/session.js';
import { parseManyPatches, readFilesAt } from '../src/git/recent.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

t.test('splits diff-tree --stdin output into the added lines of each commit', async (t) => {
  const out = [
    A,
    'diff --git a/x.js b/x.js',
    'index 1..2 100644',
    '--- a/x.js',
    '+++ b/x.js',
    '@@ -0,0 +1,2 @@',
    '+const one = 1;',
    `+${'c'.repeat(40)}`,
    B,
    'diff --git a/y.js b/y.js',
    'new file mode 100644',
    'index 0..3',
    '--- /dev/null',
    '+++ b/y.js',
    '@@ -0,0 +1 @@',
    '+const two = 2;',
    '',
  ].join('\n');
  const many = parseManyPatches(out);
  t.same([...many.keys()], [A, B]);
  t.same(
    many.get(A)![0]!.lines.map((l) => l.text),
    ['const one = 1;', 'c'.repeat(40)],
    'an added line that looks like a sha stays in its commit',
  );
  t.same(many.get(B)![0]!.path, 'y.js');
});

t.test('file versions read for recovery skip a blob larger than the cap, and read the others', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  writeFileSync(join(repo, 'big.txt'), 'x'.repeat(5000));
  writeFileSync(join(repo, 'small.txt'), 'small\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'two files']);
  const read = await readFilesAt(repo, ['HEAD:big.txt', 'HEAD:small.txt', 'HEAD:gone.txt', 'HEAD~1:small.txt', 'HEAD:README.md'], 4096);
  t.same([...read.keys()].sort(), ['HEAD:README.md', 'HEAD:small.txt'], 'the 5,000-byte blob is over the 4,096-byte cap; missing paths are absent');
  t.equal(read.get('HEAD:small.txt'), 'small\n');
  t.equal(read.get('HEAD:README.md'), '# test\n');
  t.equal((await readFilesAt(repo, ['HEAD:big.txt'])).get('HEAD:big.txt')?.length, 5000, 'under the default cap it is read');
});

const SESSION = 'a1b2c3d4-0000-4000-8000-00000000aa01';
const AGENT = ['export function retryDelay(attempt) {', '  const base = Math.min(30_000, 250 * 2 ** attempt);', '  return base + Math.floor(Math.random() * 100);', '}'];

t.test('a line owned by a commit of the current history is not given again to a copy of it', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const session = new LiveSession(sb, repo, SESSION);
  session.prompt('Add a retryDelay helper with jitter.');
  session.write('retry.js', `${AGENT.join('\n')}\n`);
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'agent: retryDelay']);
  git(sb, repo, ['reset', '-q', '--soft', 'HEAD~1']);
  git(sb, repo, ['commit', '-q', '-m', 'agent: retryDelay, again']);
  // By hand: a second copy of an agent line. The reset commit, still in HEAD's reflog,
  // holds that line too, but its copy is already owned by the commit above.
  writeFileSync(join(repo, 'retry.js'), `${readFileSync(join(repo, 'retry.js'), 'utf8')}${AGENT[1]}\n`);
  git(sb, repo, ['commit', '-q', '-am', 'human: a copy']);
  const lines = (JSON.parse(drift(sb, repo, ['blame', '--json', 'retry.js'])) as { lines: { text: string; state: string; session: string | null }[] }).lines;
  t.same(
    lines.map((l) => l.state),
    ['ai', 'ai', 'ai', 'ai', 'human'],
    'the re-made commit owns the agent lines, the copy is human',
  );
  t.equal(lines[0]!.session, `claude-code:${SESSION}`);
});

/**
 * A git that fails under a command (a broken `.git/config`, say) is reported as git
 * reports it, in one `git-drift:` line with exit code 1, not as a stack trace; the quick
 * start-up bundles and the full command line alike.
 */
import t from 'tap';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, makeSandbox } from './helpers/env.js';
import { runDrift } from './helpers/handoff.js';
import { GitError, ProcessError } from '../src/errors.js';
import { describeProcessError } from '../src/render/errors.js';

t.test('every command in a repository with a broken .git/config prints one line and exits 1', async (t) => {
  const sb = makeSandbox('drift-config-');
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  git(sb, repo, ['commit', '-q', '--allow-empty', '-m', 'one']);
  appendFileSync(join(repo, '.git', 'config'), '[broken\n');
  for (const args of [['log'], ['log', '--json'], ['status'], ['check'], ['blame', 'README.md'], ['sessions'], ['handoff', '--no-llm']]) {
    const run = runDrift(sb, repo, args);
    t.equal(run.status, 1, `${args.join(' ')}: exit 1`);
    t.match(run.stderr, /^git-drift: git \S+ failed \(exit 128\): fatal: bad config line \d+ in file \.git\/config\n$/, `${args.join(' ')}: git's message in one line`);
  }
});

t.test('a failed program is described by its name, its subcommand and its standard error on one line', async (t) => {
  t.equal(
    describeProcessError(new GitError(['-c', 'core.quotePath=false', 'diff-tree', '-p', 'HEAD'], 128, 'fatal: bad object HEAD\nmore\n')),
    'git diff-tree failed (exit 128): fatal: bad object HEAD / more',
  );
  t.equal(describeProcessError(new GitError(['notes'], null, '')), 'git notes failed: no message', 'not started: no exit code');
  t.equal(
    describeProcessError(new ProcessError('xdg-open', ['/tmp/r.html'], 3, '\u001b]52;c;aGk=\u0007boom')),
    'xdg-open /tmp/r.html failed (exit 3): \\x1b]52;c;aGk=\\x07boom',
    'control characters escaped',
  );
  t.equal(describeProcessError(new GitError(['log'], 1, 'x'.repeat(1000))).length, 'git log failed (exit 1): '.length + 401, 'a long message is cut');
});

/**
 * `git drift repair`: squash and rebase merges made without git drift (as a server makes
 * them) get their notes back from the pull request's original commits, and `git drift
 * blame` then gives the merged lines the same owners as on the branch.
 */
import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, type Sandbox } from './helpers/env.js';
import { drift, installDrift } from './helpers/replay.js';
import { LiveSession } from './helpers/session.js';
import { sandboxTemplate } from './helpers/template.js';

type Row = [string, string, string | null];
const A = 'claude-code:aaaa1111-0000-4000-8000-000000000001';
const B = 'claude-code:bbbb2222-0000-4000-8000-000000000002';

function blame(sb: Sandbox, repo: string, file: string, rev?: string): Row[] {
  const out = JSON.parse(drift(sb, repo, ['blame', '--json', file, ...(rev ? [rev] : [])])) as { lines: { text: string; state: string; session: string | null }[] };
  return out.lines.map((l) => [l.text, l.state, l.session]);
}

/** main with one human commit; feature with two agent commits (two sessions) and a human one, all captured. */
function build(sb: Sandbox, trailers: boolean) {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  if (trailers) git(sb, repo, ['config', 'drift.trailer', 'true']);
  writeFileSync(join(repo, 'app.py'), 'import os\n\nDEBUG = os.environ.get("DEBUG") == "1"\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'app']);
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  new LiveSession(sb, repo, A.split(':')[1]!)
    .prompt('Add a retry helper to app.py.')
    .write(
      'app.py',
      `${readFileSync(join(repo, 'app.py'), 'utf8')}\n\ndef retry(fn, attempts=3):\n    for i in range(attempts):\n        try:\n            return fn()\n        except OSError:\n            if i == attempts - 1:\n                raise\n`,
    );
  git(sb, repo, ['commit', '-q', '-am', 'retry helper']);
  writeFileSync(join(repo, 'app.py'), `# Service entry point, reviewed by the platform team.\n${readFileSync(join(repo, 'app.py'), 'utf8')}`);
  git(sb, repo, ['commit', '-q', '-am', 'header by hand']);
  new LiveSession(sb, repo, B.split(':')[1]!).prompt('Write a health check in health.py.').write('health.py', 'def health():\n    return {"status": "ok", "debug": False}\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'health check']);
  return { repo };
}

// Built once per file (without and with drift.trailer), restored fresh for each test.
const builds = [false, true].map((trailers) => sandboxTemplate((sb) => build(sb, trailers)));

function setUp(t: Test, trailers = false) {
  const { sb, repo } = builds[Number(trailers)]!(t);
  return { sb, repo, off: { ...sb, env: { ...sb.env, GIT_DRIFT: '0' } } };
}

t.test('a repaired squash merge of a three-commit branch blames like the branch', async (t) => {
  const { sb, repo, off } = setUp(t);
  const before = { app: blame(sb, repo, 'app.py'), health: blame(sb, repo, 'health.py') };
  t.ok(before.app.some(([, state, s]) => state === 'ai' && s === A) && before.health.every(([, state, s]) => state === 'ai' && s === B), "the branch is the agents'");
  git(off, repo, ['checkout', '-q', 'main']);
  git(off, repo, ['merge', '-q', '--squash', 'feature']);
  git(off, repo, ['commit', '-q', '-m', 'Feature (#12)']);
  t.same(
    blame(sb, repo, 'health.py').map(([, s]) => s),
    ['unknown', 'unknown'],
    "the server's squash commit has no note",
  );
  const out = JSON.parse(drift(sb, repo, ['repair', 'HEAD', '--from', 'main~1..feature', '--json']));
  t.equal(out.repaired.length, 1);
  t.same(out.repaired[0].sessions, [A, B], 'both sessions are listed');
  t.equal(out.repaired[0].from.length, 3, 'from the three original commits');
  t.same(blame(sb, repo, 'app.py'), before.app, 'app.py blames as on the branch');
  t.same(blame(sb, repo, 'health.py'), before.health, 'health.py blames as on the branch');
});

t.test('finds the originals of a squash commit from its Drift-Session trailers', async (t) => {
  const { sb, repo, off } = setUp(t, true);
  const before = blame(sb, repo, 'app.py');
  t.match(git(sb, repo, ['log', '-1', '--format=%B', 'feature']), /Drift-Session: claude-code:bbbb2222/);
  git(off, repo, ['checkout', '-q', 'main']);
  git(off, repo, ['merge', '-q', '--squash', 'feature']);
  const message = `Feature (#12)\n\n${git(sb, repo, ['log', '--format=* %B', 'main..feature'])}`;
  git(off, repo, ['commit', '-q', '-F', '-'], message);
  git(off, repo, ['branch', '-q', '-m', 'feature', 'pr-12-head']);
  const text = drift(sb, repo, ['repair', 'HEAD']);
  t.match(text, /^repaired [0-9a-f]{8} from 2 commits: 2 sessions/m, 'the two agent commits, found by their sessions');
  t.same(
    blame(sb, repo, 'app.py').filter(([, s]) => s !== 'human'),
    before.filter(([, s]) => s !== 'human'),
    'agent lines as on the branch',
  );
});

t.test('repairs a rebase merge commit by commit, pairing them by patch', async (t) => {
  const { sb, repo, off } = setUp(t);
  const before = { app: blame(sb, repo, 'app.py'), health: blame(sb, repo, 'health.py') };
  git(off, repo, ['checkout', '-q', 'main']);
  writeFileSync(join(repo, 'README.md'), '# service\n');
  git(off, repo, ['add', '-A']);
  git(off, repo, ['commit', '-q', '-m', 'readme on main']);
  git(off, repo, ['checkout', '-q', '-b', 'rebased', 'feature']);
  git(off, repo, ['rebase', '-q', 'main']);
  const out = JSON.parse(drift(sb, repo, ['repair', 'main..rebased', '--from', 'main~1..feature', '--json']));
  t.equal(out.repaired.length, 3, 'each rebased commit from its original');
  t.same(out.skipped, []);
  t.same(blame(sb, repo, 'app.py'), before.app);
  t.same(blame(sb, repo, 'health.py'), before.health);
});

t.test('says what to do when it cannot find the originals', async (t) => {
  const { sb, repo, off } = setUp(t);
  git(off, repo, ['checkout', '-q', 'main']);
  git(off, repo, ['merge', '-q', '--squash', 'feature']);
  git(off, repo, ['commit', '-q', '-m', 'squash without trailers']);
  t.throws(() => drift(sb, repo, ['repair', 'HEAD']), /found no original commits .* --from <base>\.\.<head>/s);
  t.throws(() => drift(sb, repo, ['repair', 'main~1..main']), /needs --from/);
});

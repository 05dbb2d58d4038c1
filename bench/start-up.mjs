// Benchmark: what it costs a git drift process to start, this checkout against another
// build (COMPARE=<checkout with bin/ and dist/ built>), alternating in the same run.
//
// Set-up (in a temporary directory, never the machine's own agent logs): one repository per
// compared build, git drift installed from that build, no agent logs, COMMITS (default 20)
// commits with notes. Then ROUNDS (default 15) times, for each build:
//   - hook: a commit made with `GIT_DRIFT=0`, then `node bin/git-drift-hook post-commit`
//     alone (the hook's whole run: start-up, the capture of a human commit, the note);
//   - `git drift log -n 1 --json`, `git drift blame a.txt`, `git drift check`, `git drift status`.
// Reported per case: median wall and CPU time (user + system of the process tree, from
// /usr/bin/time) and peak RSS of both builds, and the ratio. On a machine busy with other
// work, read the CPU times. Both builds start with their caches as a user's second run
// finds them (one warm-up run each).
// Run: `npm run build && COMPARE=/path/to/other/checkout node bench/start-up.mjs`
// (`ROUNDS`, `COMMITS`, `CASES=hook,log,blame,check,status`, `KEEP=1`, `SUBJECT=<checkout>` to
// measure another build than this one). Without COMPARE, the subject is compared with itself.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSandbox } from './lib/sandbox.mjs';
import { freshCodeCaches, loadNote, median, timed } from './lib/measure.mjs';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUBJECT = process.env.SUBJECT ? resolve(process.env.SUBJECT) : PROJECT;
const COMPARE = process.env.COMPARE ? resolve(process.env.COMPARE) : SUBJECT;
freshCodeCaches(SUBJECT, COMPARE);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const COMMITS = Number(process.env.COMMITS ?? 20);
const CASES = (process.env.CASES ?? 'hook,log,blame,check,status').split(',');

const box = benchSandbox('drift-bench-start-');
const builds = [
  { name: SUBJECT === PROJECT ? 'this checkout' : `SUBJECT ${SUBJECT}`, project: SUBJECT, repo: join(box.root, 'repo'), runs: {} },
  { name: COMPARE === SUBJECT ? 'the same again' : `COMPARE ${COMPARE}`, project: COMPARE, repo: join(box.root, 'repo-compare'), runs: {} },
];
const gitIn = (repo, args, env = box.env) => execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' });
let serial = 0;

/** A new commit of `a.txt` made with git drift off (the hook is then run by hand). */
function commitOff(b) {
  serial++;
  appendFileSync(join(b.repo, 'a.txt'), `line ${serial}\n`);
  gitIn(b.repo, ['add', 'a.txt']);
  gitIn(b.repo, ['commit', '-q', '-m', `change ${serial}`]);
}

/** Make `b.repo`, install git drift from `b.project`, and COMMITS commits with notes. */
function setUp(b) {
  mkdirSync(b.repo, { recursive: true });
  gitIn(b.repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(b.repo, 'a.txt'), 'first\n');
  gitIn(b.repo, ['add', '-A']);
  gitIn(b.repo, ['commit', '-q', '-m', 'initial']);
  execFileSync(process.execPath, [join(b.project, 'bin', 'git-drift'), 'install'], { cwd: b.repo, env: box.env });
  for (let i = 0; i < COMMITS; i++) {
    commitOff(b);
    execFileSync(process.execPath, [join(b.project, 'bin', 'git-drift-hook'), 'post-commit'], { cwd: b.repo, env: { ...box.env, GIT_DRIFT: '1' } });
  }
}

/** The command of case `name` for build `b`: `[cmd, args, before?]`. */
function command(name, b) {
  const hook = [process.execPath, [join(b.project, 'bin', 'git-drift-hook'), 'post-commit'], () => commitOff(b)];
  const drift = (...args) => [process.execPath, [join(b.project, 'bin', 'git-drift'), ...args]];
  return { hook, log: drift('log', '-n', '1', '--json'), blame: drift('blame', 'a.txt'), check: drift('check'), status: drift('status') }[name];
}

function run(name, b) {
  const [cmd, args, before] = command(name, b);
  before?.();
  return timed(cmd, args, { cwd: b.repo, env: { ...box.env, GIT_DRIFT: '1' } });
}

try {
  for (const b of builds) setUp(b);
  console.log(`set-up: ${COMMITS} noted commits per repository; ${loadNote()}`);
  for (const name of CASES) {
    for (const b of builds) {
      run(name, b); // warm-up: a user's second run
      b.runs[name] = [];
    }
    for (let i = 0; i < ROUNDS; i++) for (const b of builds) b.runs[name].push(run(name, b));
    const side = (b) => {
      const rs = b.runs[name];
      return { wall: median(rs.map((r) => r.wallMs)), cpu: median(rs.map((r) => r.cpuMs)), rss: Math.max(...rs.map((r) => r.rssMiB)) };
    };
    const [a, c] = builds.map(side);
    console.log(`${name} (${ROUNDS} rounds)  [${loadNote()}]`);
    for (const [b, s] of [
      [builds[0], a],
      [builds[1], c],
    ])
      console.log(`  ${b.name.padEnd(28)} wall ${s.wall.toFixed(1).padStart(7)} ms  cpu ${s.cpu.toFixed(0).padStart(5)} ms  peak RSS ${s.rss.toFixed(0)} MiB`);
    console.log(`  this ÷ compared: wall ${(a.wall / c.wall).toFixed(2)}  cpu ${(a.cpu / c.cpu).toFixed(2)}`);
  }
} finally {
  if (process.env.KEEP) console.log(`kept: ${box.root}`);
  else rmSync(box.root, { recursive: true, force: true });
}

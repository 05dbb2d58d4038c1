// Benchmark: the time the post-commit capture adds to `git commit`.
//
// Set-up (in a temporary directory, never the machine's own agent logs):
//   - UNRELATED_MB of other projects' agent logs (half Claude Code project dirs, half
//     Codex rollouts), default 1024 (1 GB), 5 MiB files built from real corpus sessions,
//     each with its own session id and its own project path (the real shape: no two
//     files of one session);
//   - one live Claude Code session of LIVE_MB (default 50) in this repository, built from
//     a real corpus session with its cwd rewritten; LIVE_MB=0: no session at all (every
//     commit is a human one: the "no agent logs" case of issue 15);
//   - git drift installed; one first commit pays the one-time read of the live session.
// Then ROUNDS times: the live session grows by one real edit, the file changes, and a
// commit is made with git drift on; and the same with GIT_DRIFT=0. Each `git commit` runs
// under /usr/bin/time (bench/lib/measure.mjs): wall time, CPU (user + sys of git and its
// hooks) and peak RSS. Reported: medians, the added time (ms, wall and CPU) against the
// plain commits of the same run, and the peak RSS. Run: `npm run bench` (or
// `node bench/post-commit.mjs`); `UNRELATED_MB=0 LIVE_MB=0 node bench/post-commit.mjs` for
// the added time with no agent logs (goal <= 100 ms); CA_CERTS=<PEM file> runs the commits with
// NODE_EXTRA_CA_CERTS set (see below).
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { freshCodeCaches, timed } from './lib/measure.mjs';
import { dirname, join, resolve } from 'node:path';

import { CLAUDE, CODEX, PROJECT } from './lib/samples.mjs';

const SAMPLE = CLAUDE.path;
const SAMPLE_ID = CLAUDE.id;
const CODEX_ID = CODEX.id;
const CODEX_SAMPLE = CODEX.path;
const UNRELATED_MB = Number(process.env.UNRELATED_MB ?? 1024);
const LIVE_MB = Number(process.env.LIVE_MB ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 15);

const root = realpathSync(mkdtempSync(join(tmpdir(), 'drift-bench-')));
const home = join(root, 'home');
let repo = join(root, 'repo'); // the repository the helpers below work in (one per compared checkout)
const COMPARE = process.env.COMPARE ? resolve(process.env.COMPARE) : null;
freshCodeCaches(PROJECT, COMPARE);
mkdirSync(home, { recursive: true });
writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.com\n[gc]\n\tauto = 0\n[drift]\n\thookBudgetMs = 60000\n');
// CA_CERTS=<PEM file>: the commits run with NODE_EXTRA_CA_CERTS set to it, as on machines that
// set it (a corporate proxy's certificate, or the system bundle in many containers).
const env = {
  PATH: process.env.PATH,
  HOME: home,
  GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
  GIT_CONFIG_NOSYSTEM: '1',
  LANG: 'C.UTF-8',
  ...(process.env.CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.CA_CERTS } : {}),
};
const git = (args, extra = {}) => execFileSync('git', args, { cwd: repo, env: { ...env, ...extra }, encoding: 'utf8' });
const slug = (p) => p.replace(/[^A-Za-z0-9]/g, '-');
const hex = (n, width) => n.toString(16).padStart(width, '0');
/** A distinct session id for replicated file `i` of kind `kind`. */
const uuid = (kind, i) => `${hex(kind, 8)}-${hex(i >>> 16, 4)}-4${hex(i & 0xfff, 3)}-8000-${hex((i * 2654435761) >>> 0, 12)}`;
const esc = (s) => JSON.stringify(s).slice(1, -1);

/** Write about `mb` MiB to `path` by repeating `text`. */
function fill(path, text, mb) {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  const chunk = Buffer.from(text);
  for (let written = 0; written < mb * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
  closeSync(fd);
}

function makeUnrelated() {
  const claude = readFileSync(SAMPLE, 'utf8');
  const codex = readFileSync(CODEX_SAMPLE, 'utf8');
  const files = Math.round(UNRELATED_MB / 5);
  for (let i = 0; i < files; i++) {
    const other = `/home/someone/work/project-${i}`;
    if (i % 2 === 0) {
      const id = uuid(0xc1a0de, i);
      fill(join(home, '.claude', 'projects', slug(other), `${id}.jsonl`), claude.replaceAll(CLAUDE.cwd, other).replaceAll(SAMPLE_ID, id), 5);
    } else {
      const id = uuid(0xc0de, i);
      fill(
        join(home, '.codex', 'sessions', '2026', '01', String(1 + (i % 28)).padStart(2, '0'), `rollout-2026-01-01T00-00-00-${id}.jsonl`),
        codex.replaceAll(CODEX.cwd, other).replaceAll(CODEX_ID, id),
        5,
      );
    }
  }
}

/** The live session's id: one per repository. */
const liveId = () => `be0c4e11-0000-4000-8000-00000000000${repo.endsWith('-compare') ? 1 : 0}`;
const livePath = () => join(home, '.claude', 'projects', slug(repo), `${liveId()}.jsonl`);

function makeLive() {
  if (LIVE_MB === 0) return;
  const sample = readFileSync(SAMPLE, 'utf8').replaceAll(esc(CLAUDE.cwd), esc(repo)).replaceAll(SAMPLE_ID, liveId());
  fill(livePath(), sample, LIVE_MB);
}

/** One new edit in the live session: a Write of `bench.txt` with `n` lines, in Claude Code's format. */
function appendEdit(round) {
  const content = Array.from({ length: 20 }, (_, i) => `line ${i} of round ${round}`).join('\n') + '\n';
  if (LIVE_MB === 0) return writeFileSync(join(repo, 'bench.txt'), content);
  const base = { cwd: repo, sessionId: liveId(), version: '2.0.28', gitBranch: 'main' };
  const id = `toolu_bench_${round}`;
  appendFileSync(
    livePath(),
    [
      JSON.stringify({
        ...base,
        type: 'assistant',
        uuid: `a-${round}`,
        timestamp: new Date().toISOString(),
        message: { id: `m-${round}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name: 'Write', input: { file_path: join(repo, 'bench.txt'), content } }] },
      }),
      JSON.stringify({
        ...base,
        type: 'user',
        uuid: `u-${round}`,
        timestamp: new Date().toISOString(),
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] },
        toolUseResult: {
          type: 'update',
          filePath: join(repo, 'bench.txt'),
          content,
          structuredPatch: [
            {
              oldStart: 1,
              oldLines: 0,
              newStart: 1,
              newLines: 20,
              lines: content
                .trimEnd()
                .split('\n')
                .map((l) => `+${l}`),
            },
          ],
        },
      }),
    ].join('\n') + '\n',
  );
  writeFileSync(join(repo, 'bench.txt'), content);
}

/** One commit of a new edit, with git drift on or off: `{wallMs, cpuMs, rssMiB}` of `git commit` and its hooks. */
function timeCommit(round, drift) {
  appendEdit(round);
  git(['add', 'bench.txt']);
  return timed('git', ['commit', '-q', '-m', `round ${round}`], { cwd: repo, env: { ...env, ...(drift ? {} : { GIT_DRIFT: '0' }) } });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Set up `dir` as a repository with the git drift of `project` installed, and its live session. */
function setUp(dir, project) {
  repo = dir;
  mkdirSync(repo, { recursive: true });
  makeLive();
  git(['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'README.md'), '# bench\n');
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'initial'], { GIT_DRIFT: '0' });
  execFileSync(process.execPath, [join(project, 'bin', 'git-drift'), 'install'], { cwd: repo, env, encoding: 'utf8' });
}

try {
  const t = Date.now();
  makeUnrelated();
  // This checkout, and with COMPARE=<another checkout with dist built> that one too, each in its own repository.
  const variants = [{ name: 'this checkout', dir: join(root, 'repo'), project: PROJECT, on: [] }];
  if (COMPARE) variants.push({ name: `COMPARE ${COMPARE}`, dir: join(root, 'repo-compare'), project: COMPARE, on: [] });
  for (const v of variants) setUp(v.dir, v.project);
  console.log(
    `set-up: ${UNRELATED_MB} MiB unrelated logs, ${LIVE_MB} MiB live session (${Date.now() - t} ms); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const v of variants) {
    repo = v.dir;
    const first = timeCommit(0, true);
    console.log(`${v.name}: first commit after install (reads every log once): wall ${first.wallMs.toFixed(0)} ms, cpu ${first.cpuMs?.toFixed(0)} ms, peak RSS ${first.rssMiB?.toFixed(0)} MiB`);
  }
  const off = [];
  for (let i = 1; i <= ROUNDS; i++) {
    repo = variants[0].dir;
    off.push(timeCommit(2 * i - 1, false));
    for (const v of variants) {
      repo = v.dir;
      v.on.push(timeCommit(2 * i, true));
    }
  }
  const med = (rs, k) => median(rs.map((r) => r[k]));
  const peak = (rs) => Math.max(...rs.map((r) => r.rssMiB));
  const side = (name, rs) => `${name}: median wall ${med(rs, 'wallMs').toFixed(1)} ms, cpu ${med(rs, 'cpuMs').toFixed(0)} ms, peak RSS ${peak(rs).toFixed(0)} MiB`;
  console.log(side('commit without drift', off));
  const goal = LIVE_MB === 0 && UNRELATED_MB === 0 ? 100 : 150;
  for (const v of variants) {
    repo = v.dir;
    const note = git(['notes', '--ref=drift', 'show', 'HEAD']);
    if (LIVE_MB > 0 && !/ai:/.test(note)) throw new Error(`${v.name}: the last commit was not attributed to the live session`);
    console.log(side(`commit with drift (${v.name})`, v.on));
    const added = med(v.on, 'wallMs') - med(off, 'wallMs');
    const addedCpu = med(v.on, 'cpuMs') - med(off, 'cpuMs');
    console.log(
      `  added: median wall ${added.toFixed(1)} ms, cpu ${addedCpu.toFixed(0)} ms (goal <= ${goal} ms: wall ${added <= goal ? 'met' : 'NOT met'}, cpu ${addedCpu <= goal ? 'met' : 'NOT met'})`,
    );
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
  else console.log(root);
}

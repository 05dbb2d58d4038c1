// Benchmark: what other projects' agent logs cost a commit (issue 15, item 2).
//
// Set-up (in a temporary directory, never the machine's own agent logs): a repository
// with git drift installed and no session of its own; then generated logs of other
// projects, each file with its own session id, of realistic sizes (uniform between a
// quarter and 1.75 × MEAN_KB) and counts:
//   - CLAUDE_FILES Claude Code transcripts (default 1,700) in 85 project directories;
//   - CODEX_FILES Codex rollouts (default 1,700) spread over the date folders of a year,
//     one in twenty in `archived_sessions`;
// each built from a real corpus session with its cwd and ids rewritten.
// Measured, each against plain commits (GIT_DRIFT=0) of the same run, ROUNDS pairs each:
//   1. the added time with no agent logs at all;
//   2. the first commit after the logs appear (every head read once) and its peak RSS;
//   3. the added time per commit with the logs (steady state);
//   4. the same after GROW_FILES more Codex rollouts (default 1,000): growth per 1,000 files.
// Peak RSS is `/usr/bin/time -f %M` around `git commit` (the largest of git and the hook).
// Run: `node bench/unrelated-logs.mjs` (≈ 1 GiB); the 4 GiB case:
// `CLAUDE_FILES=0 CODEX_FILES=7000 MEAN_KB=600 node bench/unrelated-logs.mjs`. DRIFT_PROJECT=<another
// built checkout> measures that build (the code before a change) with the same set-up; KEEP=1
// keeps the directory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { benchSandbox } from './lib/sandbox.mjs';
import { freshCodeCaches } from './lib/measure.mjs';

import { CLAUDE, CODEX, PROJECT } from './lib/samples.mjs';

const [CLAUDE_SAMPLE, CLAUDE_ID, CLAUDE_CWD] = [CLAUDE.path, CLAUDE.id, CLAUDE.cwd];
const [CODEX_SAMPLE, CODEX_ID, CODEX_CWD] = [CODEX.path, CODEX.id, CODEX.cwd];
const CLAUDE_FILES = Number(process.env.CLAUDE_FILES ?? 1700);
const CODEX_FILES = Number(process.env.CODEX_FILES ?? 1700);
const MEAN_KB = Number(process.env.MEAN_KB ?? 300);
const GROW_FILES = Number(process.env.GROW_FILES ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
/** The git drift checkout measured (DRIFT_PROJECT: another built checkout, e.g. the code before a change). */
const DRIFT = resolve(process.env.DRIFT_PROJECT ?? PROJECT);
freshCodeCaches(DRIFT);

const { root, home, repo, env, git } = benchSandbox('drift-bench-unrelated-');
const on = { ...env, GIT_DRIFT: '1' };
// A loaded machine can spend more than the default 2 s budget; the bench times the work, not the cut.
writeFileSync(env.GIT_CONFIG_GLOBAL, '[drift]\n\thookBudgetMs = 60000\n', { flag: 'a' });
const slug = (p) => p.replace(/[^A-Za-z0-9]/g, '-');
const hex = (n, width) => n.toString(16).padStart(width, '0');
const uuid = (kind, i) => `${hex(kind, 8)}-${hex(i >>> 16, 4)}-4${hex(i & 0xfff, 3)}-8000-${hex((i * 2654435761) >>> 0, 12)}`;

/** A deterministic size in bytes for file `i`: uniform in [0.25, 1.75] × MEAN_KB KiB. */
function sizeOf(i) {
  const frac = ((i * 2654435761) >>> 0) / 2 ** 32;
  return Math.round((0.25 + 1.5 * frac) * MEAN_KB * 1024);
}

/** The first `bytes` bytes of whole lines of `text` (repeated as needed). */
function cut(text, bytes) {
  let out = text.repeat(Math.ceil(bytes / text.length));
  out = out.slice(0, bytes);
  return out.slice(0, out.lastIndexOf('\n') + 1);
}

/** Write `text` to `path`, making its directory. */
function writeLog(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function makeClaude(count) {
  const sample = readFileSync(CLAUDE_SAMPLE, 'utf8');
  for (let i = 0; i < count; i++) {
    const cwd = `/home/dev/projects/app-${i % 85}`;
    const id = uuid(0xc1a0de, i);
    writeLog(join(home, '.claude', 'projects', slug(cwd), `${id}.jsonl`), cut(sample, sizeOf(i)).replaceAll(CLAUDE_CWD, cwd).replaceAll(CLAUDE_ID, id));
  }
}

let codexMade = 0;
/** `count` more Codex rollouts; `firstDay` is the day of 2025 the first one is dated. */
function makeCodex(count, firstDay = 0) {
  const sample = readFileSync(CODEX_SAMPLE, 'utf8');
  for (let k = 0; k < count; k++) {
    const i = codexMade++;
    const cwd = `/home/dev/work/service-${i % 120}`;
    const id = uuid(0xc0de, i);
    const date = new Date(Date.UTC(2025, 0, 1 + firstDay + Math.floor((k * 365) / Math.max(count, 1))));
    const [y, m, d] = [date.getUTCFullYear(), String(date.getUTCMonth() + 1).padStart(2, '0'), String(date.getUTCDate()).padStart(2, '0')];
    const name = `rollout-${y}-${m}-${d}T10-00-00-${id}.jsonl`;
    const dir = i % 20 === 19 ? join(home, '.codex', 'archived_sessions') : join(home, '.codex', 'sessions', String(y), m, d);
    writeLog(
      join(dir, name),
      cut(sample, sizeOf(i + 7))
        .replaceAll(CODEX_CWD, cwd)
        .replaceAll(CODEX_ID, id),
    );
  }
}

let round = 0;
/**
 * One commit of a new human line; returns wall time (ms), CPU time (user + system, ms) and
 * peak RSS (KiB) of `git commit` with its hook. CPU time is the steadier figure on a
 * machine shared with other work.
 */
function commit(drift) {
  round++;
  writeFileSync(join(repo, 'work.txt'), `line ${round}\n`, { flag: 'a' });
  git(['add', 'work.txt']);
  const rss = join(root, 'rss');
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '-o', rss, 'git', 'commit', '-q', '-m', `round ${round}`], { cwd: repo, env: drift ? on : env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(r.stderr);
  if (drift && r.stderr.trim() !== '') console.log(`  hook said: ${r.stderr.trim()}`);
  const [kib, user, sys] = readFileSync(rss, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpu: (user + sys) * 1000, kib };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ROUNDS alternating pairs; prints and returns the median added time (ms). */
function measure(label) {
  const [with_, without, cpuWith, cpuWithout, rss] = [[], [], [], [], []];
  for (let i = 0; i < ROUNDS; i++) {
    const p = commit(false);
    const c = commit(true);
    without.push(p.ms);
    cpuWithout.push(p.cpu);
    with_.push(c.ms);
    cpuWith.push(c.cpu);
    rss.push(c.kib);
  }
  const added = median(with_) - median(without);
  const cpu = median(cpuWith) - median(cpuWithout);
  console.log(
    `${label}: plain ${median(without).toFixed(1)} ms, with drift ${median(with_).toFixed(1)} ms, added ${added.toFixed(1)} ms (CPU ${cpu.toFixed(0)} ms), peak RSS ${(Math.max(...rss) / 1024).toFixed(0)} MiB`,
  );
  return added;
}

function storeSize() {
  try {
    return readFileSync(join(repo, '.git', 'drift', 'store.json')).length;
  } catch {
    return 0;
  }
}

try {
  git(['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'work.txt'), 'start\n');
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'initial']);
  const install = spawnSync(process.execPath, [join(DRIFT, 'bin', 'git-drift'), 'install'], { cwd: repo, env: on, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(install.stderr);
  commit(true);
  measure('no agent logs');

  const t = Date.now();
  makeClaude(CLAUDE_FILES);
  makeCodex(CODEX_FILES);
  const gib = ((CLAUDE_FILES + CODEX_FILES) * MEAN_KB) / 1024 / 1024;
  console.log(`set-up: ${CLAUDE_FILES} Claude Code + ${CODEX_FILES} Codex files of other projects, ≈ ${gib.toFixed(2)} GiB (${Date.now() - t} ms)`);
  const plain = Array.from({ length: 5 }, () => commit(false));
  const first = commit(true);
  const [plainMs, plainCpu] = [median(plain.map((p) => p.ms)), median(plain.map((p) => p.cpu))];
  console.log(
    `first commit after the logs appear: ${first.ms.toFixed(0)} ms (added ${(first.ms - plainMs).toFixed(0)} ms, CPU ${(first.cpu - plainCpu).toFixed(0)} ms), peak RSS ${(first.kib / 1024).toFixed(0)} MiB`,
  );
  const steady = measure(`${CLAUDE_FILES + CODEX_FILES} unrelated files`);
  console.log(`store.json: ${(storeSize() / 1024).toFixed(1)} KiB`);

  if (GROW_FILES > 0) {
    makeCodex(GROW_FILES, 365);
    commit(true);
    const grown = measure(`${CLAUDE_FILES + CODEX_FILES + GROW_FILES} unrelated files`);
    console.log(`growth per 1,000 Codex files: ${(((grown - steady) * 1000) / GROW_FILES).toFixed(1)} ms; store.json: ${(storeSize() / 1024).toFixed(1)} KiB`);
  }
} finally {
  if (process.env.KEEP) console.log(`kept: ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

// Benchmark: the first capture of a big session, against a baseline build in the same run,
// and a check that both builds write byte-identical outputs.
//
// One live Claude Code session of FIRST_MB MiB (default 200; a real corpus session
// replicated with its own line uuids and tool-use ids, bench/lib/live-log.mjs) in a
// temporary HOME; then ROUNDS times (default 3), alternating between this checkout and the
// baseline (COMPARE=<another built checkout>, e.g. the code before a change): a new
// repository at the same path, git drift installed from that checkout (hook budget raised,
// so the capture reads the whole session), one commit with fixed dates of the file the
// session's last Write made. Measured: the CPU
// time (user + system of `git commit` and its hook, steadier than wall time on a loaded
// machine), the wall time, each less that of a plain commit (hooks off) made right after,
// the session's MiB per second of each, and the peak RSS.
// After each build's first round, its outputs are kept: the note, `.prompts/`, and under
// `.git/drift/` the events, the record folds and the pending lines (paths sorted, bytes
// hashed; pending files by their lines, whatever version of the file); the run
// ends with whether the two builds' outputs are byte-identical (exit 1 when they are not).
// Run: `npm run build && COMPARE=/path/to/base node bench/first-capture.mjs`
// (FIRST_MB, ROUNDS to change; without COMPARE only this checkout is measured).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { benchSandbox } from './lib/sandbox.mjs';
import { appendWrite, writeReplicatedSession } from './lib/live-log.mjs';
import { freshCodeCaches, loadNote, median, timed } from './lib/measure.mjs';
import { CLAUDE, PROJECT } from './lib/samples.mjs';

const MB = Number(process.env.FIRST_MB ?? 200);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ID = 'f1257ca9-0000-4000-8000-000000000000';
const DATES = { GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z' };
/** The file the session's last Write makes, committed by each round (so the note has lines to attribute). */
const FIRST_LINES = Array.from({ length: 12 }, (_, k) => `line ${k} of the first capture`);
const FIRST_FILE = `${FIRST_LINES.join('\n')}\n`;
const builds = [{ name: 'this', dir: PROJECT }];
if (process.env.COMPARE) builds.unshift({ name: 'baseline', dir: resolve(process.env.COMPARE) });
freshCodeCaches(...builds.map((b) => b.dir));

/** Every file under `dir` (relative path → SHA-1 of its bytes), sorted by path; {} when there is no `dir`. */
/** The record cache version of the heads in `dir` (the first element of each head's `key`), or null. */
function foldVersion(dir) {
  const versions = new Set();
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (!/^[0-9a-f]+\.json$/.test(name)) continue;
    try {
      versions.add(JSON.parse(JSON.parse(readFileSync(join(dir, name), 'utf8')).key)[0]);
    } catch {
      versions.add('unreadable');
    }
  }
  return versions.size === 0 ? null : [...versions].join(',');
}

function hashTree(dir, root = dir, out = {}) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashTree(path, root, out);
    else out[relative(root, path)] = createHash('sha1').update(readFileSync(path)).digest('hex');
  }
  return out;
}

/**
 * Every pending file under `dir` (relative path → SHA-1 of its lines as version 1 JSON
 * `{path, lines}`): a version 2 file (`src/store/pending.ts`) is expanded first, so builds
 * that write either version compare by content.
 */
function hashPending(dir) {
  const out = {};
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    const lines = data.version === 2 ? Array.from({ length: data.lines.length / 2 }, (_, i) => ({ text: data.texts[data.lines[2 * i + 1]], ...data.edits[data.lines[2 * i]] })) : data.lines;
    out[name] = createHash('sha1')
      .update(JSON.stringify({ path: data.path, lines }))
      .digest('hex');
  }
  return out;
}

/** A fresh repository at `sb.repo` with `build` installed; returns the timed first commit and its outputs. */
function firstCommit(sb, build) {
  rmSync(sb.repo, { recursive: true, force: true });
  mkdirSync(join(sb.repo, 'live'), { recursive: true });
  const env = { ...sb.env, ...DATES };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: sb.repo, env });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'initial'], { cwd: sb.repo, env });
  execFileSync(process.execPath, [join(build.dir, 'bin', 'git-drift'), 'install'], { cwd: sb.repo, env });
  execFileSync('git', ['config', 'drift.hookBudgetMs', '600000'], { cwd: sb.repo, env });
  writeFileSync(join(sb.repo, 'live', 'first.txt'), FIRST_FILE);
  execFileSync('git', ['add', '-A'], { cwd: sb.repo, env });
  const run = timed('git', ['commit', '-q', '-m', 'first'], { cwd: sb.repo, env: { ...env, GIT_DRIFT: '1' } });
  const plain = timed('git', ['commit', '-q', '--allow-empty', '-m', 'plain'], { cwd: sb.repo, env: { ...env, GIT_DRIFT: '0' } });
  run.cpuMs -= plain.cpuMs;
  run.wallMs -= plain.wallMs;
  const note = execFileSync('git', ['notes', '--ref=drift', 'show', 'HEAD~'], { cwd: sb.repo, env, encoding: 'utf8' });
  const drift = join(sb.repo, '.git', 'drift');
  const outputs = {
    note,
    prompts: hashTree(join(sb.repo, '.prompts')),
    pending: hashPending(join(drift, 'pending')),
    events: hashTree(join(drift, 'events')),
    folds: hashTree(join(drift, 'records')),
    foldVersion: foldVersion(join(drift, 'records')),
  };
  return { run, outputs };
}

const sb = benchSandbox('drift-bench-first-');
try {
  const log = join(sb.home, '.claude', 'projects', sb.repo.replace(/[^A-Za-z0-9]/g, '-'), `${ID}.jsonl`);
  const bytes = writeReplicatedSession(log, readFileSync(CLAUDE.path, 'utf8'), MB, ID, sb.repo);
  const mib = (bytes + appendWrite(log, ID, sb.repo, 'live/first.txt', FIRST_LINES, 0)) / 1024 / 1024;
  const runs = new Map(builds.map((b) => [b.name, []]));
  const outputs = new Map();
  for (let round = 0; round < ROUNDS; round++) {
    for (const build of builds) {
      const { run, outputs: out } = firstCommit(sb, build);
      runs.get(build.name).push(run);
      if (!outputs.has(build.name)) outputs.set(build.name, out);
    }
  }
  console.log(`first capture of a ${mib.toFixed(0)} MiB session, median of ${ROUNDS} (${loadNote()}):`);
  const rows = {};
  for (const build of builds) {
    const rs = runs.get(build.name);
    const cpu = median(rs.map((r) => r.cpuMs));
    const wall = median(rs.map((r) => r.wallMs));
    const rss = Math.max(...rs.map((r) => r.rssMiB));
    rows[build.name] = { cpu, wall, rss };
    console.log(
      `  ${build.name.padEnd(8)} CPU ${(cpu / 1000).toFixed(2)} s (${(mib / (cpu / 1000)).toFixed(0)} MiB/s), wall ${(wall / 1000).toFixed(2)} s (${(mib / (wall / 1000)).toFixed(0)} MiB/s), peak RSS ${rss.toFixed(0)} MiB (largest of ${rs.length})`,
    );
  }
  if (rows.baseline) {
    console.log(
      `  this ÷ baseline: CPU ${(rows.this.cpu / rows.baseline.cpu).toFixed(2)}, wall ${(rows.this.wall / rows.baseline.wall).toFixed(2)}, peak RSS ${(rows.this.rss / rows.baseline.rss).toFixed(2)}`,
    );
    const a = outputs.get('baseline');
    const b = outputs.get('this');
    // The folds are a private cache: builds with different cache versions lay them out differently.
    const keys = Object.keys(a).filter((k) => k !== 'foldVersion' && (k !== 'folds' || a.foldVersion === b.foldVersion));
    if (a.foldVersion !== b.foldVersion) console.log(`  record folds not compared: cache version ${a.foldVersion} against ${b.foldVersion}`);
    const differ = keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
    console.log(
      differ.length === 0
        ? `  outputs byte-identical (note, ${Object.keys(b.prompts).length} records, ${Object.keys(b.pending).length} pending files, ${Object.keys(b.events).length} events files)`
        : `  outputs DIFFER: ${differ.join(', ')}`,
    );
    if (differ.length > 0) process.exitCode = 1;
  }
} finally {
  if (process.env.KEEP) console.log(`kept: ${sb.root}`);
  else rmSync(sb.root, { recursive: true, force: true });
}

// Benchmark: a commit during a long live session, and the first capture of a big one.
//
// For each size of LIVE_MBS (MiB, default "1,50,200": the small one shows the floor, so the
// slope is visible in one run), in a temporary HOME and repository:
//   - a live Claude Code session of that size, made from a real corpus session replicated
//     with its own line uuids and tool-use ids (bench/lib/live-log.mjs), cwd = the repository;
//   - git drift installed (hook budget raised, so the first capture reads the whole session);
//   - the first commit: the time it adds over a plain commit, the session's MiB per second,
//     and the peak RSS (GNU time's maximum resident set of `git commit` and its hook);
//   - then ROUNDS rounds of EDITS new prompts and Writes appended to the session and one
//     commit with git drift on, each followed by the same with GIT_DRIFT=0 (the baseline,
//     same run). Reported: median added time per commit (wall and CPU) and peak RSS, and
//     the record work of the last commit (drift.log: bytes rendered, redacted, copied).
// Last, how the added time grows per MiB between the smallest and largest size.
// COMPARE=<another built checkout> (e.g. /work/wt/base-5a2, the code before a change) builds
// a second repository per size with that checkout installed and the same session, and
// alternates the rounds between the two: both are measured in the same run, side by side.
// Run: `npm run build && node bench/live-session.mjs` (LIVE_MBS, ROUNDS, EDITS to change;
// DRIFT_PROJECT=<another built checkout> measures that one alone; KEEP=1 keeps each size's directories).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchSandbox } from './lib/sandbox.mjs';
import { freshCodeCaches, loadNote } from './lib/measure.mjs';
import { appendWrite, writeReplicatedSession } from './lib/live-log.mjs';

import { CLAUDE, PROJECT } from './lib/samples.mjs';

const SAMPLE = CLAUDE.path;
/** The git drift checkout whose `bin/git-drift` is measured (DRIFT_PROJECT: another build, e.g. the code before a change). */
const DRIFT = resolve(process.env.DRIFT_PROJECT ?? PROJECT);
/** The checkout measured against it in the same run (COMPARE), or null. */
const COMPARE = process.env.COMPARE ? resolve(process.env.COMPARE) : null;
freshCodeCaches(DRIFT, COMPARE);
const SIZES = (process.env.LIVE_MBS ?? '1,50,200').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const EDITS = Number(process.env.EDITS ?? 3);
const ID = 'be0c4e11-0000-4000-8000-000000000000';
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Run `git commit` (hooks on or off); returns wall ms, CPU ms (user + system of git and its
 * hook: steadier than wall time on a loaded machine) and the peak RSS in KiB (both null
 * without GNU time).
 */
function commit(sb, message, drift) {
  sb.git(['add', '-A']);
  const env = { ...sb.env, GIT_DRIFT: drift ? '1' : '0' };
  const args = ['commit', '-q', '-m', message];
  const start = process.hrtime.bigint();
  const r = TIME ? spawnSync(TIME, ['-v', 'git', ...args], { cwd: sb.repo, env, encoding: 'utf8' }) : spawnSync('git', args, { cwd: sb.repo, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(r.stderr);
  const err = r.stderr ?? '';
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
  const user = /User time \(seconds\): ([\d.]+)/.exec(err);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(err);
  return { ms, cpuMs: user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : null, rssKiB: rss ? Number(rss[1]) : null };
}

/** Append `EDITS` prompts and Writes to the session (files `live/<round>-<i>.txt`). */
function grow(sb, log, round, tag) {
  for (let i = 0; i < EDITS; i++) {
    const lines = Array.from({ length: 12 }, (_, k) => `${tag} line ${k} of round ${round}.${i}`);
    appendWrite(log, ID, sb.repo, `live/${tag}-${round}-${i}.txt`, lines, (tag === 'off' ? 1_000_000 : 0) + round * EDITS + i); // Own ids for the baseline's edits.
  }
}

function lastDetail(sb) {
  const log = readFileSync(join(sb.repo, '.git', 'drift', 'drift.log'), 'utf8')
    .trimEnd()
    .split('\n');
  return log[log.length - 1];
}

/** A repository of `mb` MiB of live session with the checkout `drift` installed, after its first commit (printed). */
function setUp(mb, drift, label) {
  const sb = benchSandbox('drift-bench-live-');
  const log = join(sb.home, '.claude', 'projects', sb.repo.replace(/[^A-Za-z0-9]/g, '-'), `${ID}.jsonl`);
  const bytes = writeReplicatedSession(log, readFileSync(SAMPLE, 'utf8'), mb, ID, sb.repo);
  sb.git(['init', '-q', '-b', 'main']);
  sb.git(['commit', '-q', '--allow-empty', '-m', 'initial']);
  execFileSync(process.execPath, [join(drift, 'bin', 'git-drift'), 'install'], { cwd: sb.repo, env: sb.env });
  sb.git(['config', 'drift.hookBudgetMs', '600000']);
  grow(sb, log, 0, 'off');
  const base0 = commit(sb, 'baseline 0', false);
  grow(sb, log, 0, 'on');
  const first = commit(sb, 'first', true);
  const mib = bytes / 1024 / 1024;
  const wall = first.ms - base0.ms;
  const cpu = first.cpuMs === null ? null : first.cpuMs - base0.cpuMs;
  console.log(
    `${label}${mib.toFixed(0)} MiB session, first capture: +${wall.toFixed(0)} ms over a plain commit (${(mib / (wall / 1000)).toFixed(0)} MiB/s)` +
      (cpu === null ? '' : `, CPU +${cpu.toFixed(0)} ms (${(mib / (cpu / 1000)).toFixed(0)} MiB/s of CPU)`) +
      `, peak RSS ${first.rssKiB === null ? '?' : (first.rssKiB / 1024).toFixed(0)} MiB; ${loadNote()}`,
  );
  return { sb, log, mib, label, added: [], addedCpu: [], rss: [] };
}

/** One round in `run`: grow the session, commit with git drift on, then the same off. */
function round(run, r) {
  grow(run.sb, run.log, r, 'on');
  const on = commit(run.sb, `round ${r}`, true);
  grow(run.sb, run.log, r, 'off');
  const off = commit(run.sb, `baseline ${r}`, false);
  run.added.push(on.ms - off.ms);
  if (on.cpuMs !== null && off.cpuMs !== null) run.addedCpu.push(on.cpuMs - off.cpuMs);
  if (on.rssKiB !== null) run.rss.push(on.rssKiB);
}

/** Print the rounds of `run`; returns its medians. */
function report(run) {
  const detail = lastDetail(run.sb);
  const read = /read (\d+) bytes of agent logs, (\d+) bytes of stored events/.exec(detail);
  const work = /records: (\d+) bytes rendered, (\d+) characters redacted, (\d+) bytes copied/.exec(detail);
  const peak = run.rss.length ? (Math.max(...run.rss) / 1024).toFixed(0) : '?';
  const { added, addedCpu } = run;
  console.log(
    `${run.label}${run.mib.toFixed(0)} MiB session, commit every ${EDITS} edits: +${median(added).toFixed(0)} ms per commit (median of ${ROUNDS}; min ${Math.min(...added).toFixed(0)}, max ${Math.max(...added).toFixed(0)})` +
      (addedCpu.length ? `, CPU +${median(addedCpu).toFixed(0)} ms` : '') +
      `, peak RSS ${peak} MiB` +
      (read ? `; last commit read ${read[1]} log bytes and ${read[2]} bytes of stored events` : '') +
      (work ? `, rendered ${work[1]} bytes of record, redacted ${work[2]} characters, copied ${work[3]} bytes` : '') +
      `; ${loadNote()}`,
  );
  return { mib: run.mib, added: median(added), cpu: addedCpu.length ? median(addedCpu) : null };
}

function runSize(mb) {
  const runs = [];
  try {
    runs.push(setUp(mb, DRIFT, COMPARE ? 'this checkout: ' : ''));
    if (COMPARE) runs.push(setUp(mb, COMPARE, 'COMPARE:       '));
    for (let r = 1; r <= ROUNDS; r++) for (const run of runs) round(run, r);
    const [subject, base] = runs.map(report);
    if (base) {
      const cpu = subject.cpu !== null && base.cpu !== null ? `, CPU ${(subject.cpu - base.cpu).toFixed(0)} ms` : '';
      console.log(`${subject.mib.toFixed(0)} MiB: this checkout − COMPARE: wall ${(subject.added - base.added).toFixed(0)} ms${cpu} per commit`);
    }
    return [subject, base];
  } finally {
    for (const run of runs) {
      if (process.env.KEEP) console.log(`kept: ${run.sb.root}`);
      else rmSync(run.sb.root, { recursive: true, force: true });
    }
  }
}

/** How the added time grows per MiB of session from the first result to the last. */
function growth(results, label) {
  const a = results[0];
  const b = results[results.length - 1];
  const cpu = a.cpu !== null && b.cpu !== null ? `, CPU ${((b.cpu - a.cpu) / (b.mib - a.mib)).toFixed(2)} ms per MiB` : '';
  console.log(`${label}growth: ${((b.added - a.added) / (b.mib - a.mib)).toFixed(2)} ms per MiB of session${cpu} (${a.mib.toFixed(0)} → ${b.mib.toFixed(0)} MiB)`);
}

const results = SIZES.map(runSize);
if (results.length > 1) {
  growth(
    results.map((r) => r[0]),
    COMPARE ? 'this checkout: ' : '',
  );
  if (COMPARE)
    growth(
      results.map((r) => r[1]),
      'COMPARE:       ',
    );
}

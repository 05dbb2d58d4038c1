/**
 * The one measuring helper of every benchmark that times commands (set-up is
 * `sandbox.mjs`'s): wall time, CPU time of the whole process tree (user + system, from
 * `/usr/bin/time`, so that a machine busy with other work still gives comparable figures)
 * and peak RSS of its largest process; a subject against its baseline in the same run,
 * alternating, with medians, ratios and the load average printed beside them. Without
 * `/usr/bin/time` only the wall time is measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const TIME = '/usr/bin/time';
const HAVE_TIME = existsSync(TIME);
const scratch = mkdtempSync(join(tmpdir(), 'drift-bench-time-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/**
 * Run `cmd args` in `cwd` with `env`; throw on a non-zero exit. Returns `{wallMs, cpuMs,
 * rssMiB, stdout}` (`cpuMs` and `rssMiB` null without `/usr/bin/time`).
 */
export function timed(cmd, args, { cwd, env }) {
  const report = join(scratch, 'time');
  const [file, argv] = HAVE_TIME ? [TIME, ['-f', '%U %S %M', '-o', report, cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(file, argv, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  if (!HAVE_TIME) return { wallMs, cpuMs: null, rssMiB: null, stdout: r.stdout };
  const [user, sys, rssKiB] = readFileSync(report, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000, rssMiB: rssKiB / 1024, stdout: r.stdout };
}

/**
 * Delete the V8 code caches in `dist/` of each built checkout `projects` (absolute or
 * relative paths; `<bundle>.<profile>.cache`, src/start/code-cache.ts) before a bench times
 * them. A cache holds what the one run that wrote it compiled, the first after a build: left
 * by a test (a hook that stopped early, a cold `log`), it would make a build look slower or
 * faster than a user's, whose first run after install writes it. Each bench's own first runs
 * write them again. Prints what it deleted.
 */
export function freshCodeCaches(...projects) {
  for (const project of new Set(projects.filter(Boolean).map((p) => resolve(p)))) {
    const dist = join(project, 'dist');
    const caches = existsSync(dist) ? readdirSync(dist).filter((name) => /\.c?js\.[A-Za-z0-9-]{1,64}\.cache$/.test(name)) : [];
    for (const name of caches) rmSync(join(dist, name), { force: true });
    if (caches.length > 0) console.log(`code caches deleted before timing: ${caches.length} in ${dist}`);
  }
}

/** The machine's load: `load average 3.2 (1 min) on 2 cores`, to print beside every figure. */
export const loadNote = () => `load average ${loadavg()[0].toFixed(1)} (1 min) on ${availableParallelism()} cores`;

/** The median of numbers (the upper one of an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Time `baseline` and `subject` (each `[cmd, args]`) `rounds` times, alternating, and
 * return medians of both and their ratios: `{base, subject, wallRatio, cpuRatio}`, where
 * `base`/`subject` are `{wallMs, cpuMs, rssMiB}` (medians; RSS the largest seen).
 */
export function compare(baseline, subject, rounds, opts) {
  const runs = { base: [], subject: [] };
  for (let i = 0; i < rounds; i++) {
    runs.base.push(timed(...baseline, opts));
    runs.subject.push(timed(...subject, opts));
  }
  const sum = (rs) => ({
    wallMs: median(rs.map((r) => r.wallMs)),
    cpuMs: rs[0].cpuMs === null ? null : median(rs.map((r) => r.cpuMs)),
    rssMiB: rs[0].rssMiB === null ? null : Math.max(...rs.map((r) => r.rssMiB)),
  });
  const base = sum(runs.base);
  const subj = sum(runs.subject);
  return { base, subject: subj, wallRatio: subj.wallMs / base.wallMs, cpuRatio: base.cpuMs ? subj.cpuMs / base.cpuMs : null };
}

/**
 * Print both sides and how the subject fares against `goal`: `{ratio}` (subject ÷ baseline,
 * wall and CPU) or `{ms}` (the subject's median wall and CPU time).
 */
export function printComparison(label, baseName, subjectName, c, goal) {
  const side = (name, s) =>
    `  ${name.padEnd(24)} wall ${s.wallMs.toFixed(1).padStart(7)} ms` + (s.cpuMs === null ? '' : `  cpu ${s.cpuMs.toFixed(0).padStart(5)} ms  peak RSS ${s.rssMiB.toFixed(0)} MiB`);
  console.log(`${label}  [${loadNote()}]`);
  console.log(side(baseName, c.base));
  console.log(side(subjectName, c.subject));
  const met = (v, max) => (v <= max ? 'met' : 'NOT met');
  const ratios = `  ratio wall ${c.wallRatio.toFixed(2)}` + (c.cpuRatio === null ? '' : `  cpu ${c.cpuRatio.toFixed(2)}`);
  if (goal.ratio !== undefined) console.log(`${ratios}  (goal <= ${goal.ratio}: wall ${met(c.wallRatio, goal.ratio)}` + (c.cpuRatio === null ? ')' : `, cpu ${met(c.cpuRatio, goal.ratio)})`));
  else console.log(`${ratios}  (goal <= ${goal.ms} ms: wall ${met(c.subject.wallMs, goal.ms)}` + (c.subject.cpuMs === null ? ')' : `, cpu ${met(c.subject.cpuMs, goal.ms)})`));
}

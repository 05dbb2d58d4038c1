// Benchmark: rendering a session record's frontmatter in a fresh process, as every commit of a
// live session does (src/frontmatter/index.ts `renderFrontmatter`), for records listing
// COMMITS commits (default "30,300,2000": the `commits:` list grows by one per commit of the
// session). Each round starts a new `node` for this checkout's build and one for COMPARE's
// (default: none, this build alone), alternating which goes first; each renders the record's frontmatter data
// once (cold: the first call pays js-yaml's compilation, as a hook does) and reports the time
// of that call (ms, `process.hrtime`) and its peak RSS (`process.resourceUsage().maxRSS`).
// Printed: medians per size, the difference and ratio to COMPARE, the largest peak RSS, and
// whether both builds wrote the same bytes.
// Run: `npm run build && COMPARE=<another built checkout> node bench/record-frontmatter.mjs`
// (ROUNDS, default 15; COMMITS).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNote, median } from './lib/measure.mjs';

const HERE = fileURLToPath(import.meta.url);

/** The frontmatter data of a record of `n` commits, shaped as src/record/parts.ts writes it. */
function recordData(n) {
  const commits = Array.from({ length: n }, (_, i) => createHash('sha1').update(`commit ${i}`).digest('hex'));
  return {
    drift: 1,
    agent: 'claude-code',
    session: 'claude-code:be0c4e11-0000-4000-8000-000000000000',
    model: 'claude-sonnet-4-5',
    branch: 'main',
    started: '2026-06-08T11:00:11.669Z',
    ended: '2026-07-02T00:59:00.000Z',
    commits,
    files: Array.from({ length: 40 }, (_, i) => `src/module-${i}.ts`),
    prompts: 3 * n,
    edits: { applied: 9 * n, rejected: n },
  };
}

if (process.argv[2] === '--render') {
  // Worker: render once in this fresh process and print `ms rssKiB sha256-of-output`.
  const { renderFrontmatter } = await import(join(process.argv[3], 'dist', 'frontmatter', 'index.js'));
  const data = recordData(Number(process.argv[4]));
  const start = process.hrtime.bigint();
  const text = renderFrontmatter('# Session be0c4e11\n', data);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${ms} ${process.resourceUsage().maxRSS} ${createHash('sha256').update(text).digest('hex')}`);
} else {
  const PROJECT = resolve(dirname(HERE), '..');
  const COMPARE = process.env.COMPARE ? resolve(process.env.COMPARE) : null;
  const ROUNDS = Number(process.env.ROUNDS ?? 15);
  const SIZES = (process.env.COMMITS ?? '30,300,2000').split(',').map(Number);
  const render = (project, n) => {
    const r = spawnSync(process.execPath, [HERE, '--render', project, String(n)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${project}: ${r.stderr}`);
    const [ms, rssKiB, digest] = r.stdout.trim().split(' ');
    return { ms: Number(ms), rssKiB: Number(rssKiB), digest };
  };
  for (const n of SIZES) {
    const runs = { this: [], compare: [] };
    for (let i = 0; i < ROUNDS; i++) {
      // Which build goes first changes every round: the first of two fresh processes measured 0.7 ms slower with the same build on both sides.
      if (COMPARE && i % 2 === 1) runs.compare.push(render(COMPARE, n));
      runs.this.push(render(PROJECT, n));
      if (COMPARE && i % 2 === 0) runs.compare.push(render(COMPARE, n));
    }
    const line = (name, rs) =>
      `  ${name.padEnd(8)} render ${median(rs.map((r) => r.ms))
        .toFixed(2)
        .padStart(7)} ms (median of ${rs.length}), peak RSS ${(Math.max(...rs.map((r) => r.rssKiB)) / 1024).toFixed(0)} MiB`;
    console.log(`record frontmatter, ${n} commits  [${loadNote()}]`);
    console.log(line('this', runs.this));
    if (!COMPARE) continue;
    console.log(line('COMPARE', runs.compare));
    const [a, b] = [median(runs.this.map((r) => r.ms)), median(runs.compare.map((r) => r.ms))];
    const same = runs.this[0].digest === runs.compare[0].digest;
    console.log(`  this − COMPARE: ${(a - b).toFixed(2)} ms; ratio ${(a / b).toFixed(2)}; output ${same ? 'identical' : 'DIFFERS'}`);
  }
}

// Benchmark: the time redaction takes over real agent text, and what the vendor rule set
// (gitleaks' rules, src/redact/vendors/) adds to it.
//
// Input: every line of every file in ../shared/corpus (real prompts, tool calls and tool
// output, as the capture redacts them string by string), read once. Then ROUNDS times:
//   - baseline: the detectors that ran before the vendor rules (provider shapes,
//     assignments, flags, high entropy), imported from their dist/ modules;
//   - full: `redact` as the post-commit hook runs it (every detector, then paths).
// Reported: medians (ms) of both, their ratio, MB/s, what each found, and peak memory.
// Run: `npm run build && node bench/redact.mjs` (ROUNDS=5 by default; CORPUS=<dir> elsewhere).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = process.env.CORPUS ?? resolve(PROJECT, '..', 'shared', 'corpus');
const ROUNDS = Number(process.env.ROUNDS ?? 5);

const { redact } = await import(join(PROJECT, 'dist', 'redact', 'index.js'));
const { findShapedSecrets } = await import(join(PROJECT, 'dist', 'redact', 'rules.js'));
const { findAssignments, findFlagValues } = await import(join(PROJECT, 'dist', 'redact', 'assignment.js'));
const { findHighEntropy } = await import(join(PROJECT, 'dist', 'redact', 'entropy.js'));

/** Every regular file under `dir`. */
function files(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const lines = [];
let bytes = 0;
for (const file of files(CORPUS)) {
  if (statSync(file).size > 64 * 1024 * 1024) continue;
  const text = readFileSync(file, 'utf8');
  bytes += Buffer.byteLength(text);
  for (const line of text.split('\n')) if (line.length > 0) lines.push(line);
}

const opts = { home: '/home/bench', roots: ['/home/bench/repo'], patterns: [] };

function baseline() {
  let found = 0;
  for (const line of lines) {
    found += findShapedSecrets(line).length + findAssignments(line).length + findFlagValues(line).length;
    found += findHighEntropy(line, [], 4).length;
  }
  return found;
}

function full() {
  let changed = 0;
  for (const line of lines) if (redact(line, opts) !== line) changed++;
  return changed;
}

function time(fn) {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = [];
const all = [];
let baseFound = 0;
let fullChanged = 0;
for (let round = 0; round < ROUNDS; round++) {
  const b = time(baseline);
  const f = time(full);
  base.push(b.ms);
  all.push(f.ms);
  baseFound = b.result;
  fullChanged = f.result;
}
const mb = bytes / 1024 / 1024;
const mBase = median(base);
const mFull = median(all);
console.log(`corpus: ${lines.length} lines, ${mb.toFixed(1)} MiB; ${ROUNDS} rounds`);
console.log(`baseline detectors: ${mBase.toFixed(0)} ms median (${(mb / (mBase / 1000)).toFixed(1)} MiB/s), ${baseFound} finds`);
console.log(`redact (full):      ${mFull.toFixed(0)} ms median (${(mb / (mFull / 1000)).toFixed(1)} MiB/s), ${fullChanged} lines changed`);
console.log(`ratio full/baseline: ${(mFull / mBase).toFixed(2)}`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

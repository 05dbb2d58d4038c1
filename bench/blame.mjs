// Benchmark: `git drift blame` against plain `git blame --porcelain` on the same file, in
// the same run, on two histories (CASES, default `linear,merges`):
//
// - `linear`: a 3,000-line file (FILE_LINES) built up by 500 commits (LINEAR_COMMITS), each
//   rewriting six lines; every commit carries a drift note naming the lines it added (half
//   agent, half human). Written with one `git fast-import`.
// - `merges`: the shape of a busy project merging pull requests (`bench/lib/merge-history.mjs`,
//   MERGE_COMMITS, default 1,700: about 290 merges; `src/core/engine.js` touched by 1,000+
//   commits, `src/api/handler.js` by 500+), every non-merge commit noted; blamed with the
//   notes and in a local clone without them.
//
// Each file: ROUNDS runs of each command, alternating (`bench/lib/measure.mjs`); reported:
// median wall and CPU time (user + system of the whole process tree), peak RSS and the
// ratios. Goal (issue 15): ≤ 1.5. On a machine busy with other work compare the CPU ratio:
// wall times then measure the queue for the cores.
// Run: `npm run build && node bench/blame.mjs` (`CASES`, `ROUNDS`, `KEEP=1`, `DRIFT_BIN`).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderNote } from '../dist/notes/index.js';
import { formatRanges } from '../dist/attribution/index.js';
import { benchSandbox } from './lib/sandbox.mjs';
import { writeMergeHistory } from './lib/merge-history.mjs';
import { compare, freshCodeCaches, printComparison } from './lib/measure.mjs';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DRIFT = process.env.DRIFT_BIN ?? join(PROJECT, 'bin', 'git-drift'); // DRIFT_BIN: another build to compare with
freshCodeCaches(join(DRIFT, '..', '..'));
const CASES = (process.env.CASES ?? 'linear,merges').split(',');
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const FILE_LINES = Number(process.env.FILE_LINES ?? 3000);
const LINEAR_COMMITS = Number(process.env.LINEAR_COMMITS ?? process.env.COMMITS ?? 500);
const MERGE_COMMITS = Number(process.env.MERGE_COMMITS ?? 1700);

/** A drift note for commit `i` naming `lines` (1-based) of `path`: an agent's (with a prompt) or a human's. */
function note(i, path, lines, agent) {
  const ranges = formatRanges(lines);
  if (!agent) return renderNote({ drift: 1, sessions: [], files: { [path]: { human: ranges } }, body: 'No agent session contributed to this commit: every added line is human.\n' });
  const id = `claude-code:${String(i % 11).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const session = {
    id,
    agent: 'claude-code',
    model: 'claude-sonnet-4-5',
    branch: 'main',
    prompts: 1,
    edits: { applied: 1, rejected: 0 },
    record: `.prompts/sessions/2026-11-20-claude-code-${id.slice(12, 20)}.md`,
    asked: [`round ${i}: rework ${path}`],
  };
  return renderNote({
    drift: 1,
    sessions: [session],
    files: { [path]: { ai: { [id]: ranges }, prompt: { [`${id}#0`]: ranges } } },
    body: `## claude-code · ${id.slice(12, 20)} · claude-sonnet-4-5\n\n### Prompts\n\n1. (2026-11-20 09:00 UTC)\n> round ${i}: rework ${path}\n`,
  });
}

/** The linear history, with one `git fast-import`: `src/big.js` rewritten six lines at a time, every commit noted. */
function writeLinearHistory(sb) {
  const path = 'src/big.js';
  const content = Array.from({ length: FILE_LINES }, (_, n) => `const line${n} = compute(${n}); // revision 0`);
  const chunks = [];
  const data = (text) => chunks.push(`data ${Buffer.byteLength(text)}\n${text}\n`);
  const notes = [];
  for (let i = 0; i < LINEAR_COMMITS; i++) {
    const changed = [];
    if (i === 0) changed.push(...content.map((_, n) => n + 1));
    else {
      const at = (i * 37) % (FILE_LINES - 6);
      for (let k = 0; k < 6; k++) {
        content[at + k] = `const line${at + k} = compute(${at + k}); // revision ${i}`;
        changed.push(at + k + 1);
      }
    }
    chunks.push(`commit refs/heads/main\nmark :${i + 1}\ncommitter Bench <bench@example.com> ${1_700_000_000 + i * 600} +0000\n`);
    data(i === 0 ? 'initial' : `change ${i}`);
    if (i > 0) chunks.push(`from :${i}\n`);
    chunks.push(`M 100644 inline ${path}\n`);
    data(`${content.join('\n')}\n`);
    notes.push(note(i, path, changed, i % 2 === 0));
  }
  chunks.push(`commit refs/notes/drift\ncommitter Bench <bench@example.com> ${1_700_000_000 + LINEAR_COMMITS * 600} +0000\n`);
  data('notes');
  notes.forEach((text, i) => {
    chunks.push(`N inline :${i + 1}\n`);
    data(text);
  });
  execFileSync('git', ['fast-import', '--quiet'], { cwd: sb.repo, env: sb.env, input: chunks.join(''), maxBuffer: 1 << 28 });
  sb.git(['reset', '-q', '--hard', 'main']);
  sb.git(['gc', '-q']);
  return [path];
}

/** Blame `file` in `cwd` both ways; check they agree on the lines, then print the comparison. */
function measure(sb, cwd, file, label) {
  const history = sb.git(['rev-list', 'HEAD', '--', file]).split('\n').filter(Boolean).length;
  const merges = sb.git(['rev-list', '--merges', 'HEAD', '--', file]).split('\n').filter(Boolean).length;
  const out = JSON.parse(execFileSync(process.execPath, [DRIFT, 'blame', '--json', file], { cwd, env: sb.env, encoding: 'utf8', maxBuffer: 1 << 28 }));
  const plain = execFileSync('git', ['blame', '--porcelain', file], { cwd, env: sb.env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const heads = plain.split('\n').filter((l) => l.startsWith('\t')).length;
  const unknown = out.lines.filter((l) => l.state === 'unknown').length;
  if (out.lines.length !== heads) throw new Error(`git drift blame gave ${out.lines.length} lines, git blame ${heads}`);
  const c = compare(['git', ['blame', '--porcelain', file]], [process.execPath, [DRIFT, 'blame', file]], ROUNDS, { cwd, env: sb.env });
  printComparison(`${file} ${label}: ${heads} lines, ${history} commits in its history (${merges} merges), ${unknown} lines unknown`, 'git blame --porcelain', 'git drift blame', c, { ratio: 1.5 });
}

for (const kind of CASES) {
  const sb = benchSandbox(`drift-bench-blame-${kind}-`);
  try {
    const t0 = Date.now();
    sb.git(['init', '-q', '-b', 'main']);
    if (kind === 'linear') {
      const [file] = writeLinearHistory(sb);
      console.log(`linear set-up: ${FILE_LINES} lines, ${LINEAR_COMMITS} commits with notes (${Date.now() - t0} ms)`);
      measure(sb, sb.repo, file, 'linear, notes');
    } else if (kind === 'merges') {
      const shape = writeMergeHistory(sb, { commits: MERGE_COMMITS, notes: true, renderNote: (i, path, lines, agent) => note(i, path, lines, agent) });
      const bare = join(sb.root, 'no-notes');
      execFileSync('git', ['clone', '-q', sb.repo, bare], { env: sb.env });
      execFileSync('git', ['commit-graph', 'write', '--reachable'], { cwd: bare, env: sb.env });
      console.log(`merges set-up: ${shape.commits} commits, ${shape.merges} merges, commits per file ${JSON.stringify(shape.files)} (${Date.now() - t0} ms)`);
      for (const [label, cwd] of [
        ['merges, notes', sb.repo],
        ['merges, no notes', bare],
      ]) {
        for (const file of ['src/core/engine.js', 'src/api/handler.js']) measure(sb, cwd, file, label);
      }
    } else throw new Error(`unknown case ${kind}: CASES takes linear, merges`);
  } finally {
    if (!process.env.KEEP) rmSync(sb.root, { recursive: true, force: true });
    else console.log(sb.root);
  }
}

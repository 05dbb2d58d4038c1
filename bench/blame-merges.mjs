// Benchmark: `git drift blame` against `git blame --porcelain` on a merge-heavy history.
//
// Set-up (in a temporary directory, about 20 s): `bench/lib/merge-history.mjs` replays the
// shape of a busy project merging pull requests (COMMITS, default 1,700: about 300 merge
// commits; `src/core/engine.js` touched by 1,000+ commits, `src/api/handler.js` by 400+),
// every non-merge commit with a drift note. A local clone of it has no notes.
// Then, for each file, with and without notes: ROUNDS runs of each command, alternating;
// reported: median wall and CPU time (user + system of the whole process tree), peak RSS
// and the ratios. Goal (issue 15): ≤ 1.5. On a machine busy with other work, compare the
// CPU ratio: wall times then measure the queue for the cores.
// Run: `npm run build && node bench/blame-merges.mjs` (`COMMITS`, `ROUNDS`, `KEEP=1`, `DRIFT_BIN`).
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderNote } from '../dist/notes/index.js';
import { formatRanges } from '../dist/attribution/index.js';
import { benchSandbox } from './lib/sandbox.mjs';
import { writeMergeHistory } from './lib/merge-history.mjs';
import { compare, printComparison } from './lib/measure.mjs';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DRIFT = process.env.DRIFT_BIN ?? join(PROJECT, 'bin', 'git-drift'); // DRIFT_BIN: another build to compare with
const COMMITS = Number(process.env.COMMITS ?? 1700);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const FILES = ['src/core/engine.js', 'src/api/handler.js'];

/** A drift note for commit `i` naming `lines` of `path`: an agent's (with a prompt) or a human's. */
function note(i, path, lines, agent) {
  const id = `claude-code:${String(i % 11).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const ranges = formatRanges(lines);
  if (!agent) return renderNote({ drift: 1, sessions: [], files: { [path]: { human: ranges } }, body: 'No agent session contributed to this commit: every added line is human.\n' });
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

const sb = benchSandbox('drift-bench-blame-merges-');
try {
  const t0 = Date.now();
  sb.git(['init', '-q', '-b', 'main']);
  const shape = writeMergeHistory(sb, { commits: COMMITS, notes: true, renderNote: note });
  const bare = join(sb.root, 'no-notes');
  execFileSync('git', ['clone', '-q', sb.repo, bare], { env: sb.env });
  execFileSync('git', ['commit-graph', 'write', '--reachable'], { cwd: bare, env: sb.env });
  console.log(`set-up: ${shape.commits} commits, ${shape.merges} merges, commits per file ${JSON.stringify(shape.files)} (${Date.now() - t0} ms)`);
  for (const [label, cwd] of [
    ['with notes', sb.repo],
    ['without notes', bare],
  ]) {
    for (const file of FILES) {
      const history = sb.git(['rev-list', 'HEAD', '--', file]).split('\n').filter(Boolean).length;
      const merges = sb.git(['rev-list', '--merges', 'HEAD', '--', file]).split('\n').filter(Boolean).length;
      const out = JSON.parse(execFileSync(process.execPath, [DRIFT, 'blame', '--json', file], { cwd, env: sb.env, encoding: 'utf8', maxBuffer: 1 << 28 }));
      const plain = execFileSync('git', ['blame', '--porcelain', file], { cwd, env: sb.env, encoding: 'utf8', maxBuffer: 1 << 28 });
      const heads = plain.split('\n').filter((l) => l.startsWith('\t')).length;
      const unknown = out.lines.filter((l) => l.state === 'unknown').length;
      if (out.lines.length !== heads) throw new Error(`git drift blame gave ${out.lines.length} lines, git blame ${heads}`);
      const c = compare(['git', ['blame', '--porcelain', file]], [process.execPath, [DRIFT, 'blame', file]], ROUNDS, { cwd, env: sb.env });
      printComparison(`${file} ${label}: ${heads} lines, ${history} commits in its history (${merges} merges), ${unknown} lines unknown`, 'git blame --porcelain', 'git drift blame', c, {
        ratio: 1.5,
      });
    }
  }
} finally {
  if (!process.env.KEEP) rmSync(sb.root, { recursive: true, force: true });
  else console.log(sb.root);
}

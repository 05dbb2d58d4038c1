// Benchmark: `git drift log -n 1000 --json` and `git drift check` over 1,000 noted commits,
// against `git log --notes` over the same commits.
//
// Set-up (in a temporary directory, one `git fast-import`): COMMITS (default 1,000) commits
// after a root commit, each touching 1–3 of 40 files and carrying a drift note as capture
// writes them: one or two sessions of three agents and several models with their prompts,
// ranges of ai, ai-modified and human lines, and a body with prompts, decisions and files
// touched (about 1.5 KiB per note). Then ROUNDS runs of each command, alternating;
// reported: median wall and CPU time (user + system of the process tree), peak RSS and the
// ratios. Goal (issue 15): each ≤ 150 ms. On a machine busy with other work, compare the
// CPU times: wall times then measure the queue for the cores.
// Run: `npm run build && node bench/log-check.mjs` (`COMMITS`, `ROUNDS`, `KEEP=1`, `DRIFT_BIN`).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderNote } from '../dist/notes/index.js';
import { formatRanges } from '../dist/attribution/index.js';
import { benchSandbox } from './lib/sandbox.mjs';
import { compare, freshCodeCaches, printComparison } from './lib/measure.mjs';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DRIFT = process.env.DRIFT_BIN ?? join(PROJECT, 'bin', 'git-drift'); // DRIFT_BIN: another build to compare with
freshCodeCaches(join(DRIFT, '..', '..'));
const COMMITS = Number(process.env.COMMITS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const AGENTS = [
  ['claude-code', 'claude-sonnet-4-5-20250929'],
  ['codex', 'gpt-5-codex'],
  ['cursor', 'claude-opus-4-1'],
];

/** Commit `i`'s note: one or two sessions (every fifth commit none), ranges over `files`. */
function note(i, files) {
  const sessions = [];
  for (let k = 0; k < (i % 5 === 0 ? 0 : 1 + (i % 2)); k++) {
    const [agent, model] = AGENTS[(i + k) % AGENTS.length];
    const id = `${agent}:${String((i >> 3) + k).padStart(8, '0')}-1111-4000-8000-${String(i).padStart(12, '0')}`;
    sessions.push({
      id,
      agent,
      model,
      branch: 'main',
      prompts: 2,
      edits: { applied: 3, rejected: k },
      record: `.prompts/sessions/2026-11-20-${agent}-${id.split(':')[1].slice(0, 8)}.md`,
      asked: [`Round ${i}: make the parser reject empty input`, 'Keep the public names as they are.'],
    });
  }
  const entries = files.map((path, f) => {
    const lines = Array.from({ length: 12 + ((i * 7 + f) % 30) }, (_, n) => 10 + n + f);
    const third = Math.floor(lines.length / 3);
    if (sessions.length === 0) return [path, { human: formatRanges(lines) }];
    const id = sessions[f % sessions.length].id;
    return [
      path,
      {
        ai: { [id]: formatRanges(lines.slice(0, third)) },
        'ai-modified': { [id]: formatRanges(lines.slice(third, 2 * third)) },
        human: formatRanges(lines.slice(2 * third)),
        prompt: { [`${id}#0`]: formatRanges(lines.slice(0, 2 * third)) },
      },
    ];
  });
  const body = sessions.length
    ? sessions
        .map(
          (s) =>
            `## ${s.agent} · ${s.id.split(':')[1].slice(0, 8)} · ${s.model}\n\n### Prompts\n\n1. (2026-11-20 09:00 UTC)\n> ${s.asked[0]}\n\n2. (2026-11-20 09:05 UTC)\n> ${s.asked[1]}\n\n### Decisions\n\n- Empty input now raises a ParseError with the position; callers already catch it.\n\n### Files touched\n\n${files.map((p) => `- \`${p}\``).join('\n')}\n`,
        )
        .join('\n')
    : 'No agent session contributed to this commit: every added line is human.\n';
  return renderNote({ drift: 1, sessions, files: Object.fromEntries(entries), body });
}

const sb = benchSandbox('drift-bench-log-check-');
try {
  const t0 = Date.now();
  sb.git(['init', '-q', '-b', 'main']);
  const filesOf = (i) => (i === 0 ? Array.from({ length: 40 }, (_, f) => `src/mod${f}.js`) : Array.from({ length: 1 + (i % 3) }, (_, f) => `src/mod${(i * 7 + f * 13) % 40}.js`));
  const chunks = [];
  const data = (s) => chunks.push(`data ${Buffer.byteLength(s)}\n${s}\n`);
  let time = 1_700_000_000;
  for (let i = 0; i <= COMMITS; i++) {
    chunks.push(`commit refs/heads/main\nmark :${i + 1}\ncommitter Bench <bench@example.com> ${(time += 900)} +0000\n`);
    data(i === 0 ? 'initial' : `change ${i}: make the parser reject empty input`);
    if (i > 0) chunks.push(`from :${i}\n`);
    for (const path of filesOf(i)) {
      chunks.push(`M 100644 inline ${path}\n`);
      data(`${Array.from({ length: 60 }, (_, n) => `export const v${n} = ${i}; // ${path}`).join('\n')}\n`);
    }
  }
  // The notes, on their own ref, in one commit naming every commit but the root.
  chunks.push(`commit refs/notes/drift\ncommitter Bench <bench@example.com> ${time + 60} +0000\n`);
  data('notes');
  for (let i = 1; i <= COMMITS; i++) {
    chunks.push(`N inline :${i + 1}\n`);
    data(note(i, filesOf(i)));
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: sb.repo, env: sb.env, input: chunks.join('') });
  sb.git(['reset', '-q', '--hard', 'main']);
  sb.git(['gc', '-q']);
  const noted = sb.git(['notes', '--ref=refs/notes/drift', 'list']).split('\n').filter(Boolean).length;
  console.log(`set-up: ${COMMITS} commits, ${noted} notes (${Date.now() - t0} ms)`);
  const log = JSON.parse(execFileSync(process.execPath, [DRIFT, 'log', '-n', String(COMMITS), '--json'], { cwd: sb.repo, env: sb.env, encoding: 'utf8', maxBuffer: 1 << 28 }));
  if (log.length !== COMMITS || log.some((e) => e.note !== 'ok')) throw new Error(`unexpected log: ${log.length} entries, ${log.filter((e) => e.note !== 'ok').length} without a valid note`);
  const range = `HEAD~${COMMITS}..HEAD`;
  const check = JSON.parse(execFileSync(process.execPath, [DRIFT, 'check', range, '--json'], { cwd: sb.repo, env: sb.env, encoding: 'utf8', maxBuffer: 1 << 28 }));
  if (check.commits.length !== COMMITS || !check.ok) throw new Error(`unexpected check: ${check.commits.length} commits, ok ${check.ok}`);
  const baseline = ['git', ['log', '--notes=refs/notes/drift', '-n', String(COMMITS)]];
  const opts = { cwd: sb.repo, env: sb.env };
  printComparison(
    `git drift log -n ${COMMITS} --json`,
    'git log --notes',
    'git drift log --json',
    compare(baseline, [process.execPath, [DRIFT, 'log', '-n', String(COMMITS), '--json']], ROUNDS, opts),
    { ms: 150 },
  );
  printComparison(`git drift check ${range}`, 'git log --notes', 'git drift check', compare(baseline, [process.execPath, [DRIFT, 'check', range]], ROUNDS, opts), { ms: 150 });
} finally {
  if (!process.env.KEEP) rmSync(sb.root, { recursive: true, force: true });
  else console.log(sb.root);
}

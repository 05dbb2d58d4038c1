// Benchmark: `git drift stats` on 1,000 noted commits with merges, against `git log
// --notes=refs/notes/drift` (reading every commit and its note, git's own cost) in the same run.
//
// Set-up (in a temporary directory, with one `git fast-import`): COMMITS commits (default
// 1,000) over FILES files (default 40): each rewrites a few lines of one file and adds a
// few; every 40th commit starts a side branch of 3 commits (while the main line moves on
// once) that a merge commit joins. Every commit but the merges carries a drift note
// (rendered by the note codec) naming the lines it added: agent lines of 3 agents and 6
// models, human lines, and human-only notes; 1 in 20 commits has no note (unknown lines).
// Then ROUNDS runs of each command, alternating (`bench/lib/measure.mjs`). Reported: median
// wall and CPU time (user + system of the whole process tree), peak RSS and the ratios.
// Goal (issue 17): well under 2 s for 1,000 commits, survival included.
// Run: `npm run build && node bench/stats.mjs` (`COMMITS`, `FILES`, `ROUNDS`, `KEEP=1`, `DRIFT_BIN`).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSandbox } from './lib/sandbox.mjs';
import { compare, freshCodeCaches, printComparison } from './lib/measure.mjs';
import { renderNote } from '../dist/notes/index.js';
import { formatRanges } from '../dist/attribution/index.js';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COMMITS = Number(process.env.COMMITS ?? 1000);
const FILES = Number(process.env.FILES ?? 40);
const ROUNDS = Number(process.env.ROUNDS ?? 9);

const { root, repo, env, git } = benchSandbox('drift-bench-stats-');

const AGENTS = [
  ['claude-code', ['claude-sonnet-4-5', 'claude-opus-4-1']],
  ['codex', ['gpt-5-codex', 'gpt-5']],
  ['gemini', ['gemini-2.5-pro', 'gemini-2.5-flash']],
];

/** The note of commit number `i`, whose added lines in `path` are `lines` (1-based). */
function note(i, path, lines) {
  if (i % 7 === 3) return renderNote({ drift: 1, sessions: [], files: { [path]: { human: formatRanges(lines) } }, body: 'No agent session contributed to this commit: every added line is human.\n' });
  const [agent, models] = AGENTS[i % 3];
  const id = `${agent}:${String(Math.floor(i / 25)).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const model = models[Math.floor(i / 3) % 2];
  const ai = lines.slice(0, -1);
  const human = lines.slice(-1);
  const session = {
    id,
    agent,
    model,
    branch: 'main',
    prompts: 1 + (i % 3),
    edits: { applied: 2, rejected: i % 4 === 0 ? 1 : 0 },
    record: `.prompts/sessions/2026-11-20-${agent}-${id.slice(agent.length + 1, agent.length + 9)}.md`,
  };
  const files = { [path]: { ai: { [id]: formatRanges(ai) }, human: formatRanges(human) } };
  return renderNote({ drift: 1, sessions: [session], files, body: `## ${agent} · ${id.slice(agent.length + 1, agent.length + 9)} · ${model}\n\n### Prompts\n\n- round ${i}: rework the handler\n` });
}

/** Build the whole history as one fast-import stream. */
function stream() {
  const files = Array.from({ length: FILES }, (_, f) => Array.from({ length: 30 }, (_, n) => `export const f${f}_${n} = ${n}; // initial`));
  const out = [];
  const notes = [];
  let mark = 0;
  let time = 1_790_000_000;
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (ref, from, merge, message, changed) => {
    mark += 1;
    time += 600;
    out.push(`commit ${ref}\nmark :${mark}\nauthor Bench <bench@example.com> ${time} +0000\ncommitter Bench <bench@example.com> ${time} +0000\n${data(message)}`);
    if (from) out.push(`from :${from}\n`);
    if (merge) out.push(`merge :${merge}\n`);
    for (const f of changed) out.push(`M 100644 inline src/f${f}.js\n${data(`${files[f].join('\n')}\n`)}`);
    return mark;
  };
  /** Change file `f` in commit number `i`: rewrite 2 lines, insert 4; returns the added lines. */
  const change = (i, f) => {
    const lines = files[f];
    const at = (i * 13) % Math.max(1, lines.length - 4);
    lines.splice(at, 2, `export const r${i}a = ${i}; // rewritten`, `export const r${i}b = ${i}; // rewritten`);
    lines.splice(at + 2, 0, ...[0, 1, 2, 3].map((k) => `export const n${i}_${k} = ${k}; // new in ${i}`));
    return [0, 1, 2, 3, 4, 5].map((k) => at + 1 + k);
  };
  const first = commit(
    'refs/heads/main',
    null,
    null,
    'initial',
    files.map((_, f) => f),
  );
  notes.push([first, renderNote({ drift: 1, sessions: [], files: {}, body: 'initial\n' })]);
  let tip = first;
  let made = 1;
  while (made < COMMITS) {
    if (made % 40 === 0 && made + 5 <= COMMITS) {
      let side = tip;
      const touched = [];
      for (let k = 0; k < 3; k++, made++) {
        const f = (made * 7) % FILES;
        const added = change(made, f);
        side = commit('refs/heads/side', side, null, `side ${made}`, [f]);
        touched.push(f);
        notes.push([side, note(made, `src/f${f}.js`, added)]);
      }
      const f = (made * 7 + 1) % FILES;
      if (touched.includes(f)) throw new Error('layout: main and side touch the same file');
      const added = change(made, f);
      tip = commit('refs/heads/main', tip, null, `main ${made}`, [f]);
      notes.push([tip, note(made, `src/f${f}.js`, added)]);
      made++;
      tip = commit('refs/heads/main', tip, side, `merge side at ${made}`, touched);
      made++;
      continue;
    }
    const f = (made * 11) % FILES;
    const added = change(made, f);
    tip = commit('refs/heads/main', tip, null, `commit ${made}`, [f]);
    if (made % 20 !== 9) notes.push([tip, note(made, `src/f${f}.js`, added)]);
    made++;
  }
  out.push(`commit refs/notes/drift\ncommitter Bench <bench@example.com> ${time} +0000\n${data('notes')}`);
  for (const [m, text] of notes) out.push(`N inline :${m}\n${data(text)}`);
  return out.join('');
}

const DRIFT = [process.env.DRIFT_BIN ?? join(PROJECT, 'bin', 'git-drift'), 'stats', '--json']; // DRIFT_BIN: another build to compare with
freshCodeCaches(join(DRIFT[0], '..', '..'));

try {
  const t0 = Date.now();
  git(['init', '-q', '-b', 'main']);
  git(['fast-import', '--quiet'], stream());
  git(['checkout', '-q', 'main']);
  const stats = JSON.parse(execFileSync(process.execPath, DRIFT, { cwd: repo, env, encoding: 'utf8', maxBuffer: 1 << 28 }));
  console.log(`set-up: ${stats.commits.total} commits (${stats.commits.merges} merges, ${stats.commits.noted} noted), ${FILES} files (${Date.now() - t0} ms)`);
  if (stats.commits.total !== COMMITS || stats.survival === null || stats.survival.added === 0) throw new Error('unexpected stats');
  console.log(`survival: ${stats.survival.unchanged} of ${stats.survival.added} agent lines unchanged, ${stats.survival.present} present`);
  const c = compare(['git', ['log', '--notes=refs/notes/drift']], [process.execPath, DRIFT], ROUNDS, { cwd: repo, env });
  printComparison(`git drift stats --json over ${COMMITS} commits`, 'git log --notes', 'git drift stats --json', c, { ms: 2000 });
} finally {
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
  else console.log(root);
}

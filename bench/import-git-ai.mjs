// Benchmark: `git drift import git-ai` of NOTES generated git-ai notes, against reading the
// same notes with git itself (`git log --notes=refs/notes/ai`) in the same run.
//
// Set-up (in a temporary directory, with `git fast-import`): a history of NOTES commits on
// main spread over 1,000 files, each commit adding 6 lines to one file, with a side branch
// merged back every MERGE_EVERY commits (the side commit is annotated, the merge is not);
// every annotated commit carries a git-ai v3 note (pretty-printed JSON like git-ai's) that
// attests 4 of its 6 lines to one of 7 conversations, a third of them with a legacy 16-hex
// prompt key beside the session key. Then: the baseline, the import, a second import (all
// unchanged). Reported: wall time (s), CPU time (user+sys as /usr/bin/time reports it, a
// steadier figure than wall time on a shared machine), peak RSS (MiB), and the ratio
// (`bench/lib/measure.mjs`).
// Run: `npm run build && node bench/import-git-ai.mjs` (NOTES=10000 by default; KEEP=1 keeps the repository).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchSandbox } from './lib/sandbox.mjs';
import { loadNote, timed } from './lib/measure.mjs';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NOTES = Number(process.env.NOTES ?? 10000);
const MERGE_EVERY = Number(process.env.MERGE_EVERY ?? 100);
const FILES = 1000;

const { root, repo, env, git } = benchSandbox('drift-bench-import-');
const sha = (text, n) => createHash('sha256').update(text).digest('hex').slice(0, n);

const conversation = (i) => `0000000${i % 7}-aaaa-4bbb-8ccc-${String(i % 7).padStart(12, '0')}`;

/** The git-ai note of a commit that added `lines` (1-based) to `path`. */
function gitAiNote(i, path, lines, legacy) {
  const conv = conversation(i);
  const session = `s_${sha(`claude:${conv}`, 14)}`;
  const prompt = sha(`claude:${conv}`, 16);
  const attested = lines.slice(0, 4);
  const key = legacy ? prompt : `${session}::t_${sha(`trace ${i}`, 14)}`;
  const agent = { agent_id: { tool: 'claude', id: conv, model: 'claude-opus-4-6' }, human_author: 'Bench <bench@example.com>' };
  const meta = {
    schema_version: 'authorship/3.0.0',
    git_ai_version: '1.6.7',
    base_commit_sha: '0'.repeat(40),
    prompts: legacy ? { [prompt]: agent } : {},
    sessions: legacy ? {} : { [session]: agent },
  };
  return `${path}\n  ${key} ${attested[0]}-${attested[3]}\n---\n${JSON.stringify(meta, null, 2)}\n`;
}

function data(text) {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** The fast-import stream of the history and of the notes commit. */
function stream() {
  const out = [];
  const notes = [];
  const lengths = new Array(FILES).fill(0);
  const contents = new Array(FILES).fill('');
  let mark = 0;
  let prev = 0;
  let time = 1_760_000_000;
  const who = () => `committer Bench <bench@example.com> ${time++} +0000\n`;
  for (let i = 0; notes.length < NOTES; i++) {
    const k = i % FILES;
    const path = `src/m${String(k).padStart(4, '0')}.ts`;
    const added = [];
    for (let n = 0; n < 6; n++) added.push(++lengths[k]);
    contents[k] += added.map((n) => `export const v${n} = ${i} * ${n}; // ${path}\n`).join('');
    const onSide = i > 0 && i % MERGE_EVERY === 0;
    const m = ++mark;
    out.push(`commit refs/heads/${onSide ? 'side' : 'main'}\nmark :${m}\n${who()}${data(`change ${i}`)}${prev ? `from :${prev}\n` : ''}M 100644 inline ${path}\n${data(contents[k])}`);
    notes.push([m, gitAiNote(i, path, added, i % 3 === 0)]);
    if (onSide) {
      const merge = ++mark;
      out.push(`commit refs/heads/main\nmark :${merge}\n${who()}${data(`merge side ${i}`)}from :${prev}\nmerge :${m}\nM 100644 inline ${path}\n${data(contents[k])}`);
      prev = merge;
    } else {
      prev = m;
    }
  }
  out.push(`commit refs/notes/ai\n${who()}${data('git-ai notes')}${notes.map(([m, text]) => `N inline :${m}\n${data(text)}`).join('')}`);
  return out.join('');
}

/** Run a command once (`timed`, bench/lib/measure.mjs): wall seconds, CPU seconds of the process tree, peak RSS in MiB. */
function run(label, file, args) {
  const r = timed(file, args, { cwd: repo, env });
  return { label, seconds: r.wallMs / 1000, rssMb: r.rssMiB ?? NaN, cpu: (r.cpuMs ?? NaN) / 1000 };
}
try {
  const t0 = Date.now();
  git(['init', '-q', '-b', 'main']);
  git(['fast-import', '--quiet'], stream());
  git(['reset', '-q', '--hard', 'main']);
  const commits = Number(git(['rev-list', '--count', 'main']).trim());
  const merges = Number(git(['rev-list', '--count', '--merges', 'main']).trim());
  const notes = git(['notes', '--ref=ai', 'list']).split('\n').filter(Boolean).length;
  console.log(`set-up: ${commits} commits (${merges} merges), ${notes} git-ai notes, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const baseline = run('git log --notes=refs/notes/ai', 'git', ['log', '--notes=refs/notes/ai', '--format=%H%n%N', 'main']);
  const drift = [process.execPath, join(PROJECT, 'bin', 'git-drift')];
  const first = run('git drift import git-ai', drift[0], [drift[1], 'import', 'git-ai', '--json']);
  const result = JSON.parse(execFileSync(drift[0], [drift[1], 'import', 'git-ai', '--json'], { cwd: repo, env, encoding: 'utf8', maxBuffer: 1 << 30 }));
  const second = run('git drift import git-ai (again)', drift[0], [drift[1], 'import', 'git-ai', '--json']);
  const written = git(['notes', '--ref=drift', 'list']).split('\n').filter(Boolean).length;
  for (const r of [baseline, first, second])
    console.log(`${r.label.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s wall  ${r.cpu.toFixed(2).padStart(7)} s CPU  peak RSS ${r.rssMb.toFixed(0).padStart(5)} MiB`);
  console.log(loadNote());
  console.log(
    `import / baseline (wall): ${(first.seconds / Math.max(baseline.seconds, 0.01)).toFixed(1)}x; drift notes written: ${written}; third run: ${result.unchanged} unchanged, ${result.skipped.length} skipped`,
  );
} finally {
  if (process.env.KEEP) console.log(`kept: ${repo}`);
  else rmSync(root, { recursive: true, force: true });
}

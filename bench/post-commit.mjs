// Benchmark: the time the post-commit capture adds to `git commit`.
//
// Set-up (in a temporary directory, never the machine's own agent logs):
//   - UNRELATED_MB of other projects' agent logs (half Claude Code project dirs, half
//     Codex rollouts with another cwd), default 1024 (1 GB);
//   - one live Claude Code session of LIVE_MB (default 50) in this repository, built from
//     a real corpus session with its cwd rewritten;
//   - git drift installed; one first commit pays the one-time read of the live session.
// Then ROUNDS times: the live session grows by one real edit, the file changes, and a
// commit is made with git drift on; and the same with GIT_DRIFT=0. Reported: medians and
// the added time (ms). Run: `npm run bench` (or `node bench/post-commit.mjs`); set
// UNRELATED_MB=0 to compare the added time without unrelated logs.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = resolve(PROJECT, '..', 'shared', 'corpus');
const UNRELATED_MB = Number(process.env.UNRELATED_MB ?? 1024);
const LIVE_MB = Number(process.env.LIVE_MB ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const SAMPLE = join(CORPUS, 'claude-code', 'chiphuyen__sniffly', '-Users-chip-dev-ai-music', 'd3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl');
const CODEX_SAMPLE = join(CORPUS, 'codex', 'Hoper-J__cpolar-connect', 'sessions', '2025', '09', '16', 'rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl');

const root = realpathSync(mkdtempSync(join(tmpdir(), 'drift-bench-')));
const home = join(root, 'home');
const repo = join(root, 'repo');
mkdirSync(home, { recursive: true });
mkdirSync(repo, { recursive: true });
writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.com\n');
const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_GLOBAL: join(home, '.gitconfig'), GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8' };
const git = (args, extra = {}) => execFileSync('git', args, { cwd: repo, env: { ...env, ...extra }, encoding: 'utf8' });
const slug = (p) => p.replace(/[^A-Za-z0-9]/g, '-');
const esc = (s) => JSON.stringify(s).slice(1, -1);

/** Write about `mb` MiB to `path` by repeating `text`. */
function fill(path, text, mb) {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  const chunk = Buffer.from(text);
  for (let written = 0; written < mb * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
  closeSync(fd);
}

function makeUnrelated() {
  const claude = readFileSync(SAMPLE, 'utf8');
  const codex = readFileSync(CODEX_SAMPLE, 'utf8');
  const files = Math.max(1, Math.round(UNRELATED_MB / 5));
  for (let i = 0; i < files; i++) {
    const other = `/home/someone/work/project-${i}`;
    if (i % 2 === 0) fill(join(home, '.claude', 'projects', slug(other), `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000.jsonl`), claude.replaceAll('/Users/chip/dev/ai-music', other), 5);
    else
      fill(
        join(home, '.codex', 'sessions', '2026', '01', String(1 + (i % 28)).padStart(2, '0'), `rollout-2026-01-01T00-00-00-${String(i).padStart(8, '0')}-0000-4000-8000-000000000000.jsonl`),
        codex.replaceAll('/Users/home/Downloads/CpolarAutoUpdater', other),
        5,
      );
  }
}

const liveId = 'be0c4e11-0000-4000-8000-000000000000';
const livePath = () => join(home, '.claude', 'projects', slug(repo), `${liveId}.jsonl`);

function makeLive() {
  const sample = readFileSync(SAMPLE, 'utf8').replaceAll(esc('/Users/chip/dev/ai-music'), esc(repo));
  fill(livePath(), sample, LIVE_MB);
}

/** One new edit in the live session: a Write of `bench.txt` with `n` lines, in Claude Code's format. */
function appendEdit(round) {
  const content = Array.from({ length: 20 }, (_, i) => `line ${i} of round ${round}`).join('\n') + '\n';
  const base = { cwd: repo, sessionId: liveId, version: '2.0.28', gitBranch: 'main' };
  const id = `toolu_bench_${round}`;
  appendFileSync(
    livePath(),
    [
      JSON.stringify({
        ...base,
        type: 'assistant',
        uuid: `a-${round}`,
        timestamp: new Date().toISOString(),
        message: { id: `m-${round}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name: 'Write', input: { file_path: join(repo, 'bench.txt'), content } }] },
      }),
      JSON.stringify({
        ...base,
        type: 'user',
        uuid: `u-${round}`,
        timestamp: new Date().toISOString(),
        message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] },
        toolUseResult: {
          type: 'update',
          filePath: join(repo, 'bench.txt'),
          content,
          structuredPatch: [
            {
              oldStart: 1,
              oldLines: 0,
              newStart: 1,
              newLines: 20,
              lines: content
                .trimEnd()
                .split('\n')
                .map((l) => `+${l}`),
            },
          ],
        },
      }),
    ].join('\n') + '\n',
  );
  writeFileSync(join(repo, 'bench.txt'), content);
}

function timeCommit(round, drift) {
  appendEdit(round);
  git(['add', 'bench.txt']);
  const start = process.hrtime.bigint();
  const r = spawnSync('git', ['commit', '-q', '-m', `round ${round}`], { cwd: repo, env: { ...env, ...(drift ? {} : { GIT_DRIFT: '0' }) }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(r.stderr);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const t = Date.now();
  makeUnrelated();
  makeLive();
  console.log(`set-up: ${UNRELATED_MB} MiB unrelated logs, ${LIVE_MB} MiB live session (${Date.now() - t} ms)`);
  git(['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'README.md'), '# bench\n');
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'initial'], { GIT_DRIFT: '0' });
  execFileSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'install'], { cwd: repo, env, encoding: 'utf8' });
  const first = timeCommit(0, true);
  console.log(`first commit after install (reads the whole live session once): ${first.toFixed(0)} ms`);
  const on = [];
  const off = [];
  for (let i = 1; i <= ROUNDS; i++) {
    off.push(timeCommit(2 * i - 1, false));
    on.push(timeCommit(2 * i, true));
  }
  const note = git(['notes', '--ref=drift', 'show', 'HEAD']);
  if (!/ai:/.test(note)) throw new Error('the last commit was not attributed to the live session');
  const added = median(on) - median(off);
  console.log(`commit without drift: median ${median(off).toFixed(1)} ms`);
  console.log(`commit with drift:    median ${median(on).toFixed(1)} ms`);
  console.log(`added by post-commit: median ${added.toFixed(1)} ms  (ratio ${(median(on) / median(off)).toFixed(2)})`);
  console.log(`goal: added <= 150 ms: ${added <= 150 ? 'met' : 'NOT met'}`);
} finally {
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
  else console.log(root);
}

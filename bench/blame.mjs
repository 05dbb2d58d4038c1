// Benchmark: `git drift blame` against plain `git blame --porcelain` on the same file.
//
// Set-up (in a temporary directory): a 3,000-line file (FILE_LINES) built up by 500
// commits (COMMITS), each rewriting a few lines; every commit carries a drift note whose
// ranges name the lines it added (half agent, half human). Then ROUNDS runs of each
// command, alternating; reported: medians (ms) and the ratio. Goal (issue 3): ≤ 1.5.
// Run: `npm run build && node bench/blame.mjs`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderNote } from '../dist/notes/index.js';
import { formatRanges } from '../dist/attribution/index.js';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FILE_LINES = Number(process.env.FILE_LINES ?? 3000);
const COMMITS = Number(process.env.COMMITS ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 15);

const root = realpathSync(mkdtempSync(join(tmpdir(), 'drift-bench-blame-')));
const home = join(root, 'home');
const repo = join(root, 'repo');
mkdirSync(home, { recursive: true });
mkdirSync(repo, { recursive: true });
writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.com\n[gc]\n\tauto = 0\n'); // no background gc racing the set-up's own gc, or the timed runs
const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_GLOBAL: join(home, '.gitconfig'), GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8', GIT_DRIFT: '0' };
const git = (args, input) => execFileSync('git', args, { cwd: repo, env, input, encoding: 'utf8', maxBuffer: 1 << 28 });
const session = (i) => `claude-code:${String(i % 7).padStart(8, '0')}-0000-4000-8000-000000000000`;

function note(i, lines) {
  const id = session(i);
  const agent = i % 2 === 0;
  const sessions = agent
    ? [
        {
          id,
          agent: 'claude-code',
          model: 'claude-sonnet-4-5',
          branch: 'main',
          prompts: 1,
          edits: { applied: 1, rejected: 0 },
          record: `.prompts/sessions/2026-11-20-claude-code-${id.slice(12, 20)}.md`,
          asked: [`round ${i}: rework the handler`],
        },
      ]
    : [];
  const ranges = formatRanges(lines);
  const files = { 'src/big.js': agent ? { ai: { [id]: ranges }, prompt: { [`${id}#0`]: ranges } } : { human: ranges } };
  return renderNote({
    drift: 1,
    sessions,
    files,
    body: agent ? `## claude-code · ${id.slice(12, 20)} · claude-sonnet-4-5\n\nround ${i}\n` : 'No agent session contributed to this commit: every added line is human.\n',
  });
}

function setUp() {
  git(['init', '-q', '-b', 'main']);
  const content = Array.from({ length: FILE_LINES }, (_, n) => `const line${n} = compute(${n}); // revision 0`);
  mkdirSync(join(repo, 'src'));
  writeFileSync(join(repo, 'src', 'big.js'), `${content.join('\n')}\n`);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'initial']);
  git(
    ['notes', '--ref=refs/notes/drift', 'add', '-F', '-', 'HEAD'],
    note(
      0,
      content.map((_, n) => n + 1),
    ),
  );
  for (let i = 1; i < COMMITS; i++) {
    const at = (i * 37) % (FILE_LINES - 6);
    const changed = [];
    for (let k = 0; k < 6; k++) {
      content[at + k] = `const line${at + k} = compute(${at + k}); // revision ${i}`;
      changed.push(at + k + 1);
    }
    writeFileSync(join(repo, 'src', 'big.js'), `${content.join('\n')}\n`);
    git(['commit', '-q', '-a', '-m', `change ${i}`]);
    git(['notes', '--ref=refs/notes/drift', 'add', '-F', '-', 'HEAD'], note(i, changed));
  }
  git(['gc', '-q']);
}

function time(cmd, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: repo, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const t0 = Date.now();
  setUp();
  console.log(`set-up: ${FILE_LINES} lines, ${COMMITS} commits with notes (${Date.now() - t0} ms)`);
  const check = JSON.parse(execFileSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'blame', '--json', 'src/big.js'], { cwd: repo, env, encoding: 'utf8', maxBuffer: 1 << 28 }));
  const unknown = check.lines.filter((l) => l.state === 'unknown').length;
  if (check.lines.length !== FILE_LINES || unknown > 0) throw new Error(`unexpected blame: ${check.lines.length} lines, ${unknown} unknown`);
  const plain = [];
  const drift = [];
  for (let i = 0; i < ROUNDS; i++) {
    plain.push(time('git', ['blame', '--porcelain', 'src/big.js']));
    drift.push(time(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'blame', 'src/big.js']));
  }
  const ratio = median(drift) / median(plain);
  console.log(`git blame --porcelain: median ${median(plain).toFixed(1)} ms`);
  console.log(`git drift blame:       median ${median(drift).toFixed(1)} ms`);
  console.log(`ratio ${ratio.toFixed(2)}  (goal <= 1.5: ${ratio <= 1.5 ? 'met' : 'NOT met'})`);
} finally {
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
  else console.log(root);
}

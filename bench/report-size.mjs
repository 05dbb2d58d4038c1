// The size of a `git drift report` page, and the time to make it, for a repository of 1,000
// commits: each adds 12 lines to one of 60 files (8 by an agent session, 4 by hand), with a
// drift note naming one of 40 sessions of two agents (prompts and a decision in its body);
// every 10th commit has no note. Built with one `git fast-import` (notes included).
// Run: npm run build && node bench/report-size.mjs [commits]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const COMMITS = Number(process.argv[2] ?? 1000);
const root = mkdtempSync(join(tmpdir(), 'drift-report-size-'));
const home = join(root, 'home');
const repo = join(root, 'repo');
const env = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(root, 'gitconfig'), TZ: 'UTC' };
const git = (args, input) => execFileSync('git', args, { cwd: repo, env, input, encoding: 'utf8', maxBuffer: 1 << 30 });
execFileSync('git', ['init', '-q', '-b', 'main', repo], { env });

const files = new Map();
const out = [];
const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
for (let i = 1; i <= COMMITS; i++) {
  const path = `src/mod${i % 60}/file${i % 60}.ts`;
  const lines = files.get(path) ?? [];
  const start = lines.length + 1;
  for (let k = 0; k < 12; k++) lines.push(`export const value${i}_${k} = compute(${i}, ${k}); // step ${i}`);
  files.set(path, lines);
  const when = 1763640000 + i * 3600;
  out.push(`commit refs/heads/main\nmark :${i}\nauthor Dev ${i % 3} <dev${i % 3}@example.com> ${when} +0000\ncommitter Dev <dev@example.com> ${when} +0000\n${data(`Change ${i}`)}`);
  if (i > 1) out.push(`from :${i - 1}\n`);
  out.push(`M 100644 inline ${path}\n${data(lines.join('\n'))}`);
  if (i % 10 !== 0) {
    const agent = i % 2 ? 'claude-code' : 'codex';
    const id = `${agent}:${String(i % 40).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const note = `---\ndrift: 1\nsessions:\n  - id: '${id}'\n    agent: ${agent}\n    model: ${agent === 'codex' ? 'gpt-5-codex' : 'claude-sonnet-4-5'}\n    branch: main\n    prompts: 1\n    edits:\n      applied: 2\n      rejected: ${i % 7 === 0 ? 1 : 0}\n    record: .prompts/sessions/x.md\n    asked:\n      - 'Add the values of step ${i} to ${path}'\nfiles:\n  ${path}:\n    ai:\n      '${id}': ${start}-${start + 7}\n    human: ${start + 8}-${start + 11}\n    prompt:\n      '${id}#0': ${start}-${start + 7}\n---\n\n## ${agent} · ${String(i % 40).padStart(8, '0')} · model\n\n### Prompts\n\n1. (2026-11-20 10:00 UTC)\n> Add the values of step ${i} to ${path}\n\n### Decisions\n\n- Computed each value with compute() so the steps stay uniform.\n`;
    out.push(
      `commit refs/notes/drift\ncommitter Dev <dev@example.com> ${when} +0000\n${data(`note ${i}`)}${i > 1 && out.some((x) => x.startsWith('commit refs/notes/drift')) ? '' : ''}N inline :${i}\n${data(note)}`,
    );
  }
}
git(['fast-import', '--quiet'], out.join(''));
git(['reset', '-q', '--hard', 'main']);
const started = process.hrtime.bigint();
const page = join(root, 'report.html');
execFileSync(process.execPath, [join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'bin', 'git-drift'), 'report', '-o', page], { cwd: repo, env, stdio: 'inherit' });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const html = readFileSync(page, 'utf8');
const block = /id="drift-data">([^]*?)<\/script>/.exec(html)[1];
console.log(
  `${COMMITS} commits, ${files.size} files: page ${(statSync(page).size / 1024).toFixed(0)} KB (data ${(Buffer.byteLength(block) / 1024).toFixed(0)} KB, script and style ${((statSync(page).size - Buffer.byteLength(block)) / 1024).toFixed(0)} KB), made in ${(ms / 1000).toFixed(1)} s`,
);
rmSync(root, { recursive: true, force: true });

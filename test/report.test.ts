/**
 * `git drift report` on real repositories (the page's behaviour in a browser is
 * report-browser.test.ts): the data it carries on a range without notes, with notes from
 * several agents and a merge, in a clone that fetched only the notes, and on an empty
 * range; where it writes; its Content-Security-Policy; `--open` without an opener.
 */
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { PROJECT, git, makeRepo, makeSandbox } from './helpers/env.js';
import { drift } from './helpers/replay.js';
import { CLAUDE, CODEX, makeReportRepo } from './helpers/report.js';
import { renderJsonBlock } from '../src/report/html.js';
import type { ReportData } from '../src/report/data.js';

/** The data block of a report page, parsed. */
function dataOf(html: string): ReportData {
  const m = /<script type="application\/json" id="drift-data">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('no data block');
  return JSON.parse(m[1]!) as ReportData;
}

function report(sb: ReturnType<typeof makeSandbox>, repo: string, args: string[] = []): { html: string; data: ReportData } {
  const out = join(sb.root, `report-${Math.random().toString(36).slice(2)}.html`);
  drift(sb, repo, ['report', ...args, '--output', out]);
  const html = readFileSync(out, 'utf8');
  return { html, data: dataOf(html) };
}

// One fixture for the tests that only read it (each writes its page outside the repository).
const shared = makeSandbox();
t.teardown(shared.cleanup);
const fixture = makeReportRepo(shared);

/**
 * The page of the shared fixture over the default range, made by one `git drift report` run
 * the first time a test asks and read by every test that asks after (each gets its own copy
 * of the data): the fixture does not change between them.
 */
let fixturePage: { html: string; data: ReportData } | undefined;
function fixtureReport(): { html: string; data: ReportData } {
  fixturePage ??= report(shared, fixture);
  return { html: fixturePage.html, data: structuredClone(fixturePage.data) };
}

t.test('carries stats --json, the sessions of two agents and a merge, and blamed files', async (t) => {
  const sb = shared;
  const repo = fixture;
  const { data } = fixtureReport();
  t.same(data.stats, JSON.parse(drift(sb, repo, ['stats', '--json'])), 'the very object stats --json prints');
  t.equal(data.stats.commits.merges, 1);
  t.same(
    data.sessions.map((s) => s.id),
    [CODEX, CLAUDE],
    'newest first',
  );
  const claude = data.sessions.find((s) => s.id === CLAUDE)!;
  t.equal(claude.prompts.length, 2);
  t.equal(claude.prompts[0]!.at, '2026-11-18 09:50 UTC');
  t.same(claude.files, ['src/app.js']);
  t.same(claude.decisions, ['Keep main() tiny and call run().']);
  const app = data.files.find((f) => f.path === 'src/app.js')!;
  const blame = JSON.parse(drift(sb, repo, ['blame', '--json', 'src/app.js', 'HEAD'])) as { lines: { line: number; state: string; session: string | null; prompt: string | null }[] };
  const owners = app.runs.flatMap(([a, b, k]) => Array.from({ length: b - a + 1 }, (_, i) => [a + i, app.owners[k]!.state, app.owners[k]!.session, app.owners[k]!.prompt]));
  t.same(
    owners,
    blame.lines.map((l) => [l.line, l.state, l.session, l.prompt]),
  );
  t.equal(app.rejected.length, 1);
  const parts = data.parts[git(sb, repo, ['rev-parse', 'main~2^2'])]!;
  t.same(parts, [{ session: CODEX, ai: 3, aiModified: 1, prompts: 1, applied: 2, rejected: 0 }]);
});

t.test('works on a range without any note', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'two lines']);
  const { data } = report(sb, repo);
  t.equal(data.stats.commits.total, 2);
  t.equal(data.stats.commits.noted, 0);
  t.equal(data.stats.totals.lines.unknown, 3);
  t.same(data.sessions, []);
  t.same(
    data.files.map((f) => [f.path, f.owners.map((o) => o.state)]),
    [
      ['a.txt', ['unknown']],
      ['README.md', ['unknown']],
    ],
  );
});

t.test('gives the same page in a clone that fetched only the notes', async (t) => {
  const sb = shared;
  const repo = fixture;
  const clone = join(sb.root, 'notes-only-clone');
  execFileSync('git', ['clone', '-q', repo, clone], { env: sb.env });
  git(sb, clone, ['fetch', '-q', 'origin', 'refs/notes/drift:refs/notes/drift']);
  const mine = fixtureReport().data;
  const theirs = report(sb, clone).data;
  for (const d of [mine, theirs]) Object.assign(d, { generated: '', repository: '' });
  t.same(theirs, mine);
  t.ok(theirs.sessions.length === 2 && theirs.files.length > 0);
});

t.test('writes a page for an empty range', async (t) => {
  const sb = shared;
  const repo = fixture;
  const { data } = report(sb, repo, ['HEAD..HEAD']);
  t.equal(data.stats.commits.total, 0);
  t.equal(data.head, null);
  t.same([data.sessions, data.files], [[], []]);
});

t.test('writes .prompts/report.html by default, ignored by git', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeReportRepo(sb);
  const said = drift(sb, join(repo, 'src'), ['report']);
  t.match(said, /^wrote \.\.\/\.prompts\/report\.html \(\d+ KB: 6 commits, 2 sessions, 4 files\)\n$/);
  t.equal(git(sb, repo, ['check-ignore', '.prompts/report.html']), '.prompts/report.html');
  t.equal(git(sb, repo, ['status', '--porcelain', '--untracked-files=all']), '', 'nothing to commit: the rules live in info/exclude');
});

t.test('keeps the default page ignored with drift.records=tree too', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  git(sb, repo, ['config', 'drift.records', 'tree']);
  drift(sb, repo, ['report']);
  t.equal(git(sb, repo, ['check-ignore', '.prompts/report.html']), '.prompts/report.html');
  t.match(readFileSync(join(repo, '.git', 'info', 'exclude'), 'utf8'), /^\/\.prompts\/report\.html$/m);
  drift(sb, repo, ['report']);
  t.equal(readFileSync(join(repo, '.git', 'info', 'exclude'), 'utf8').split('/.prompts/report.html').length, 2, 'added once');
});

t.test('allows only its own script and style, and keeps note text out of markup', async (t) => {
  const { html, data } = fixtureReport();
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;|&apos;/g, "'");
  const script = /<script>([\s\S]*)<\/script>\n<\/body>/.exec(html)![1]!;
  const style = /<style>([\s\S]*)<\/style>/.exec(html)![1]!;
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  t.match(policy, /^default-src 'none'; /);
  t.match(policy, `script-src ${hash(script)};`);
  t.match(policy, `style-src ${hash(style)};`);
  t.notMatch(html, /https?:\/\//, 'no address of any network');
  const block = /id="drift-data">([^]*?)<\/script>/.exec(html)![1]!;
  t.notMatch(block, /</, 'no < in the data block');
  t.match(block, '\\u003cscript>window.__pwned');
  t.equal(renderJsonBlock('</script><!--\u2028'), '"\\u003c/script>\\u003c!--\\u2028"');
  t.equal(data.report, 1);
});

t.test('--open without an opener still writes the page and exits 0', async (t) => {
  const sb = shared;
  const repo = fixture;
  const bin = join(sb.root, 'git-only-bin');
  mkdirSync(bin);
  symlinkSync(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), join(bin, 'git'));
  const out = join(sb.root, 'open.html');
  const r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'report', '--open', '-o', out], { cwd: repo, env: { ...sb.env, PATH: bin }, encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^wrote /);
  t.match(r.stderr, /^git-drift: could not open the report with xdg-open \(not found\); open .*open\.html in a browser\n$/);
  t.ok(readFileSync(out, 'utf8').startsWith('<!doctype html>'));
});

t.test('says what is wrong with a range git cannot read', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'report', 'nope..HEAD'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  t.equal(r.status, 1);
  t.match(r.stderr, /^git-drift: .*nope\.\.HEAD/);
});

/**
 * `git drift report` in a real browser: the page is opened from file:// in headless
 * Chromium (Debian's `chromium`, driven by playwright-core) with a fresh profile. Checks
 * that it makes no request but its own file and logs no console error (a CSP violation is
 * one), that its figures equal `git drift stats --json`, that a file's lines carry the
 * owners `git drift blame` gives, and that prompts carrying markup are shown as text and
 * never run. Skips with one line where no Chromium is installed (.ci/run installs it).
 */
import t from 'tap';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeSandbox } from './helpers/env.js';
import { drift } from './helpers/replay.js';
import { IMG_PROMPT, SCRIPT_PROMPT, makeReportRepo } from './helpers/report.js';
import type { Stats, StatsGroup } from '../src/stats/types.js';

const CHROMIUM = '/usr/bin/chromium';
const NO_CHROMIUM: false | string = existsSync(CHROMIUM) ? false : `skip: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`;

/** The Chromium flags of every run: headless, no sandbox (root in CI), nothing that phones home. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

t.test('the report page in headless Chromium', { skip: NO_CHROMIUM }, async (t) => {
  const { chromium } = await import('playwright-core');
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeReportRepo(sb);
  const out = join(sb.root, 'report.html');
  drift(sb, repo, ['report', '--output', out]);
  const stats = JSON.parse(drift(sb, repo, ['stats', '--json'])) as Stats;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(sb.root, 'profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  t.teardown(() => context.close());
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const url = pathToFileURL(out).href;
  await page.goto(url);
  await page.waitForSelector('body[data-ready="overview"] #share-chart canvas');
  const shown = async (name: string) => Number((await page.locator(`[data-stat="${name}"]`).first().textContent())!.replace(/,/g, ''));

  t.test('shows the figures of git drift stats --json', async (t) => {
    const l = stats.totals.lines;
    t.same(
      { ai: await shown('lines.ai'), aim: await shown('lines.ai-modified'), human: await shown('lines.human'), unknown: await shown('lines.unknown'), total: await shown('lines.total') },
      { ai: l.ai, aim: l['ai-modified'], human: l.human, unknown: l.unknown, total: l.total },
    );
    t.ok(l.ai > 0 && l.human > 0 && l.unknown > 0, 'the fixture has every kind of line');
    t.equal(await shown('commits.noted'), stats.commits.noted);
    t.equal((await page.locator('[data-stat="commits.total"]').textContent())!.trim(), String(stats.commits.total));
    t.same([await shown('survival.added'), await shown('survival.present'), await shown('survival.unchanged')], [stats.survival!.added, stats.survival!.present, stats.survival!.unchanged]);
    for (const g of (stats.groups.agent ?? []).filter((g) => g.key !== null)) {
      const row = page.locator(`[data-table="agent"] tr[data-key="${g.key}"]`);
      const cell = async (c: string) => Number((await row.locator(`[data-col="${c}"]`).textContent())!.replace(/,/g, ''));
      t.same(
        [await cell('ai'), await cell('ai-modified'), await cell('sessions'), await cell('prompts'), await cell('applied'), await cell('rejected')],
        [g.lines.ai, g.lines['ai-modified'], g.activity!.sessions, g.activity!.prompts, g.activity!.edits.applied, g.activity!.edits.rejected],
        `agent ${g.key}`,
      );
    }
    t.equal(await page.locator('[data-table="agent"] tbody tr').count(), 2, 'two agents');
  });

  t.test("filters by agent to that agent's lines", async (t) => {
    await page.selectOption('select[data-filter="agent"]', 'codex');
    const codex = stats.groups.agent!.find((g) => g.key === 'codex')!;
    t.equal(await shown('lines.ai'), codex.lines.ai);
    t.equal(await shown('lines.ai-modified'), codex.lines['ai-modified']);
    t.equal(await shown('lines.other'), stats.groups.agent!.find((g) => g.key === 'claude-code')!.lines.ai);
    await page.click('[data-filter="reset"]');
    t.equal(await shown('lines.ai'), stats.totals.lines.ai);
  });

  t.test('lists the files of the range with their lines by owner, sortable', async (t) => {
    await page.click('[data-tab="files"]');
    await page.waitForSelector('body[data-ready="files"]');
    const files = (stats.groups.file ?? []) as StatsGroup[];
    for (const g of files) {
      const row = page.locator(`[data-table="files"] tr[data-path="${g.key}"]`);
      const cell = async (c: string) => Number((await row.locator(`[data-col="${c}"]`).textContent())!.replace(/,/g, ''));
      t.same(
        [await cell('total'), await cell('ai'), await cell('ai-modified'), await cell('human'), await cell('unknown')],
        [g.lines.total, g.lines.ai, g.lines['ai-modified'], g.lines.human, g.lines.unknown],
        g.key!,
      );
    }
    await page.click('th[data-sort="path"] button');
    const paths = await page.locator('[data-table="files"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    t.same(paths, files.map((g) => g.key).sort(), 'sorted by path');
  });

  t.test('clicking a file shows its lines with the owners git drift blame gives', async (t) => {
    await page.click('a.path:text-is("src/app.js")');
    await page.waitForSelector('ol.code[data-file="src/app.js"]');
    const blame = JSON.parse(drift(sb, repo, ['blame', '--json', 'src/app.js', 'HEAD'])) as { lines: { line: number; state: string }[] };
    const states = await page.locator('ol.code li').evaluateAll((lis) => lis.map((li) => [Number(li.getAttribute('data-line')), li.getAttribute('data-state')]));
    t.same(
      states,
      blame.lines.map((l) => [l.line, l.state]),
    );
    t.same(new Set(blame.lines.map((l) => l.state)), new Set(['ai', 'human', 'unknown']), 'the file has ai, human and unknown lines');
    await page.click('ol.code li[data-line="1"]');
    t.equal(await page.locator('[data-detail="state"]').textContent(), 'ai');
    t.equal(await page.locator('[data-detail="agent"]').textContent(), 'claude-code');
    t.equal(await page.locator('[data-detail="prompt"]').textContent(), SCRIPT_PROMPT, 'the prompt is shown as text');
    t.match(await page.locator('[data-list="file-rejected"]').textContent(), 'no classes <b>please</b>');
  });

  t.test('shows the sessions with their prompts as text, and no markup from notes ever runs', async (t) => {
    await page.click('[data-tab="sessions"]');
    await page.waitForSelector('body[data-ready="sessions"]');
    t.equal(await page.locator('article.session').count(), 2);
    const prompts = await page.locator('[data-session^="claude-code"] [data-list="prompts"] .prompt-text').allTextContents();
    t.same(prompts, [SCRIPT_PROMPT, IMG_PROMPT]);
    t.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined, 'no script from a note ran');
    t.equal(await page.locator('img, b').count(), 0, 'no element was made from note text');
    t.equal(await page.locator('script').count(), 2, 'only the data block and the page script');
  });

  t.test('made no request but its own file and logged no error', async (t) => {
    t.same([...new Set(requests)], [url]);
    t.same(errors, []);
  });
});

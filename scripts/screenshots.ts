/**
 * The README's screenshots of `git drift report` (docs/report-*.png): replays real Claude
 * Code and Codex sessions of the shared corpus (../shared/corpus) into a scratch
 * repository with the hooks installed (test/helpers/replay.ts), one commit per session,
 * plus a human commit and one made without git drift, writes the report and photographs
 * each view in headless Chromium. Run: `npm run screenshots` (needs /usr/bin/chromium;
 * DRIFT_CORPUS=<dir> when the corpus is not at ../shared/corpus).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CORPUS, PROJECT, git, makeRepo, makeSandbox } from '../test/helpers/env.js';
import { drift, installDrift, replaySession } from '../test/helpers/replay.js';

/** The corpus sessions replayed, in commit order, with who commits them and when. */
const SESSIONS: { file: string; agent: 'claude-code' | 'codex'; author: string; date: string }[] = [
  {
    file: 'claude-code/213MD__my-profile-site/projects/-Users-marklin-workspace-my-profile-site/8aa38336-8954-412e-8870-f0873618235e.jsonl',
    agent: 'claude-code',
    author: 'Mark Lin <mark@example.com>',
    date: '2026-11-16T10:00:00Z',
  },
  {
    file: 'codex/7567491__Feishu_ClaudeCode/sessions/2025/11/27/rollout-2025-11-27T11-39-23-019ac364-f0dc-7043-9750-594e12f5fd21.jsonl',
    agent: 'codex',
    author: 'Wen Li <wen@example.com>',
    date: '2026-11-17T14:00:00Z',
  },
  {
    file: 'claude-code/d-kimuson__claude-code-viewer/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl',
    agent: 'claude-code',
    author: 'Mark Lin <mark@example.com>',
    date: '2026-11-18T09:30:00Z',
  },
  {
    file: 'codex/Hoper-J__cpolar-connect/sessions/2025/09/16/rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl',
    agent: 'codex',
    author: 'Wen Li <wen@example.com>',
    date: '2026-11-19T16:00:00Z',
  },
  { file: 'claude-code/git-ai-project__git-ai/example-claude-code.jsonl', agent: 'claude-code', author: 'Ada Park <ada@example.com>', date: '2026-11-20T11:00:00Z' },
];

/** The corpus: ../shared/corpus beside the checkout, or DRIFT_CORPUS (a worktree elsewhere). */
const corpus = process.env.DRIFT_CORPUS ?? CORPUS;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function commitAs(sb: ReturnType<typeof makeSandbox>, repo: string, message: string, author: string, date: string, drifted = true): void {
  const [, name, email] = /^(.*) <(.*)>$/.exec(author)!;
  const env = { ...sb.env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, ...(drifted ? {} : { GIT_DRIFT: '0' }) };
  git({ ...sb, env }, repo, ['add', '-A']);
  git({ ...sb, env }, repo, ['commit', '-q', '--allow-empty', '-m', message]);
}

/** Rewrite each line of a file with `fn` (line text, 0-based index). */
function edit(path: string, fn: (line: string, i: number) => string): void {
  writeFileSync(
    path,
    readFileSync(path, 'utf8')
      .split('\n')
      .map((l, i) => (l === '' ? l : fn(l, i)))
      .join('\n'),
  );
}

/** Build the repository and return its report's path. */
function buildReport(sb: ReturnType<typeof makeSandbox>): string {
  Object.assign(sb.env, { GIT_AUTHOR_DATE: '2026-11-15T09:00:00Z', GIT_COMMITTER_DATE: '2026-11-15T09:00:00Z' });
  const repo = makeRepo(sb, 'demo-app');
  installDrift(sb, repo);
  for (const s of SESSIONS) {
    // The session's "before" commit (made by the replay) happens on the session's day too.
    Object.assign(sb.env, { GIT_AUTHOR_DATE: s.date, GIT_COMMITTER_DATE: s.date });
    const replay = replaySession(sb, repo, join(corpus, s.file), s.agent);
    const files = [...replay.agentLines.keys()].filter((p) => p !== '.prompts/.gitignore');
    // The author touches up a few agent lines before committing (ai-modified)…
    if (files[0]) edit(join(repo, files[0]), (line, i) => (i % 9 === 4 && line.trim().length > 8 ? `${line} ` + '/* checked */' : line));
    commitAs(sb, repo, `${s.agent} session ${replay.nativeId.slice(0, 8)}`, s.author, s.date);
    // …and a reviewer rewrites one of them later (survival below 100%).
    if (files[0]) {
      edit(join(repo, files[0]), (line, i) => (i === 2 ? `${line.replace(/\s+$/, '')} /* reviewed */` : line));
      commitAs(sb, repo, `Review ${files[0]}`, 'Rita Review <rita@example.com>', s.date.replace(/T\d\d/, 'T18'));
    }
  }
  writeFileSync(join(repo, 'CHANGELOG.md'), '# Changelog\n\n- Imported the prototypes.\n');
  commitAs(sb, repo, 'Changelog, committed without git drift', 'Ada Park <ada@example.com>', '2026-11-21T09:00:00Z', false);
  const out = join(sb.root, 'report.html');
  drift(sb, repo, ['report', '--output', out]);
  return out;
}

async function main(): Promise<void> {
  const sb = makeSandbox('drift-shots-');
  try {
    const report = buildReport(sb);
    const context = await chromium.launchPersistentContext(mkdtempSync(join(sb.root, 'profile-')), {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
      deviceScaleFactor: 1,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const url = pathToFileURL(report).href;
    const shot = async (hash: string, name: string, scheme: 'light' | 'dark', act?: () => Promise<void>) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${url}#${hash}`);
      await page.reload();
      await page.waitForSelector(`body[data-ready="${hash.split('=')[0]}"]`);
      if (act) await act();
      await page.screenshot({ path: join(PROJECT, 'docs', `report-${name}.png`) });
      console.log(`docs/report-${name}.png`);
    };
    await shot('overview', 'overview', 'light', async () => {
      await page.click('button.toggle:text-is("per day")');
    });
    await shot('files', 'files', 'light');
    const file = await page.locator('[data-table="files"] tbody tr a.path').first().textContent();
    await shot(`file=${encodeURIComponent(file!)}`, 'file', 'light', async () => {
      await page.locator('ol.code li[data-state="ai"]').nth(2).click();
    });
    await shot('sessions', 'sessions', 'dark', async () => {
      await page.locator('article.session').nth(0).locator('details.sub summary').first().click();
    });
    await context.close();
  } finally {
    sb.cleanup();
  }
}

await main();

/**
 * `git drift check --max-ai-percent N --max-unknown-percent N`: the range's share of agent
 * lines and of lines from commits without a note, judged against limits, shown in the text,
 * the GitHub annotations and `--json`.
 */
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, isolateProcessGit, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { run } from '../src/commands/check.js';
import type { CheckReport } from '../src/check/index.js';
import { commandIO } from './helpers/io.js';

isolateProcessGit(t, 'drift-policy-guard-');

const ID = 'codex:aaaabbbb-0000-4000-8000-000000000001';

/** `main`, then `feature` with: 6 lines (3 codex, 3 human, noted), then 2 lines without a note. */
function world(t: Test, unnoted = true): { sb: Sandbox; repo: string } {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const off = { ...sb, env: { ...sb.env, GIT_DRIFT: '0' } };
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  writeFileSync(join(repo, 'a.ts'), '1\n2\n3\n4\n5\n6\n');
  git(off, repo, ['add', '-A']);
  git(off, repo, ['commit', '-q', '-m', 'noted']);
  const note = `---\ndrift: 1\nsessions:\n  - id: '${ID}'\n    agent: codex\n    model: gpt-5\n    branch: feature\n    prompts: 1\n    edits: {applied: 1, rejected: 0}\n    record: x.md\nfiles:\n  a.ts:\n    ai: {'${ID}': 1-3}\n    human: 4-6\n---\n`;
  git(sb, repo, ['notes', '--ref=drift', 'add', '-F', '-', 'HEAD'], note);
  if (unnoted) {
    writeFileSync(join(repo, 'b.ts'), 'x\ny\n');
    git(off, repo, ['add', '-A']);
    git(off, repo, ['commit', '-q', '-m', 'no note']);
  }
  return { sb, repo };
}

async function check(repo: string, extra: Record<string, unknown>): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run({ _: [], cwd: repo, range: 'main..feature', ...extra }, commandIO(repo, process.env, { write: (s: string) => (out += s) }));
  return { code, out };
}

t.test('an agent share over the limit fails the check; at or under it passes', async (t) => {
  const { repo } = world(t, false);
  const over = await check(repo, { maxAiPercent: 40 });
  t.equal(over.code, 1);
  t.match(over.out, /policy {2}agent lines 50\.0% of 6 added lines \(max 40%\): FAILED/);
  t.match(over.out, /FAILED: 1 commit checked/);
  const under = await check(repo, { maxAiPercent: 50 });
  t.equal(under.code, 0);
  t.match(under.out, /policy {2}agent lines 50\.0% of 6 added lines \(max 50%\): ok/);
  const json = JSON.parse((await check(repo, { maxAiPercent: 40, json: true })).out) as CheckReport;
  t.same(json.policy, {
    ok: false,
    lines: { ai: 3, 'ai-modified': 0, human: 3, unknown: 0, total: 6 },
    aiPercent: 50,
    unknownPercent: 0,
    maxAiPercent: { max: 40, percent: 50, ok: false },
    maxUnknownPercent: null,
  });
  const plain = JSON.parse((await check(repo, { json: true })).out) as CheckReport;
  t.equal(plain.policy, null, 'no limit given: no policy');
});

t.test('with a limit on unknown lines, commits without a note fail only through their share', async (t) => {
  const { repo } = world(t);
  const strict = await check(repo, {});
  t.equal(strict.code, 1, 'without the limit, the commit without a note fails the check');
  const loose = await check(repo, { maxUnknownPercent: 30 });
  t.equal(loose.code, 0, '2 of 8 lines (25%) are unknown: within 30%');
  t.match(loose.out, /missing +[0-9a-f]{8} no note/, 'the commit is still listed');
  t.match(loose.out, /policy {2}unknown lines \(commits without a valid note\) 25\.0% of 8 added lines \(max 30%\): ok/);
  const tight = await check(repo, { maxUnknownPercent: 20, format: 'github' });
  t.equal(tight.code, 1);
  t.match(tight.out, /::error title=git drift%3A share policy::unknown lines \(commits without a valid note\) 25\.0%25 of 8 added lines \(max 20%25\): FAILED/);
  t.match(tight.out, /^::warning title=git drift%3A missing note on [0-9a-f]{8}::/, 'a commit without a note is a warning: the share decides');
});

t.test('a limit outside 0..100 is refused with what to give', async (t) => {
  const { repo } = world(t, false);
  await t.rejects(check(repo, { maxAiPercent: 150 }), /--max-ai-percent must be a number from 0 to 100/);
  await t.rejects(check(repo, { maxUnknownPercent: Number.NaN }), /--max-unknown-percent must be a number from 0 to 100/);
});

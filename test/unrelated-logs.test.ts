/**
 * Other projects' agent logs (issue 15, item 2): what a capture remembers about them stays
 * small and out of `store.json`, folders that did not change are not listed again, and the
 * first capture over many of them reads their heads with bounded memory.
 */
import t from 'tap';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, git, makeRepo, makeSandbox, NEEDS_CORPUS, type Sandbox } from './helpers/env.js';
import { drift, installDrift, recordedCwd, replaySession, rewriteCwd } from './helpers/replay.js';

const CODEX_SAMPLE = join(CORPUS, 'codex', 'Hoper-J__cpolar-connect', 'sessions', '2025', '09', '16', 'rollout-2025-09-16T12-47-48-9cd28a74-da7e-4458-a91a-fffec2be9d7a.jsonl');
const CODEX_OWN = join(CORPUS, 'codex', '7567491__Feishu_ClaudeCode', 'sessions', '2025', '11', '27', 'rollout-2025-11-27T11-39-23-019ac364-f0dc-7043-9750-594e12f5fd21.jsonl');

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Codex's folder for day `day` (0-based) of 2025. */
function dayDir(sb: Sandbox, day: number): string {
  const d = new Date(Date.UTC(2025, 0, 1 + day));
  return join(sb.home, '.codex', 'sessions', String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0'));
}

/**
 * Write `count` rollouts of other projects (ids from `first`), spread over the first
 * `days` day folders of 2025: a `session_meta` line naming `/elsewhere/project-<n>` and
 * `bytes` bytes of filler lines. Returns their paths.
 */
function otherRollouts(sb: Sandbox, first: number, count: number, days: number, bytes = 2048): string[] {
  const filler = `${JSON.stringify({ timestamp: '2025-01-01T00:00:00.000Z', type: 'event_msg', payload: { type: 'agent_reasoning', text: 'x'.repeat(400) } })}\n`;
  const body = filler.repeat(Math.max(1, Math.round(bytes / filler.length)));
  const paths: string[] = [];
  for (let i = first; i < first + count; i++) {
    const id = `0199${hex(i, 4)}-0000-7000-8000-${hex(i, 12)}`;
    const dir = dayDir(sb, i % days);
    mkdirSync(dir, { recursive: true });
    const meta = {
      timestamp: '2025-01-01T00:00:00.000Z',
      type: 'session_meta',
      payload: { id, timestamp: '2025-01-01T00:00:00.000Z', cwd: `/elsewhere/project-${i % 40}`, originator: 'codex_cli_rs', cli_version: '0.63.0', instructions: null },
    };
    const path = join(dir, `rollout-2025-01-01T00-00-00-${id}.jsonl`);
    writeFileSync(path, `${JSON.stringify(meta)}\n${body}`);
    paths.push(path);
  }
  return paths;
}

/** Set every folder's mtime 10 s back, as if the logs had been written before this capture. */
function ageFolders(sb: Sandbox, days: number): void {
  const past = new Date(Date.now() - 10_000);
  for (let d = 0; d < days; d++) if (existsSync(dayDir(sb, d))) utimesSync(dayDir(sb, d), past, past);
}

function commitLine(sb: Sandbox, repo: string, line: string): void {
  writeFileSync(join(repo, 'notes.txt'), `${line}\n`, { flag: 'a' });
  git(sb, repo, ['add', 'notes.txt']);
  git(sb, repo, ['commit', '-q', '-m', line]);
}

const storeFile = (repo: string, name: string) => join(repo, '.git', 'drift', name);

t.test("the store does not grow with other projects' logs", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  otherRollouts(sb, 0, 40, 20);
  ageFolders(sb, 20);
  commitLine(sb, repo, 'one');
  const size = () => statSync(storeFile(repo, 'store.json')).size;
  const [s1, memory] = [size(), statSync(storeFile(repo, 'log-dirs.json')).size];
  otherRollouts(sb, 40, 400, 20);
  ageFolders(sb, 20);
  commitLine(sb, repo, 'two');
  const s2 = size();
  commitLine(sb, repo, 'three');
  const s3 = size();
  // Each capture adds its own small record; 400 more other files must add nothing to that.
  t.ok(Math.abs(s2 - s1 - (s3 - s2)) < 16, `store.json grew ${s2 - s1} bytes with 400 more other files, ${s3 - s2} bytes with none`);
  t.notMatch(readFileSync(storeFile(repo, 'store.json'), 'utf8'), /rollout-/, "no other project's file is named in store.json");
  const grown = statSync(storeFile(repo, 'log-dirs.json')).size - memory;
  t.ok(grown / 400 < 16, `log-dirs.json grows ${(grown / 400).toFixed(1)} bytes per other file`);
});

t.test('a date folder whose mtime did not change is not listed again; one that changed is', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  otherRollouts(sb, 0, 10, 3);
  ageFolders(sb, 3);
  commitLine(sb, repo, 'one');
  // This repository's own session lands in a remembered folder, which then gets its old
  // mtime back: not listed again, the session is not seen.
  const raw = readFileSync(CODEX_OWN, 'utf8');
  const hidden = join(dayDir(sb, 1), 'rollout-2025-01-02T00-00-00-019ac364-f0dc-7043-9750-594e12f5fd21.jsonl');
  const { mtime } = statSync(dayDir(sb, 1));
  writeFileSync(hidden, rewriteCwd(raw, recordedCwd(raw), repo));
  utimesSync(dayDir(sb, 1), mtime, mtime);
  const sessions = () => (JSON.parse(drift(sb, repo, ['sessions', '--json'])) as { id: string }[]).map((s) => s.id);
  t.same(sessions(), [], 'the unchanged folder was not listed');
  const later = new Date(mtime.getTime() + 1000);
  utimesSync(dayDir(sb, 1), later, later);
  t.same(sessions(), ['codex:019ac364-f0dc-7043-9750-594e12f5fd21'], 'once the folder changed, the session is found');
});

t.test('a session of this repository started after the others were remembered is captured', { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  otherRollouts(sb, 0, 30, 366);
  const ownDay = join(sb.home, '.codex', 'sessions', '2026', '01', '02');
  mkdirSync(ownDay, { recursive: true });
  commitLine(sb, repo, 'one');
  const mine = replaySession(sb, repo, CODEX_OWN, 'codex');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'agent work']);
  const note = git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']);
  t.match(note, `codex:${mine.nativeId}`, 'the note names the new session');
});

t.test('another project that becomes a worktree of this repository is read from then on', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const wt = join(sb.root, 'wt');
  const dir = dayDir(sb, 0);
  mkdirSync(dir, { recursive: true });
  const id = '0199aaaa-0000-7000-8000-00000000aaaa';
  const meta = { timestamp: '2025-01-01T00:00:00.000Z', type: 'session_meta', payload: { id, timestamp: '2025-01-01T00:00:00.000Z', cwd: wt, originator: 'codex_cli_rs', cli_version: '0.63.0' } };
  writeFileSync(join(dir, `rollout-2025-01-01T00-00-00-${id}.jsonl`), `${JSON.stringify(meta)}\n`);
  ageFolders(sb, 1);
  commitLine(sb, repo, 'one');
  const sessions = () => (JSON.parse(drift(sb, repo, ['sessions', '--json'])) as { id: string }[]).map((s) => s.id);
  t.same(sessions(), [], 'not this repository yet');
  git(sb, repo, ['worktree', 'add', '-q', wt]);
  commitLine(sb, repo, 'two');
  t.same(sessions(), [`codex:${id}`], "the worktree made it this repository's");
});

t.test("the first capture over many other projects' logs stays within 150 MiB and still captures", { skip: NEEDS_CORPUS }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  // 800 rollouts of about 300 KiB (240 MiB), each with the sample's real head.
  const sample = readFileSync(CODEX_SAMPLE, 'utf8');
  const text = sample.repeat(Math.ceil((300 * 1024) / sample.length)).slice(0, 300 * 1024);
  const body = text.slice(0, text.lastIndexOf('\n') + 1);
  for (let i = 0; i < 800; i++) {
    const dir = dayDir(sb, i % 200);
    mkdirSync(dir, { recursive: true });
    const id = `0199${hex(i, 4)}-0000-7000-8000-${hex(i, 12)}`;
    writeFileSync(join(dir, `rollout-2025-01-01T00-00-00-${id}.jsonl`), rewriteCwd(body, recordedCwd(sample), `/elsewhere/p-${i}`).replaceAll('9cd28a74-da7e-4458-a91a-fffec2be9d7a', id));
  }
  const mine = replaySession(sb, repo, CODEX_OWN, 'codex');
  git(sb, repo, ['add', '-A']);
  // The hook runs with a 150 MiB heap and reports its peak RSS on exit.
  const preload = join(sb.root, 'peak.cjs');
  const report = join(sb.root, 'peak.txt');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(report)}, process.resourceUsage().maxRSS + '\\n'));\n`);
  const env = { ...sb.env, NODE_OPTIONS: `--max-old-space-size=150 --require ${preload}` };
  const { execFileSync } = await import('node:child_process');
  execFileSync('git', ['commit', '-q', '-m', 'agent work'], { cwd: repo, env, encoding: 'utf8' });
  const peaks = readFileSync(report, 'utf8').trim().split('\n').map(Number);
  const peakMiB = Math.max(...peaks) / 1024;
  t.ok(peakMiB < 150, `peak RSS of the hook: ${peakMiB.toFixed(0)} MiB`);
  const note = git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']);
  t.match(note, `codex:${mine.nativeId}`, 'the session was captured');
  t.notMatch(note, /0199[0-9a-f]{4}-0000-7000/, 'no other project is named');
});

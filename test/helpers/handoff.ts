/**
 * Helpers for the handoff tests: running git drift with its standard error, copies of
 * corpus logs whose recorded home is this sandbox's HOME (as on a real machine, where the
 * logs are the user's own), a synthetic long session made of real corpus lines, and a
 * comparison form of text that ignores markdown escaping.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { PROJECT, type Sandbox } from './env.js';
import { recordedCwd } from './replay.js';

/** What a git drift run printed, and its exit status. */
export interface DriftRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Run `git drift <args>` with the sandbox environment plus `extra`; never throws. */
export function runDrift(sb: Sandbox, cwd: string, args: string[], extra: NodeJS.ProcessEnv = {}): DriftRun {
  const r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd, env: { ...sb.env, ...extra }, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Like `runDrift`, without blocking the event loop (for tests that serve HTTP in-process). */
export function runDriftAsync(sb: Sandbox, cwd: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<DriftRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd, env: { ...sb.env, ...extra } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
  });
}

/** Lower-case letters and digits only (any script): compares text across markdown escaping, quoting and line breaks. */
export function plain(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The home directory a recorded cwd lies in (`/Users/<name>`, `/home/<name>`, `/root`), or null. */
export function recordedHome(cwd: string): string | null {
  return /^(\/(?:Users|home)\/[^/]+|\/root)(?:\/|$)/.exec(cwd)?.[1] ?? null;
}

/**
 * A copy of a corpus log (same file name) in which the recording user's home directory is
 * the sandbox's HOME; the cwd itself is left for `replaySession` to rewrite.
 */
export function withSandboxHome(sb: Sandbox, corpusFile: string): string {
  const raw = readFileSync(corpusFile, 'utf8');
  const cwd = recordedCwd(raw);
  const home = recordedHome(cwd);
  const dir = join(sb.root, 'corpus-copy');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, basename(corpusFile));
  // Keep the cwd itself intact so replaySession finds and rewrites it to the repository.
  const marker = '\u0000CWD\u0000';
  let text = raw.split(cwd).join(marker);
  if (home && home !== cwd) text = text.split(`${home}/`).join(`${sb.home}/`);
  writeFileSync(out, text.split(marker).join(cwd));
  return out;
}

/** Rewrite the branch a Claude Code log records (`gitBranch`) or a Codex rollout's git info records. */
export function withBranch(file: string, branch: string): void {
  const text = readFileSync(file, 'utf8')
    .replace(/"gitBranch":"[^"]*"/g, `"gitBranch":${JSON.stringify(branch)}`)
    .replace(/("git":\{[^{}]*"branch":)"[^"]*"/g, `$1${JSON.stringify(branch)}`);
  writeFileSync(file, text);
}

/**
 * A synthetic Claude Code session made of real corpus lines: each part's lines repeated
 * `times`, every line re-stamped on one clock spread over `hours`, with fresh uuids and
 * tool ids per copy, the session id of `nativeId`, and each part's cwd rewritten to `cwd`.
 * Written to `<dir>/<nativeId>.jsonl`; returns its path.
 */
export function synthesizeSession(dir: string, nativeId: string, cwd: string, parts: { file: string; times: number }[], hours: number): string {
  const lines: string[] = [];
  parts.forEach(({ file, times }, p) => {
    const raw = readFileSync(file, 'utf8');
    const from = recordedCwd(raw);
    const source = raw.split('\n').filter((l) => l.trim() && !l.includes('"type":"summary"'));
    for (let k = 0; k < times; k++) {
      const tag = (p * 1000 + k).toString(16).padStart(4, '0');
      for (const line of source) {
        lines.push(
          line
            .split(JSON.stringify(from).slice(1, -1))
            .join(JSON.stringify(cwd).slice(1, -1))
            .replace(/"sessionId":"[^"]*"/g, `"sessionId":"${nativeId}"`)
            .replace(/("(?:uuid|parentUuid)":")([0-9a-f-]{32})[0-9a-f]{4}"/g, `$1$2${tag}"`)
            .replace(/\b(toolu_[A-Za-z0-9]+)/g, `$1x${tag}`),
        );
      }
    }
  });
  const start = Date.parse('2026-11-20T08:00:00Z');
  const step = (hours * 3600_000) / Math.max(1, lines.length - 1);
  const stamped = lines.map((l, i) => l.replace(/"timestamp":"[^"]*"/, `"timestamp":"${new Date(start + Math.round(i * step)).toISOString()}"`));
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${nativeId}.jsonl`);
  writeFileSync(out, `${stamped.join('\n')}\n`);
  return out;
}

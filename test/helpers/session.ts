/**
 * A live Claude Code session written by the test, in the real log format (the shapes of
 * `demo/claude-session.jsonl` and the corpus: a user prompt line, an assistant `tool_use`
 * Write, and the user line with its `tool_result` and `toolUseResult.structuredPatch`).
 * Each `write` changes the file in the work tree and logs the edit, as the agent would.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Sandbox } from './env.js';
import { claudeSlug } from './replay.js';

let counter = 0;

/** One hunk from the common prefix and suffix of two texts' lines (enough for a Write's structuredPatch). */
function patchOf(before: string[], after: string[]) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const removed = before.slice(start, before.length - end);
  const added = after.slice(start, after.length - end);
  return [{ oldStart: start + 1, oldLines: removed.length, newStart: start + 1, newLines: added.length, lines: [...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)] }];
}

/** A Claude Code session of `repo` whose log lives in the sandbox HOME. */
export class LiveSession {
  readonly log: string;

  constructor(
    sb: Sandbox,
    private readonly repo: string,
    readonly id: string,
  ) {
    this.log = join(sb.home, '.claude', 'projects', claudeSlug(repo), `${id}.jsonl`);
    mkdirSync(dirname(this.log), { recursive: true });
  }

  private line(fields: Record<string, unknown>): void {
    counter += 1;
    const base = {
      parentUuid: null,
      isSidechain: false,
      userType: 'external',
      cwd: this.repo,
      sessionId: this.id,
      version: '2.0.28',
      gitBranch: 'main',
      timestamp: `2026-11-20T10:${String(Math.floor(counter / 60) % 60).padStart(2, '0')}:${String(counter % 60).padStart(2, '0')}.000Z`,
      uuid: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    };
    appendFileSync(this.log, `${JSON.stringify({ ...base, ...fields })}\n`);
  }

  /** Log a human prompt. */
  prompt(text: string): this {
    this.line({ type: 'user', message: { role: 'user', content: text } });
    return this;
  }

  /** Write `content` to `rel` (repo-relative) and log it as an applied Write. */
  write(rel: string, content: string): this {
    const path = join(this.repo, rel);
    const before = existsSync(path) ? readFileSync(path, 'utf8') : null;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    const id = `toolu_test_${++counter}`;
    this.line({
      type: 'assistant',
      message: { id: `msg_${counter}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name: 'Write', input: { file_path: path, content } }] },
    });
    const split = (t: string | null) => (t ? t.replace(/\n$/, '').split('\n') : []);
    this.line({
      type: 'user',
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: `File written: ${path}` }] },
      toolUseResult: { type: before === null ? 'create' : 'update', filePath: path, content, structuredPatch: patchOf(split(before), split(content)) },
    });
    return this;
  }
}

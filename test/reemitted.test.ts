/**
 * Lines an agent's edit re-emitted unchanged (issue 14 item 5), end to end through the
 * installed post-commit hook: a line the agent moved, which git's diff shows as added, is
 * the agent's; a line a human typed before the agent's edit kept it as context stays human.
 */
import t from 'tap';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';
import { claudeSlug, installDrift } from './helpers/replay.js';
import { parseNote } from '../src/notes/index.js';
import { parseRanges } from '../src/attribution/index.js';

/**
 * Log a Claude Code session of `repo` that makes one applied `Edit` of `file`, recorded as
 * older Claude Code versions did: `old_string`/`new_string` and no `structuredPatch`.
 */
function logEdit(sb: Sandbox, repo: string, file: string, oldString: string, newString: string): void {
  const id = '7b0c9d2e-1f3a-4c5b-8d6e-000000000001';
  const log = join(sb.home, '.claude', 'projects', claudeSlug(repo), `${id}.jsonl`);
  mkdirSync(dirname(log), { recursive: true });
  const base = { parentUuid: null, isSidechain: false, userType: 'external', cwd: repo, sessionId: id, version: '1.0.17', gitBranch: 'main' };
  const lines = [
    { type: 'user', message: { role: 'user', content: 'Put third first and add a fourth export.' } },
    {
      type: 'assistant',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'Edit', input: { file_path: join(repo, file), old_string: oldString, new_string: newString } }],
      },
    },
    {
      type: 'user',
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'The file has been updated.' }] },
      toolUseResult: { filePath: join(repo, file), oldString, newString },
    },
  ];
  lines.forEach((fields, i) => {
    const uuid = `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;
    appendFileSync(log, `${JSON.stringify({ ...base, timestamp: `2026-11-20T10:00:0${i}.000Z`, uuid, ...fields })}\n`);
  });
}

t.test("a line the agent's edit moved is the agent's, a human line the edit kept as context stays human", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const committed = ['export const first = makeFirst();', 'export const second = makeSecond();', 'export const third = makeThird();'];
  writeFileSync(join(repo, 'a.ts'), `${committed.join('\n')}\n`);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['add', 'a.ts']);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '-m', 'three exports']);
  const typed = 'export const reviewer = lookUpReviewer(team);';
  const before = [...committed, typed];
  const after = [committed[2]!, committed[0]!, committed[1]!, typed, 'export const fourth = makeFourth();'];
  logEdit(sb, repo, 'a.ts', before.join('\n'), after.join('\n'));
  writeFileSync(join(repo, 'a.ts'), `${after.join('\n')}\n`);
  git(sb, repo, ['commit', '-q', '-am', 'reorder']);
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  const entry = note.files['a.ts']!;
  const ai = Object.values(entry.ai ?? {}).flatMap((r) => parseRanges(r));
  const text = (n: number) => after[n - 1];
  t.same(ai.map(text).sort(), [committed[2], 'export const fourth = makeFourth();'].sort(), 'the moved line and the new line are ai');
  t.same(parseRanges(entry.human ?? '').map(text), [typed], 'the line typed before the edit stays human');
});

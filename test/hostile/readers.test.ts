/**
 * Issue 12, item 16: every reader accepts what `git drift check` accepts. A note valid by
 * the documented rules but without `model`, `branch` or `record` reads everywhere: the
 * codec, `git drift log --json`, `check`, `blame`, and the MCP `drift_log` tool.
 */
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parseNote, renderNote } from '../../src/notes/index.js';
import { validateNote } from '../../src/notes/validate.js';
import { PROJECT, git, makeRepo, makeSandbox } from '../helpers/env.js';
import { installDrift } from '../helpers/replay.js';

const ID = 'claude-code:0a0a0a0a-0000-4000-8000-000000000016';

/** A note with only the fields docs/format.md requires of a session. */
const BARE = `---
drift: 1
sessions:
  - id: '${ID}'
    agent: claude-code
    prompts: 1
    edits:
      applied: 1
      rejected: 0
files:
  a.txt:
    ai:
      '${ID}': '1'
---

A teammate's tool wrote this note.
`;

t.test('item 16: a note without model, branch or record parses with them filled in', async (t) => {
  const note = parseNote(BARE);
  if ('invalid' in note) throw new Error(note.invalid);
  t.same(note.sessions[0], { id: ID, agent: 'claude-code', prompts: 1, edits: { applied: 1, rejected: 0 }, model: null, branch: null, record: '' });
  t.equal(validateNote(note), null, 'check accepts it');
  t.match(parseNote(renderNote(note)), { sessions: [{ model: null, branch: null, record: '' }] }, 'it renders and reads back');
  t.match(
    parseNote(BARE.replace('agent: claude-code', 'agent: claude-code\n    model: 4')),
    { invalid: `session ${ID}: \`model\` must be a string or null` },
    'a model that is not a string is refused, with the reason',
  );
  t.match(validateNote({ ...note, sessions: [{ ...note.sessions[0]!, prompts: 'x' as unknown as number }] }), /`prompts` must be a number/, 'check holds a note built in memory to the same schema');
});

t.test('item 16: every reader accepts the note check accepts', async (t) => {
  const sb = makeSandbox('drift-hostile-');
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  git(sb, repo, ['add', 'a.txt']);
  git(sb, repo, ['commit', '-q', '-m', 'add a']);
  execFileSync('git', ['notes', '--ref=drift', 'add', '-f', '-F', '-', 'HEAD'], { cwd: repo, env: sb.env, input: BARE, stdio: 'pipe' });
  const bin = join(PROJECT, 'bin', 'git-drift');
  const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, env: sb.env, encoding: 'utf8' });

  const check = run(['check', '--json', 'HEAD~1..HEAD']);
  t.equal(check.status, 0, 'check accepts the note');
  const log = JSON.parse(run(['log', '--json', '-n', '1']).stdout) as { sessions: { model: unknown }[] }[];
  t.equal(log[0]!.sessions[0]!.model, null, 'log --json says model: null');
  t.match(run(['blame', 'a.txt']).stdout, /claude-code/, 'blame names the session');

  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'], cwd: repo, env: sb.env as Record<string, string>, stderr: 'pipe' });
  const client = new Client({ name: 'drift-test', version: '0.0.0' });
  await client.connect(transport);
  t.teardown(() => client.close());
  const result = (await client.callTool({ name: 'drift_log', arguments: { range: 'HEAD' } })) as {
    isError?: boolean;
    content: { text?: string }[];
    structuredContent?: { commits: { sessions: { model: unknown }[] }[] };
  };
  t.notOk(result.isError, `drift_log answers (${result.content[0]?.text?.slice(0, 200)})`);
  t.equal(result.structuredContent?.commits[0]?.sessions[0]?.model, null, 'drift_log says model: null');
});

/**
 * Issue 12, item 8: commits made by hand at a stop of `git rebase -i` keep their attribution.
 * A new agent commit made at an `edit` stop is captured like any commit (its agent lines are
 * `ai`), and a picked commit split at its stop (`git reset HEAD^`, then two commits) keeps
 * its lines' owners in both parts; the rest of the history keeps its notes.
 */
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, type Sandbox } from '../helpers/env.js';
import { drift, installDrift } from '../helpers/replay.js';
import { LiveSession } from '../helpers/session.js';
import { sandboxTemplate } from '../helpers/template.js';

const SESSION = 'b0b0cafe-0000-4000-8000-000000000008';
const ID = `claude-code:${SESSION}`;

const PARSER = ['export function parsePort(text) {', '  const port = Number(text);', '  if (!Number.isInteger(port)) throw new Error(`bad port: ${text}`);', '  return port;', '}'];
const FORMAT = ['export function formatPort(port) {', '  return `:${port}`;', '}'];
const RETRY = ['export async function retry(fn, times = 3) {', '  for (let i = 1; ; i++) {', '    try { return await fn(); } catch (err) { if (i >= times) throw err; }', '  }', '}'];

type Row = [text: string, state: string, session: string | null];

function blame(sb: Sandbox, repo: string, file: string): Row[] {
  const out = JSON.parse(drift(sb, repo, ['blame', '--json', file])) as { lines: { text: string; state: string; session: string | null }[] };
  return out.lines.map((l) => [l.text, l.state, l.session]);
}

function commit(sb: Sandbox, repo: string, message: string, paths = ['-A']): void {
  git(sb, repo, ['add', ...paths]);
  git(sb, repo, ['commit', '-q', '-m', message]);
}

/** A repository with a human base, an agent commit writing parse.js and format.js, and a human commit of README.md: built once per file, restored fresh for each test. */
const setUp: (t: Test) => { sb: Sandbox; repo: string; session: LiveSession } = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  writeFileSync(join(repo, 'base.js'), 'export const base = 1;\n');
  commit(sb, repo, 'human: base');
  const session = new LiveSession(sb, repo, SESSION);
  session.prompt('Write parsePort in parse.js and formatPort in format.js.');
  session.write('parse.js', `${PARSER.join('\n')}\n`);
  session.write('format.js', `${FORMAT.join('\n')}\n`);
  commit(sb, repo, 'agent: ports');
  writeFileSync(join(repo, 'README.md'), '# Ports\n\nWritten by hand.\n');
  commit(sb, repo, 'human: readme');
  return { repo, session };
}, 'drift-rebase-stops-');

/** Start `git rebase -i HEAD~2` stopping at the agent commit (`edit`). */
function stopAtAgentCommit(sb: Sandbox, repo: string): void {
  const env = { ...sb.env, GIT_SEQUENCE_EDITOR: `sed -i '1s/^pick/edit/'` };
  git({ ...sb, env }, repo, ['rebase', '-q', '-i', 'HEAD~2']);
}

const agentRows = (lines: string[]): Row[] => lines.map((l) => [l, 'ai', ID]);

t.test('a new agent commit made at an edit stop of git rebase -i is attributed to its session (issue 12, item 8)', async (t) => {
  const { sb, repo, session } = setUp(t);
  stopAtAgentCommit(sb, repo);
  session.prompt('Add a retry helper in retry.js.');
  session.write('retry.js', `${RETRY.join('\n')}\n`);
  commit(sb, repo, 'agent: retry');
  git(sb, repo, ['rebase', '--continue']);
  t.equal(git(sb, repo, ['log', '--format=%s', '-4']), 'human: readme\nagent: retry\nagent: ports\nhuman: base', 'the new commit sits after the edited one');
  t.same(blame(sb, repo, 'retry.js'), agentRows(RETRY), "the new commit's agent lines are the agent's");
  t.same(blame(sb, repo, 'parse.js'), agentRows(PARSER), 'the edited commit keeps its owners');
  t.same(
    blame(sb, repo, 'README.md').map((r) => r[1]),
    ['human', 'human', 'human'],
    'the replayed human commit stays human',
  );
});

t.test('splitting a picked commit at an edit stop keeps its owners in both parts (issue 12, item 8)', async (t) => {
  const { sb, repo } = setUp(t);
  stopAtAgentCommit(sb, repo);
  git(sb, repo, ['reset', '-q', 'HEAD^']);
  commit(sb, repo, 'agent: parsePort', ['parse.js']);
  commit(sb, repo, 'agent: formatPort', ['format.js']);
  git(sb, repo, ['rebase', '--continue']);
  t.equal(git(sb, repo, ['log', '--format=%s', '-4']), 'human: readme\nagent: formatPort\nagent: parsePort\nhuman: base', 'the commit was split in two');
  t.same(blame(sb, repo, 'parse.js'), agentRows(PARSER), "the first part's lines keep their owner");
  t.same(blame(sb, repo, 'format.js'), agentRows(FORMAT), "the second part's lines keep their owner");
  t.same(
    blame(sb, repo, 'README.md').map((r) => r[1]),
    ['human', 'human', 'human'],
    'the replayed human commit stays human',
  );
});

/**
 * History operations through the installed hooks: amend, interactive rebase (reorder,
 * squash, fixup), cherry-pick and merge keep every line's owner, as `git drift blame
 * --json` reports it, for the same lines before and after.
 */
import t, { type Test } from 'tap';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, type Sandbox } from './helpers/env.js';
import { drift, installDrift } from './helpers/replay.js';
import { LiveSession } from './helpers/session.js';
import { sandboxTemplate } from './helpers/template.js';
import { parseNote } from '../src/notes/index.js';

const SESSION = 'a1b2c3d4-0000-4000-8000-000000000001';
const ID = `claude-code:${SESSION}`;

const BASE = Array.from({ length: 10 }, (_, i) => `export const setting${i} = ${i}; // base line ${i}`);
const AGENT = [
  'export function parseDuration(text) {',
  '  const match = /^(\\d+)(ms|s|m)$/.exec(text.trim());',
  '  if (!match) throw new Error(`not a duration: ${text}`);',
  '  const unit = { ms: 1, s: 1000, m: 60000 }[match[2]];',
  '  return Number(match[1]) * unit;',
  '}',
];
const TOP = ['// Human header: configuration of the scheduler.', '// Owner: platform team, see docs/scheduler.md.'];

type Row = [text: string, state: string, session: string | null];

function blame(sb: Sandbox, repo: string, file: string): Row[] {
  const out = JSON.parse(drift(sb, repo, ['blame', '--json', file])) as { lines: { text: string; state: string; session: string | null }[] };
  return out.lines.map((l) => [l.text, l.state, l.session]);
}

function commit(sb: Sandbox, repo: string, message: string): string {
  git(sb, repo, ['add', '-A']);
  const out = git(sb, repo, ['commit', '-q', '-m', message]);
  return out;
}

/**
 * A repository with: a human base commit of src/config.js; an agent commit appending
 * parseDuration (one line re-indented by a human: ai-modified); a human commit putting two
 * lines at the top of the file; and a human commit adding NOTES.md.
 */
function build(sb: Sandbox) {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  writeFileSync(join(repo, 'config.js'), `${BASE.join('\n')}\n`);
  commit(sb, repo, 'base config');
  const session = new LiveSession(sb, repo, SESSION);
  session.prompt('Add a parseDuration helper to config.js that understands ms, s and m.');
  session.write('config.js', `${[...BASE, ...AGENT].join('\n')}\n`);
  const tweaked = readFileSync(join(repo, 'config.js'), 'utf8').replace('  return Number(match[1]) * unit;', '    return Number(match[1])  * unit;');
  writeFileSync(join(repo, 'config.js'), tweaked);
  commit(sb, repo, 'agent: parseDuration');
  writeFileSync(join(repo, 'config.js'), `${TOP.join('\n')}\n${readFileSync(join(repo, 'config.js'), 'utf8')}`);
  commit(sb, repo, 'human: header');
  writeFileSync(join(repo, 'NOTES.md'), '# Notes\n\nWritten by hand.\n');
  commit(sb, repo, 'human: notes');
  return { repo, session };
}

/** The repository of `build`, built once per file and restored fresh for each test. */
const setUp = sandboxTemplate(build);

/** The owners every scenario starts from; `header`: whether the human header commit is in the history. */
function expectBaseline(t: Test, rows: Row[], header = true): void {
  const states = new Map(rows.map(([text, state, session]) => [text, `${state} ${session ?? ''}`.trim()]));
  t.equal(states.get(AGENT[0]!), `ai ${ID}`, 'agent line is ai');
  t.equal(states.get('    return Number(match[1])  * unit;'), `ai-modified ${ID}`, 'the re-indented agent line is ai-modified');
  t.equal(states.get(TOP[0]!), header ? 'human' : undefined, header ? 'the header is human' : 'no header in this history');
  t.equal(states.get(BASE[3]!), 'human', 'the base is human');
}

t.test("keeps every line's owner through an amend", async (t) => {
  const { sb, repo } = setUp(t);
  git(sb, repo, ['reset', '-q', '--hard', 'HEAD~2']);
  const before = blame(sb, repo, 'config.js');
  expectBaseline(t, before, false);
  git(sb, repo, ['commit', '-q', '--amend', '-m', 'agent: parseDuration (reworded)']);
  t.same(blame(sb, repo, 'config.js'), before);
});

t.test("keeps every line's owner through an interactive rebase that reorders commits", async (t) => {
  const { sb, repo } = setUp(t);
  const before = blame(sb, repo, 'config.js');
  expectBaseline(t, before);
  // Todo: agent, header, notes → header, agent, notes. The agent's lines move down by two in its own commit.
  const env = { ...sb.env, GIT_SEQUENCE_EDITOR: `sed -i -n '1{h;d};2{p;x;p;d};p'` };
  git({ ...sb, env }, repo, ['rebase', '-q', '-i', 'HEAD~3']);
  t.equal(git(sb, repo, ['log', '--format=%s', '-3']), 'human: notes\nagent: parseDuration\nhuman: header', 'the commits were reordered');
  t.same(blame(sb, repo, 'config.js'), before);
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD~1']));
  t.notOk('invalid' in note, 'the rebased agent commit has a valid note');
  if (!('invalid' in note)) {
    t.same(note.files['config.js']?.ai?.[ID], '13-16,18', 'ranges follow the lines to their new numbers (11-14,16 before)');
    t.same(note.files['config.js']?.['ai-modified']?.[ID], '17', 'the re-indented line; the brace after it is an exact copy, so ai');
  }
});

t.test('merges the notes of squashed and fixed-up commits without losing a session', async (t) => {
  const { sb, repo } = setUp(t);
  const before = blame(sb, repo, 'config.js');
  const notesBefore = blame(sb, repo, 'NOTES.md');
  // Todo: agent, header, notes → agent, squash header, fixup notes: one commit.
  const env = { ...sb.env, GIT_SEQUENCE_EDITOR: `sed -i -e '2s/^pick/squash/' -e '3s/^pick/fixup/'`, GIT_EDITOR: 'true' };
  git({ ...sb, env }, repo, ['rebase', '-q', '-i', 'HEAD~3']);
  t.equal(git(sb, repo, ['rev-list', '--count', 'HEAD']), '3', 'three commits became one');
  t.same(blame(sb, repo, 'config.js'), before);
  t.same(blame(sb, repo, 'NOTES.md'), notesBefore);
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  t.same(
    note.sessions.map((s) => s.id),
    [ID],
    'the squashed note lists the session',
  );
  t.ok(note.sessions[0]!.edits.applied >= 1);
  t.match(note.sessions[0]!.asked?.[0] ?? '', /parseDuration/, 'and the prompt behind its lines');
});

t.test("carries the picked commit's owners through a cherry-pick", async (t) => {
  const { sb, repo } = setUp(t);
  git(sb, repo, ['checkout', '-q', '-b', 'release', 'HEAD~3']);
  const agentCommit = git(sb, repo, ['rev-parse', 'main~2']);
  git(sb, repo, ['cherry-pick', agentCommit]);
  const rows = blame(sb, repo, 'config.js');
  expectBaseline(t, rows, false);
  t.equal(rows.length, BASE.length + AGENT.length);
});

t.test("carries the picked commit's owners through a conflicted cherry-pick finished with --continue (issue 12, item 15)", async (t) => {
  const { sb, repo } = setUp(t);
  git(sb, repo, ['checkout', '-q', '-b', 'release', 'HEAD~3']);
  writeFileSync(join(repo, 'config.js'), `${[...BASE, '// release: frozen'].join('\n')}\n`);
  commit(sb, repo, 'human: freeze release');
  const agentCommit = git(sb, repo, ['rev-parse', 'main~2']).trim();
  t.throws(() => git(sb, repo, ['cherry-pick', agentCommit]), 'the pick stops on a conflict');
  const picked = git(sb, repo, ['show', `${agentCommit}:config.js`]);
  writeFileSync(join(repo, 'config.js'), `${picked}// release: frozen\n`);
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['-c', 'core.editor=true', 'cherry-pick', '--continue']);
  const rows = blame(sb, repo, 'config.js');
  expectBaseline(t, rows, false);
});

t.test('a merge commit owns only its conflict resolutions, which an agent may have written', async (t) => {
  const { sb, repo, session } = setUp(t);
  git(sb, repo, ['checkout', '-q', '-b', 'tuning', 'HEAD~3']);
  writeFileSync(join(repo, 'config.js'), readFileSync(join(repo, 'config.js'), 'utf8').replace(BASE[5]!, 'export const setting5 = 55; // tuned on the branch'));
  commit(sb, repo, 'human: tune setting5');
  git(sb, repo, ['checkout', '-q', 'main']);
  writeFileSync(join(repo, 'config.js'), readFileSync(join(repo, 'config.js'), 'utf8').replace(BASE[5]!, 'export const setting5 = 500; // tuned on main'));
  commit(sb, repo, 'human: tune setting5 differently');
  const before = blame(sb, repo, 'config.js').filter(([text]) => !text.includes('setting5'));
  t.throws(() => git(sb, repo, ['merge', '-q', 'tuning']), 'the merge stops on a conflict');
  const ours = git(sb, repo, ['show', 'HEAD:config.js']);
  const resolution = 'export const setting5 = 500; // 55 on tuning, main wins';
  session.prompt('Resolve the conflict on setting5: keep 500 but mention the branch value.');
  session.write(
    'config.js',
    `${ours
      .split('\n')
      .map((l) => (l.startsWith('export const setting5') ? resolution : l))
      .join('\n')}\n`,
  );
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '--no-edit']);
  const after = blame(sb, repo, 'config.js');
  t.same(
    after.filter(([text]) => !text.includes('setting5')),
    before,
    'lines from either side keep their owners',
  );
  t.same(
    after.find(([text]) => text.includes('setting5')),
    [resolution, 'ai', ID],
    "the agent's resolution is the agent's",
  );
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  t.same(Object.keys(note.files), ['config.js'], 'the merge note lists only the resolved file');
});

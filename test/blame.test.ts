/**
 * `git drift blame`: per-line owners from real notes in a temporary repository, `-L`,
 * revisions, renames, commits without notes, uncommitted lines, `--line` histories, and
 * the text output with its footer.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, git, makeRepo, makeSandbox } from './helpers/env.js';
import { drift, installDrift } from './helpers/replay.js';
import { sandboxTemplate } from './helpers/template.js';
import { LiveSession } from './helpers/session.js';
import { parsePorcelain, parseLineLog } from '../src/git/blame.js';

const ID = 'claude-code:b1a3e000-0000-4000-8000-000000000001';
const PROMPT = 'Write a slugify(text) helper in lib/slug.js that lower-cases and joins words with dashes.';
const AGENT = ['export function slugify(text) {', "  return text.toLowerCase().trim().split(/\\s+/).join('-');", '}'];

interface Json {
  file: string;
  lines: { line: number; commit: string; state: string; agent: string | null; session: string | null; model: string | null; source: string | null; prompt: string | null; text: string }[];
}

/** An installed repository with one agent commit (and a human line in it): built once per file, restored fresh for each test. */
const setUp = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  new LiveSession(sb, repo, ID.split(':')[1]!).prompt(PROMPT).write('lib/slug.js', `${AGENT.join('\n')}\n`);
  writeFileSync(join(repo, 'lib/slug.js'), `${readFileSync(join(repo, 'lib/slug.js'), 'utf8')}// Slugs are ASCII only: see issue 12.\n`);
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'slugify']);
  return { repo };
});

t.test('names the state, agent, session, model and prompt of every line', async (t) => {
  const { sb, repo } = setUp(t);
  const out = JSON.parse(drift(sb, repo, ['blame', '--json', 'lib/slug.js'])) as Json;
  t.equal(out.file, 'lib/slug.js');
  t.same(
    out.lines.map((l) => [l.line, l.state, l.session]),
    [
      [1, 'ai', ID],
      [2, 'ai', ID],
      [3, 'ai', ID],
      [4, 'human', null],
    ],
  );
  t.equal(out.lines[0]!.commit, git(sb, repo, ['rev-parse', 'HEAD']));
  t.equal(out.lines[0]!.agent, 'claude-code');
  t.equal(out.lines[0]!.model, 'claude-sonnet-4-5');
  t.equal(out.lines[0]!.prompt, PROMPT);
  t.equal(out.lines[3]!.prompt, null);
  t.same(Object.keys(out.lines[0]!), ['line', 'commit', 'state', 'agent', 'session', 'model', 'source', 'prompt', 'text'], 'the documented fields, in order');
});

t.test('-L limits the lines, a revision blames the past, and a rename keeps the owners', async (t) => {
  const { sb, repo } = setUp(t);
  const some = JSON.parse(drift(sb, repo, ['blame', '--json', '-L', '2,3', 'lib/slug.js'])) as Json;
  t.same(
    some.lines.map((l) => l.line),
    [2, 3],
  );
  t.same(JSON.parse(drift(sb, repo, ['blame', '--json', '-L2,3', 'lib/slug.js'])), some, "git's attached form -L2,3 too");
  git(sb, repo, ['mv', 'lib/slug.js', 'lib/slugs.js']);
  writeFileSync(join(repo, 'lib/slugs.js'), `// header\n${readFileSync(join(repo, 'lib/slugs.js'), 'utf8')}`);
  git(sb, repo, ['commit', '-q', '-am', 'rename']);
  const renamed = JSON.parse(drift(sb, repo, ['blame', '--json', 'lib/slugs.js'])) as Json;
  t.same(
    renamed.lines.map((l) => l.state),
    ['human', 'ai', 'ai', 'ai', 'human'],
    "lines keep their owners under the old name's note",
  );
  const past = JSON.parse(drift(sb, repo, ['blame', '--json', 'lib/slug.js', 'HEAD~1'])) as Json;
  t.equal(past.lines.length, 4);
});

t.test('commits without a note are unknown; uncommitted lines get what the next commit would record', async (t) => {
  const { sb, repo } = setUp(t);
  writeFileSync(join(repo, 'lib/slug.js'), `${readFileSync(join(repo, 'lib/slug.js'), 'utf8')}export const MAX = 80;\n`);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '-am', 'hooks off']);
  const wip = new LiveSession(sb, repo, 'feed0000-0000-4000-8000-000000000003').prompt('Add a deslugify helper.');
  wip.write('lib/slug.js', `${readFileSync(join(repo, 'lib/slug.js'), 'utf8')}export function deslugify(slug) {\n  return slug.split('-').join(' ');\n}\n`);
  writeFileSync(join(repo, 'lib/slug.js'), `${readFileSync(join(repo, 'lib/slug.js'), 'utf8')}export const MIN = 1; // typed by hand\n`);
  const out = JSON.parse(drift(sb, repo, ['blame', '--json', 'lib/slug.js'])) as Json;
  const zero = '0'.repeat(40);
  t.same(
    out.lines.slice(-5).map((l) => [l.state, l.commit === zero, l.session, l.prompt]),
    [
      ['unknown', false, null, null],
      ['ai', true, 'claude-code:feed0000-0000-4000-8000-000000000003', 'Add a deslugify helper.'],
      ['ai', true, 'claude-code:feed0000-0000-4000-8000-000000000003', 'Add a deslugify helper.'],
      ['ai', true, 'claude-code:feed0000-0000-4000-8000-000000000003', 'Add a deslugify helper.'],
      ['human', true, null, null],
    ],
  );
  git(sb, repo, ['commit', '-q', '-am', 'deslugify']);
  const after = JSON.parse(drift(sb, repo, ['blame', '--json', 'lib/slug.js'])) as Json;
  t.same(
    after.lines.slice(-4).map((l) => l.state),
    ['ai', 'ai', 'ai', 'human'],
    'the commit records what blame said before it',
  );
});

t.test('prints lines with a share footer, and fails clearly for a missing file', async (t) => {
  const { sb, repo } = setUp(t);
  const text = drift(sb, repo, ['blame', 'lib/slug.js']);
  t.match(text, /^[0-9a-f]{8} ai +claude-code b1a3e000 1\) export function slugify\(text\) \{$/m);
  t.match(text, /claude-code 75\.0% \(3 lines\) · human 25\.0% \(1 line\)\n$/);
  t.notMatch(text, /\x1b\[/, 'no colours when stdout is not a terminal');
  const r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'blame', 'nope.js'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  t.equal(r.status, 1);
  t.match(r.stderr, /^git-drift: git could not blame nope\.js: /);
  const bad = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'blame', '-L', '5,2', 'lib/slug.js'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  t.equal(bad.status, 1);
  t.match(bad.stderr, /-L wants <start>,<end>/);
});

t.test('--line gives every commit that touched a line, with its owner, prompt and rejected approaches', async (t) => {
  const { sb, repo } = setUp(t);
  const s = new LiveSession(sb, repo, 'c0ffee00-0000-4000-8000-000000000002');
  s.prompt('Make slugify strip accents too.');
  const file = readFileSync(join(repo, 'lib/slug.js'), 'utf8');
  s.write('lib/slug.js', file.replace('.trim()', ".normalize('NFKD').replace(/[\\u0300-\\u036f]/g, '').trim()"));
  git(sb, repo, ['commit', '-q', '-am', 'accents']);
  const out = JSON.parse(drift(sb, repo, ['blame', '--json', '--line', '2', 'lib/slug.js'])) as {
    line: number;
    commits: { commit: string; state: string; session: string | null; prompt: string | null; line: number | null }[];
  };
  t.equal(out.line, 2);
  t.same(
    out.commits.map((c) => [c.state, c.session, c.prompt]),
    [
      ['ai', 'claude-code:c0ffee00-0000-4000-8000-000000000002', 'Make slugify strip accents too.'],
      ['ai', ID, PROMPT],
    ],
  );
  const text = drift(sb, repo, ['blame', '--line', '2', 'lib/slug.js']);
  t.match(text, /^Line 2 of lib\/slug\.js: 2 commits, newest first/);
  t.match(text, /prompt: Make slugify strip accents too\./);
});

t.test('parses porcelain with repeated commits, quoted names and the work tree', async (t) => {
  const sha = 'a'.repeat(40);
  const edge = 'b'.repeat(40);
  // git prints a commit's headers (filename, boundary) only with its first group: a later
  // group of the same commit has its filename, not the one of the group before it.
  const porcelain = [
    `${sha} 3 1 2`,
    'author X',
    'filename "dir/sp\\303\\251cial name.js"',
    '\tfirst',
    `${sha} 4 2`,
    '\tsecond',
    `${'0'.repeat(40)} 3 3 1`,
    'filename dir/x.js',
    '\tthird',
    `${sha} 9 4 1`,
    '\tfourth',
    `${edge} 7 5 1`,
    'author Y',
    'boundary',
    'filename old/x.js',
    '\tfifth',
    '',
  ].join('\n');
  const boundaries = new Set<string>();
  t.same(parsePorcelain(porcelain, boundaries), [
    { commit: sha, origLine: 3, line: 1, origPath: 'dir/spécial name.js', text: 'first' },
    { commit: sha, origLine: 4, line: 2, origPath: 'dir/spécial name.js', text: 'second' },
    { commit: '0'.repeat(40), origLine: 3, line: 3, origPath: 'dir/x.js', text: 'third' },
    { commit: sha, origLine: 9, line: 4, origPath: 'dir/spécial name.js', text: 'fourth' },
    { commit: edge, origLine: 7, line: 5, origPath: 'old/x.js', text: 'fifth' },
  ]);
  t.same([...boundaries], [edge], 'the boundary commit');
  const log = `\x1e${sha}\x1f2026-11-20T12:00:00Z\x1fsubject\n\ndiff --git a/a.js b/a.js\n--- a/a.js\n+++ b/a.js\n@@ -2,1 +3,1 @@\n-x\n+y\n`;
  t.same(parseLineLog(log), [{ commit: sha, date: '2026-11-20T12:00:00Z', subject: 'subject', path: 'a.js', lines: [3] }]);
});

t.test('outside a repository it says so, once, and exits 1', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), 'blame', 'x.js'], { cwd: sb.root, env: sb.env, encoding: 'utf8' });
  t.equal(r.status, 1);
  t.match(r.stderr, /^git-drift: not a git repository .*\n$/);
});

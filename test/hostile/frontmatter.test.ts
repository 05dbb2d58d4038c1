/**
 * Issue 12, items 1 and 5: frontmatter from a teammate's note (or a record, or a brief) is
 * read as YAML data only, within limits. A `---js` fence runs nothing in the note, record
 * and brief codecs (end to end through the CLI and hooks: frontmatter-exploit.test.ts); an
 * alias bomb is an invalid note in milliseconds, for the codec, check and blame.
 */
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNote } from '../../src/notes/index.js';
import { parseBrief } from '../../src/record/brief.js';
import { withCondensed } from '../../src/record/index.js';
import { parseFrontmatter } from '../../src/frontmatter/index.js';
import { PROJECT, git, makeRepo, makeSandbox, type Sandbox } from '../helpers/env.js';
import { installDrift } from '../helpers/replay.js';

/** A note whose frontmatter, if evaluated as JavaScript, writes `sentinel`. */
function exploit(sentinel: string, fence = 'js'): string {
  return `---${fence}\n({drift:1,sessions:[],files:{},x:require("child_process").execSync(${JSON.stringify(`id > '${sentinel}'`)})})\n---\n`;
}

/** Anchors nine deep, nine aliases each: 9^9 nodes once expanded. */
function aliasBomb(): string {
  let yaml = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++)
    yaml += `a${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return `---\ndrift: 1\nsessions: []\nfiles: {}\n${yaml}---\n\nbody\n`;
}

t.test('item 1: a ---js note is invalid and runs nothing', async (t) => {
  const sb = makeSandbox('drift-hostile-');
  t.teardown(sb.cleanup);
  const sentinel = join(sb.root, 'pwned.txt');
  for (const fence of ['js', 'javascript', 'JS', 'coffee', 'json', 'toml']) {
    const note = parseNote(exploit(sentinel, fence));
    t.ok('invalid' in note, `---${fence} is an invalid note`);
    t.match((note as { invalid: string }).invalid, /is not YAML/, `---${fence}: the reason names the fence`);
  }
  t.notOk(existsSync(sentinel), 'no code ran');
  t.match(parseBrief(exploit(sentinel)), { invalid: /is not YAML/ }, 'a brief with a ---js fence is refused');
  t.throws(() => withCondensed(exploit(sentinel), '## Condensed by x\n', 'm'), /is not YAML/, 'a record with a ---js fence is not condensed');
  t.notOk(existsSync(sentinel), 'still no code ran');
  t.same(parseFrontmatter('---yaml\na: 1\n---\nb\n'), { data: { a: 1 }, content: 'b\n' }, 'an explicit ---yaml fence is YAML');
});

t.test('item 1: frontmatter reads YAML data only: no custom or unknown tags', async (t) => {
  t.match(parseFrontmatter('---\na: !!js/function "function () { return 1 }"\n---\n'), { invalid: /has a YAML tag \(!!js\/function\): tags are not read/ });
  t.match(parseFrontmatter('---\na: !custom x\n---\n'), { invalid: /has a YAML tag/ });
  t.match(parseFrontmatter('---\na: !!binary aGVsbG8=\n---\n'), { invalid: /has a YAML tag/ });
  t.same(parseFrontmatter("---\na: 'x !y *z &w'\nb: c!d\n---\n"), { data: { a: 'x !y *z &w', b: 'c!d' }, content: '' }, 'tag and alias characters inside scalars are text');
  t.match(parseFrontmatter(`---\na: &a 1\nb: [${Array(101).fill('*a').join(', ')}]\n---\n`), { invalid: 'frontmatter has more than 100 aliases' });
  t.match(parseFrontmatter(`---\na: [${Array(300_000).fill('1').join(',')}]\n---\n`), { invalid: /expands past 200000 values/ }, 'a long flat list is bounded too');
  t.match(parseFrontmatter('---\na: 1\na: 2\n---\n'), { invalid: /not valid YAML/ }, 'a duplicate key is refused');
  t.match(parseFrontmatter('---\n- 1\n- 2\n---\n'), { invalid: 'frontmatter is not a mapping' });
  const proto = parseFrontmatter('---\n__proto__: {polluted: true}\n---\n');
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype is polluted');
  t.same(Object.keys((proto as { data: object }).data), ['__proto__'], 'a __proto__ key is read as an own key');
});

/** Run the built CLI; returns status, stdout and stderr. Never throws. */
function cli(sb: Sandbox, cwd: string, args: string[], timeout = 30_000) {
  const r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd, env: sb.env, encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined };
}

t.test('item 5: a YAML alias bomb is an invalid note in milliseconds', async (t) => {
  const started = process.hrtime.bigint();
  const note = parseNote(aliasBomb());
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  t.match(note, { invalid: 'frontmatter expands past 200000 values through its aliases' }, 'the note is invalid, and the reason says why');
  t.ok(ms < 2000, `parsed in ${ms.toFixed(1)} ms`);
  t.match(parseNote(`---\n${'['.repeat(50_000)}${']'.repeat(50_000)}\n---\n`), { invalid: /nests deeper than 64 levels/ }, 'deep flow nesting is refused');
  t.match(parseNote(`---\nx: ${'- '.repeat(50_000)}1\n---\n`), { invalid: /nests deeper than 64 levels|not valid YAML/ }, 'deep block nesting is refused');
  t.match(
    parseNote(`---\ndrift: 1\nsessions: []\nfiles: {}\npad: '${'x'.repeat(1100 * 1024)}'\n---\n`),
    { invalid: /over the 1048576-byte limit/ },
    'a frontmatter over 1 MiB is refused before parsing',
  );
});

t.test("item 5: git drift check and blame give a teammate's alias bomb note up at once", async (t) => {
  const sb = makeSandbox('drift-hostile-');
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  git(sb, repo, ['add', 'a.txt']);
  git(sb, repo, ['commit', '-q', '-m', 'add a']);
  execFileSync('git', ['notes', '--ref=drift', 'add', '-f', '-F', '-', 'HEAD'], { cwd: repo, env: sb.env, input: aliasBomb() });
  const check = cli(sb, repo, ['check', '--json', 'HEAD~1..HEAD'], 20_000);
  t.notOk(check.timedOut, 'check returns');
  t.equal(check.status, 1, 'check fails the range');
  t.match(JSON.parse(check.stdout || '{}'), { commits: [{ status: 'invalid', reason: /alias/ }] }, 'the commit is invalid because of the aliases');
  const blame = cli(sb, repo, ['blame', 'a.txt'], 20_000);
  t.notOk(blame.timedOut, 'blame returns');
  t.equal(blame.status, 0, 'blame answers');
});

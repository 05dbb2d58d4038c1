/**
 * Issue 12, items 7, 17 and 18: paths as git and the agents write them. A path with a space
 * or a `\` keeps its attribution; `..` never makes a path outside the work tree look like
 * one of its files or a cwd outside it look like this repository's; a git repository nested
 * in the work tree keeps its sessions and files to itself.
 */
import t from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, type Sandbox } from '../helpers/env.js';
import { drift, installDrift } from '../helpers/replay.js';
import { sandboxTemplate } from '../helpers/template.js';
import { parseNote, renderNote, type Note, type NoteFile } from '../../src/notes/index.js';
import { mergeNotes } from '../../src/notes/merge.js';
import { ownersOf } from '../../src/notes/owners.js';
import { LiveSession } from '../helpers/session.js';

const ID = '5f1c2a3b-7d4e-4c1a-9b2f-3e8d6a1c0b9e';

/** A repository with one commit and git drift installed: built once per file, restored fresh for each test. */
const setup = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  return { repo };
}, 'drift-paths-');

function note(sb: Sandbox, repo: string): string {
  return git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']);
}

/** The `sessions --json` rows: id and files. */
function sessions(sb: Sandbox, repo: string): { id: string; files: string[] }[] {
  return JSON.parse(drift(sb, repo, ['sessions', '--json'])) as { id: string; files: string[] }[];
}

t.test('item 7: a file in a directory with a space keeps its agent lines (no TAB in the note key)', async (t) => {
  const { sb, repo } = setup(t);
  new LiveSession(sb, repo, ID).prompt('add it').write('dir with space/file.js', 'export const spaced = "yes";\nexport const more = 2;\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'spaced']);
  const text = note(sb, repo);
  t.notMatch(text, /\t/, 'no TAB anywhere in the note');
  t.match(text, /dir with space\/file\.js:\n\s+ai:\n\s+'?claude-code:5f1c2a3b[^:]*'?: "?1-2"?/, "both lines are the agent's");
});

t.test('item 7: a file name with a backslash keeps its agent lines and its name', async (t) => {
  const { sb, repo } = setup(t);
  new LiveSession(sb, repo, ID).prompt('add it').write('a\\b.js', 'export const slash = "back";\nexport const other = 3;\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'backslash']);
  const text = note(sb, repo);
  t.match(text, /a\\\\?b\.js'?"?:\n\s+ai:\n\s+'?claude-code:5f1c2a3b[^:]*'?: "?1-2"?/, "the note keys the file by its real name, lines the agent's");
  t.notMatch(text, /human: "?1-2"?/, 'no line is given to a human');
});

t.test('files named like Object members (constructor, __proto__, toString) keep their attribution', async (t) => {
  const { sb, repo } = setup(t);
  const names = ['constructor', '__proto__', 'toString'];
  const session = new LiveSession(sb, repo, ID).prompt('add them');
  for (const name of names) session.write(name, `export const ${name.replace(/_/g, 'u')} = 1;\nexport const again = 2;\n`);
  writeFileSync(join(repo, 'valueOf'), 'typed by hand\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'odd names']);
  const parsed = parseNote(note(sb, repo));
  if ('invalid' in parsed) throw new Error(parsed.invalid);
  const session0 = `claude-code:${ID}`;
  t.same(Object.keys(parsed.files).sort(), ['__proto__', 'constructor', 'toString', 'valueOf'], 'the note lists every file, as its own key');
  for (const name of names) t.same(parsed.files[name]?.ai, { [session0]: '1-2' }, `${name}: both lines are the agent's`);
  t.equal((Object.getOwnPropertyDescriptor(parsed.files, 'valueOf')?.value as NoteFile | undefined)?.human, '1', "valueOf: the human's line");
  for (const name of names) {
    const blamed = JSON.parse(drift(sb, repo, ['blame', '--json', name])) as { lines: { state: string; session: string | null }[] };
    t.same(
      blamed.lines.map((l) => [l.state, l.session]),
      [
        ['ai', session0],
        ['ai', session0],
      ],
      `blame ${name}`,
    );
  }
  const [row] = sessions(sb, repo);
  t.same(row?.files.slice().sort(), ['__proto__', 'constructor', 'toString'], 'the session lists the files it wrote');
  for (const name of ['constructor', '__proto__']) writeFileSync(join(repo, name), `${readFileSync(join(repo, name), 'utf8')}by hand\n`);
  git(sb, repo, ['commit', '-q', '-a', '--amend', '--no-edit']);
  const amended = parseNote(note(sb, repo));
  if ('invalid' in amended) throw new Error(amended.invalid);
  for (const name of ['constructor', '__proto__']) t.match(amended.files[name], { human: '3', ai: { [session0]: '1-2' } }, `${name} after an amend: the agent's lines carried, the new line human`);
});

t.test('notes merged and read by path: a file named constructor in one note only is not found in the other', async (t) => {
  const human = (files: Record<string, NoteFile>): Note => ({ drift: 1, sessions: [], files, body: '' });
  const a = parseNote(renderNote(human({ constructor: { human: '1-2' }, ['__proto__']: { human: '4' } })));
  const b = parseNote(renderNote(human({ 'src/x.ts': { human: '3' } })));
  if ('invalid' in a || 'invalid' in b) throw new Error('a rendered note did not parse');
  t.same(Object.keys(a.files).sort(), ['__proto__', 'constructor'], 'parsed as own keys');
  t.equal(ownersOf(b, 'constructor'), null, 'a note without the file has no owners for it');
  t.equal(ownersOf(b, '__proto__'), null, 'nor for __proto__');
  const merged = mergeNotes(b, a);
  t.same(Object.keys(merged.files).sort(), ['__proto__', 'constructor', 'src/x.ts'], 'the merge keeps every file');
  t.same(merged.files.constructor, { human: '1-2' }, 'constructor as the one note gave it');
  t.same(Object.getOwnPropertyDescriptor(merged.files, '__proto__')?.value, { human: '4' }, '__proto__ as the one note gave it');
});

t.test('item 17: an agent write to <repo>/../sibling is not listed as a file of the repository', async (t) => {
  const { sb, repo } = setup(t);
  const session = new LiveSession(sb, repo, ID).prompt('two files').write('src/in.js', 'export const inside = 1;\n');
  mkdirSync(join(sb.root, 'sibling'), { recursive: true });
  session.write('../sibling/x.js', 'export const outside = 1;\n');
  const escaped = JSON.stringify(join(sb.root, 'sibling', 'x.js')).slice(1, -1);
  writeFileSync(session.log, readFileSync(session.log, 'utf8').split(escaped).join(`${repo}/../sibling/x.js`));
  const [row] = sessions(sb, repo);
  t.same(row?.files, ['src/in.js'], 'only the file inside the work tree');
});

t.test("item 17: a session whose cwd is <repo>/../app-old is not this repository's", async (t) => {
  const { sb, repo } = setup(t);
  mkdirSync(join(sb.root, 'app-old'), { recursive: true });
  new LiveSession(sb, `${repo}/../app-old`, ID).prompt('work on the old app').write('old.js', 'export const old = 1;\n');
  t.same(sessions(sb, repo), [], 'no session listed');
});

t.test('item 18: a git repository nested in the work tree keeps its sessions and files to itself', async (t) => {
  const { sb, repo } = setup(t);
  writeFileSync(join(repo, '.gitignore'), 'vendor/\n');
  git(sb, repo, ['add', '.gitignore']);
  git(sb, repo, ['commit', '-q', '-m', 'ignore vendor']);
  const nested = join(repo, 'vendor', 'lib');
  mkdirSync(nested, { recursive: true });
  git(sb, nested, ['init', '-q']);
  new LiveSession(sb, nested, '0a1b2c3d-0000-4000-8000-00000000000a').prompt('vendor work').write('lib.js', 'export const lib = 1;\n');
  const own = new LiveSession(sb, repo, ID).prompt('ours').write('src/app.js', 'export const app = 1;\n');
  own.write('vendor/lib/patched.js', 'export const patched = 1;\n');
  const rows = sessions(sb, repo);
  t.same(
    rows.map((r) => r.id),
    [`claude-code:${ID}`],
    "only this repository's session",
  );
  t.same(rows[0]?.files, ['src/app.js'], 'a file of the nested repository is not ours');
});

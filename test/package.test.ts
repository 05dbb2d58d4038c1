/**
 * The npm package as a user gets it: `npm pack` of a source tree, the tarball's contents,
 * and `npm install -g` of the tarball into a temporary prefix, whose `git-drift` and
 * `git-drift-hook` then install the hooks of a repository and annotate a commit. No
 * registry is needed: the bundles hold every dependency.
 *
 * The tree packed holds this checkout's `dist/` as built (the suite runs after `npm run
 * build`, as every other test runs these bundles), so the test packs with `--ignore-scripts`
 * instead of building the whole project again (half a minute of CPU); that `npm pack` builds
 * first is the `prepack` script, checked below, and a build from a fresh clone is what CI's
 * `.ci/run` (install.sh) does. The build leaves code caches, source maps and its metafile in
 * `dist/`, so the copy also proves the `files` list keeps them out.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, git, makeRepo, makeSandbox } from './helpers/env.js';
import { LiveSession } from './helpers/session.js';
import { parseNote } from '../src/notes/index.js';

/** What a built checkout holds that packing needs (no `test/`). */
const SOURCE = ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'src', 'bin', 'hooks', 'docs', 'demo', 'scripts', 'dist'];

t.test('npm pack runs the build first: the prepack script is npm run build', async (t) => {
  const { scripts } = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  t.equal(scripts.prepack, 'npm run build');
  t.equal(scripts.build, 'node scripts/build.mjs');
});

t.test('npm pack of a built tree, and npm install -g of the tarball gives working commands whose hook annotates a commit', async (t) => {
  const sb = makeSandbox('drift-pack-');
  t.teardown(sb.cleanup);
  const source = join(sb.root, 'source');
  mkdirSync(source);
  // A code cache other tests write meanwhile goes through a temporary file renamed into place: leave those out.
  for (const entry of SOURCE) cpSync(join(PROJECT, entry), join(source, entry), { recursive: true, filter: (from) => !from.endsWith('.tmp') });
  const npm = (cwd: string, args: string[], env = sb.env) =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  const packed = join(sb.root, 'packed');
  mkdirSync(packed);
  npm(source, ['pack', '--ignore-scripts', '--pack-destination', packed]);
  const { version } = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { version: string };
  const tarball = join(packed, `git-drift-${version}.tgz`);
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((f) => f.replace(/^package\//, ''));
  for (const needed of [
    'bin/git-drift',
    'bin/git-drift-hook',
    'dist/cli.bundle.js',
    'dist/hook.bundle.cjs',
    'dist/start.cjs',
    'dist/quick-log.cjs',
    'hooks/post-commit',
    'demo/claude-session.jsonl',
    'package.json',
    'README.md',
  ]) {
    t.ok(files.includes(needed), `the tarball holds ${needed}`);
  }
  t.same(
    files.filter((f) => /^(test|src|bench|scripts|node_modules)\/|\.map$|^dist\/meta\.json$|\.cache$/.test(f)),
    [],
    'no tests, sources, source maps, build metadata or code caches',
  );

  const prefix = join(sb.root, 'prefix');
  npm(sb.root, ['install', '--global', '--prefix', prefix, '--offline', tarball]);
  const env = { ...sb.env, PATH: `${join(prefix, 'bin')}:${sb.env.PATH}` };
  const bins = readdirSync(join(prefix, 'bin')).sort();
  t.same(bins, ['git-drift', 'git-drift-hook']);
  t.equal(execFileSync('git', ['drift', '--version'], { env, encoding: 'utf8' }), `${version}\n`, 'git finds the installed git-drift');

  const repo = makeRepo(sb);
  execFileSync('git', ['drift', 'install'], { cwd: repo, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const hook = readFileSync(join(repo, '.git', 'hooks', 'post-commit'), 'utf8');
  t.match(hook, join(prefix, 'lib', 'node_modules', 'git-drift', 'bin', 'git-drift-hook'), 'the hook runs the installed git-drift-hook');
  const session = new LiveSession(sb, repo, '5e551011-0000-4000-8000-00000000face');
  session.prompt('Add a greet(name) helper.').write('greet.js', 'export function greet(name) {\n  return `hello ${name}`;\n}\n');
  writeFileSync(join(repo, 'notes.txt'), 'typed by hand\n');
  execFileSync('git', ['add', '-A'], { cwd: repo, env });
  execFileSync('git', ['commit', '-q', '-m', 'greet'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
  if ('invalid' in note) throw new Error(note.invalid);
  t.same(
    note.sessions.map((s) => s.id),
    [`claude-code:${session.id}`],
    'the note names the session',
  );
  t.same(note.files['greet.js']?.ai, { [`claude-code:${session.id}`]: '1-3' }, "the agent's lines");
  t.same(note.files['notes.txt'], { human: '1' }, 'the human line');

  npm(sb.root, ['uninstall', '--global', '--prefix', prefix, 'git-drift']);
  t.same(readdirSync(join(prefix, 'bin')), [], 'npm uninstall -g removes both commands');
});

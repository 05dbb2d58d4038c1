/**
 * The npm package as a user gets it: `npm pack` of a source tree without `dist/` (prepack
 * builds it), the tarball's contents, and `npm install -g` of the tarball into a temporary
 * prefix, whose `git-drift` and `git-drift-hook` then install the hooks of a repository
 * and annotate a commit. No registry is needed: the bundles hold every dependency.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, git, makeRepo, makeSandbox } from './helpers/env.js';
import { LiveSession } from './helpers/session.js';
import { parseNote } from '../src/notes/index.js';

// Packing builds the whole project (tsc, esbuild): minutes on a loaded machine.
t.setTimeout(600_000);

/** What a source checkout holds that packing needs (no `dist/`, no `test/`). */
const SOURCE = ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'src', 'bin', 'hooks', 'docs', 'demo', 'scripts'];

t.test('npm pack builds, and npm install -g of the tarball gives working commands whose hook annotates a commit', { timeout: 600_000 }, async (t) => {
  const sb = makeSandbox('drift-pack-');
  t.teardown(sb.cleanup);
  const source = join(sb.root, 'source');
  mkdirSync(source);
  for (const entry of SOURCE) cpSync(join(PROJECT, entry), join(source, entry), { recursive: true });
  symlinkSync(join(PROJECT, 'node_modules'), join(source, 'node_modules'));
  const npm = (cwd: string, args: string[], env = sb.env) =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  const packed = join(sb.root, 'packed');
  mkdirSync(packed);
  npm(source, ['pack', '--pack-destination', packed]);
  const { version } = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { version: string };
  const tarball = join(packed, `git-drift-${version}.tgz`);
  t.ok(existsSync(join(source, 'dist', 'cli.bundle.js')), 'prepack built dist/');
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

/**
 * Issue 12, items 10 and 11: symlinks never take git drift out of the work tree. An
 * untracked symlink's target is not printed in a brief; a committed `.prompts` (or
 * `.prompts/sessions`, `.prompts/handoffs`) symlink does not make capture or handoff write
 * elsewhere: the write is refused with a one-line reason, and the commit keeps its note.
 */
import t from 'tap';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT, git, makeRepo, type Sandbox } from '../helpers/env.js';
import { sandboxTemplate } from '../helpers/template.js';
import { drift, installDrift } from '../helpers/replay.js';
import { LiveSession } from '../helpers/session.js';

const ID = '5f1c2a3b-7d4e-4c1a-9b2f-3e8d6a1c0b9e';

/** A repository with one commit and git drift installed, and a folder outside it: built once per file, restored fresh for each test. */
const setup = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const outside = join(sb.root, 'outside');
  mkdirSync(outside, { recursive: true });
  return { repo, outside };
}, 'drift-links-');

function runDrift(sb: Sandbox, cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd, env: sb.env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test('item 10: handoff --print does not follow an untracked symlink out of the repository', async (t) => {
  const { sb, repo, outside } = setup(t);
  writeFileSync(join(outside, 'id_rsa'), 'TOP-SECRET-KEY-MATERIAL\n');
  symlinkSync(join(outside, 'id_rsa'), join(repo, 'notes.txt'));
  new LiveSession(sb, repo, ID).prompt('start the work').write('src/app.js', 'export const app = 1;\n');
  const out = drift(sb, repo, ['handoff', '--print', '--no-llm']);
  t.notMatch(out, 'TOP-SECRET-KEY-MATERIAL', "the target's lines are not in the brief");
  t.match(out, 'src/app.js', 'the brief is still made');
});

for (const link of ['.prompts', '.prompts/sessions']) {
  t.test(`item 11: a committed ${link} symlink out of the repository: the commit keeps its note, nothing is written outside`, async (t) => {
    const { sb, repo, outside } = setup(t);
    if (link !== '.prompts') mkdirSync(join(repo, '.prompts'), { recursive: true });
    symlinkSync(link === '.prompts' ? '../outside' : '../../outside', join(repo, link));
    git(sb, repo, ['add', '-f', link]);
    git(sb, repo, ['commit', '-q', '-m', 'a hostile symlink']);
    new LiveSession(sb, repo, ID).prompt('add the app').write('src/app.js', 'export const app = 1;\n');
    git(sb, repo, ['add', 'src']);
    const r = spawnSync('git', ['commit', '-q', '-m', 'agent work'], { cwd: repo, env: sb.env, encoding: 'utf8' });
    t.equal(r.status, 0, 'the commit succeeds');
    t.match(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']), /claude-code:5f1c2a3b/, 'the note is written');
    t.match(r.stderr, /git-drift: .*records not written: refused .*leads out of the work tree/, 'one line says why');
    t.same(readdirSync(outside), [], 'nothing written outside the repository');
  });
}

t.test('item 11: a committed .prompts/handoffs symlink: handoff refuses to write the brief there', async (t) => {
  const { sb, repo, outside } = setup(t);
  mkdirSync(join(repo, '.prompts'), { recursive: true });
  symlinkSync('../../outside', join(repo, '.prompts', 'handoffs'));
  new LiveSession(sb, repo, ID).prompt('start the work').write('src/app.js', 'export const app = 1;\n');
  const r = runDrift(sb, repo, ['handoff', '--no-llm']);
  t.not(r.status, 0, 'handoff fails');
  t.match(r.stderr, /leads out of the work tree/, 'and says why in one line');
  t.same(readdirSync(outside), [], 'nothing written outside the repository');
});

/**
 * A set-up built once per test file and restored fresh for each test: for the files whose
 * tests all start from the same repository (installed hooks, captured commits), where
 * rebuilding it per test costs a node start per hook run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { makeSandbox, type Sandbox } from './env.js';

/**
 * Return `take(t)`: the first call runs `build` in a new sandbox (`makeSandbox`) and keeps a
 * copy of the whole sandbox beside it (`cp -a`: modes, times, symlinks); each later call
 * puts that copy back at the same path. So every absolute path the build wrote (the
 * repository, HOME, agent logs and their recorded cwd, the installed hooks, git drift's
 * state in `.git/drift`) holds as if `build` had run again, and each test gets its own
 * writable sandbox, removed by `t.teardown`. The copy goes when the process exits.
 * The tests of one file run one after another; taking the sandbox while an earlier test
 * still holds it throws.
 */
export function sandboxTemplate<T extends object>(build: (sb: Sandbox) => T, prefix = 'drift-test-'): (t: { teardown(fn: () => void): void }) => T & { sb: Sandbox } {
  let made: { sb: Sandbox; copy: string; value: T } | undefined;
  let held = false;
  return (t) => {
    if (held) throw new Error('sandboxTemplate: the sandbox is still held by an earlier test (tests of one file must run one after another)');
    if (!made) {
      const sb = makeSandbox(prefix);
      let value: T;
      try {
        value = build(sb);
      } catch (err) {
        sb.cleanup();
        throw err;
      }
      const copy = `${sb.root}.template`;
      execFileSync('cp', ['-a', sb.root, copy]);
      process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
      made = { sb, copy, value };
    } else {
      if (existsSync(made.sb.root)) rmSync(made.sb.root, { recursive: true, force: true });
      execFileSync('cp', ['-a', made.copy, made.sb.root]);
    }
    held = true;
    const sb = made.sb;
    t.teardown(() => {
      sb.cleanup();
      held = false;
    });
    return { ...made.value, sb: { ...sb, env: { ...sb.env } } };
  };
}

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
  const template = new Template<T>(prefix);
  return (t) => {
    template.hold(t);
    if (!template.made) template.keep(template.run(build));
    else template.restore();
    return template.give();
  };
}

/**
 * `sandboxTemplate` for a set-up that awaits (an in-process `git drift install`, a command
 * run in this process): the first call awaits `build` and keeps the copy, the later ones
 * restore it, as there.
 */
export function sandboxTemplateAsync<T extends object>(build: (sb: Sandbox) => Promise<T>, prefix = 'drift-test-'): (t: { teardown(fn: () => void): void }) => Promise<T & { sb: Sandbox }> {
  const template = new Template<T>(prefix);
  return async (t) => {
    template.hold(t);
    if (!template.made) template.keep(await template.run(build));
    else template.restore();
    return template.give();
  };
}

/** The state behind both: the sandbox, its copy, the set-up's value, whether a test holds it. */
class Template<T extends object> {
  made: { sb: Sandbox; copy: string; value: T } | undefined;
  private sb: Sandbox | undefined;
  private held = false;

  constructor(private readonly prefix: string) {}

  /** Mark the sandbox held until `t` ends (it is removed then); throws while an earlier test holds it. */
  hold(t: { teardown(fn: () => void): void }): void {
    if (this.held) throw new Error('sandboxTemplate: the sandbox is still held by an earlier test (tests of one file must run one after another)');
    this.held = true;
    t.teardown(() => {
      this.sb?.cleanup();
      this.held = false;
    });
  }

  /** Run `build` in a new sandbox; the sandbox is removed if it throws (or rejects). */
  run<R>(build: (sb: Sandbox) => R): R {
    const sb = makeSandbox(this.prefix);
    this.sb = sb;
    try {
      const value = build(sb);
      if (value instanceof Promise) return value.catch((err: unknown) => this.fail(sb, err)) as R;
      return value;
    } catch (err) {
      return this.fail(sb, err);
    }
  }

  private fail(sb: Sandbox, err: unknown): never {
    sb.cleanup();
    this.sb = undefined;
    throw err;
  }

  /** Keep a copy of the built sandbox beside it (`cp -a`), removed when the process exits. */
  keep(value: T): void {
    const sb = this.sb!;
    const copy = `${sb.root}.template`;
    execFileSync('cp', ['-a', sb.root, copy]);
    process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
    this.made = { sb, copy, value };
  }

  /** Put the copy back at the sandbox's path. */
  restore(): void {
    const { sb, copy } = this.made!;
    if (existsSync(sb.root)) rmSync(sb.root, { recursive: true, force: true });
    execFileSync('cp', ['-a', copy, sb.root]);
  }

  /** The set-up and the test's own sandbox (its env a copy the test may change). */
  give(): T & { sb: Sandbox } {
    const { sb, value } = this.made!;
    return { ...value, sb: { ...sb, env: { ...sb.env } } };
  }
}

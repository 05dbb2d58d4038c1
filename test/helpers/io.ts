/**
 * A `CommandIO` for tests that run a command function directly: the sandbox's directory
 * and environment, and collectors for what the command prints.
 */
import type { CommandIO } from '../../src/commands/io.js';
import type { Sink } from '../../src/commands/output.js';

/** `CommandIO` for `cwd` and `env` (default `process.env`); stdout goes to `stdout` (default a collector), stderr to the process's. */
export function commandIO(cwd: string, env: NodeJS.ProcessEnv = process.env, stdout: Sink = { write: () => true }): CommandIO {
  return { cwd, env, stdout, stderr: process.stderr };
}

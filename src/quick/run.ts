/**
 * The start-up bundles of the read commands a user runs most (`log`, `check`, `blame`,
 * `status`): each is one CommonJS file (`dist/quick-<command>.cjs`, built from
 * `src/quick/<command>.ts`) holding that command, the command-line specs and the quick
 * parser (yargs-parser), and nothing of the other commands, so `bin/git-drift` can load it
 * with the V8 code cache of `src/start/code-cache.ts` (Node 20 has no compile cache for the
 * ESM chunks). A command line the quick parser declines (help, a usage error, another
 * command) is answered `null`, and bin/git-drift hands it to the full command line
 * (`dist/cli.bundle.js`, yargs), which parses it again and says what yargs says.
 */
import { gitStyleArgs, helpArgs, commandShape, quickParse } from '../cli-parse.js';
import { processIO, type CommandRun, type ExitCode } from '../commands/io.js';
import { exitOnUserError } from '../render/errors.js';

/**
 * Run command `name` (its module's `run`) when `given` (the arguments after `git drift`)
 * is a plain, valid use of it, as `main` in cli.ts would; returns its exit code, or null
 * when the line is anything else (nothing is printed then). A `UserError` prints one
 * `git-drift:` line and gives 1.
 */
export async function runQuick(name: string, run: CommandRun, given: string[], cwd = process.cwd()): Promise<ExitCode | null> {
  const quick = quickParse(helpArgs(gitStyleArgs(given)));
  if (!quick || commandShape(quick.spec).name !== name) return null;
  try {
    return await run({ ...quick.args, cwd }, processIO(cwd));
  } catch (err) {
    return exitOnUserError(err);
  }
}

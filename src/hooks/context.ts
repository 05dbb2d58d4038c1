/**
 * What every hook handler is given: where git runs the hook and what the handler reports.
 * The dispatcher (src/hook.ts) builds the context once per hook run; handlers read no
 * process globals (`process.cwd()`, `process.env`) of their own.
 */
import type { Repo } from '../git/repo.js';

/** Where a hook runs. */
export interface HookContext {
  /** The directory git runs the hook in (the work tree's top level for the hooks git drift installs). */
  cwd: string;
  /** The hook's environment: agent homes (`HOME`, `CLAUDE_CONFIG_DIR`…), `GIT_*` variables, `GIT_DRIFT`. */
  env: NodeJS.ProcessEnv;
  /**
   * The repository around `cwd` when the dispatcher already read it (null outside a
   * repository; absent when the caller did not read it): handlers use it to spare a second
   * `git rev-parse`.
   */
  repo?: Repo | null;
}

/** What a hook handler reports: at most one line for the user, and details for the log. */
export interface HookReport {
  /** One line shown on stderr after the `git-drift: ` prefix, or null to stay quiet. */
  line: string | null;
  /** Details for drift.log, or null. */
  detail: string | null;
}

/** A hook handler: git's arguments, its standard input (for the hooks that read it), and where it runs. */
export type HookHandler = (args: string[], stdin: string, ctx: HookContext) => Promise<HookReport>;

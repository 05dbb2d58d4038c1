/**
 * Hook dispatch: `git-drift-hook <hook name> [args…]` runs the handler named like the git
 * hook. It catches everything, prints at most one `git-drift:` line on stderr, writes
 * details to `<git-common-dir>/drift/drift.log`, and is the only exit-code setter for
 * hooks: always 0, so a hook never breaks the user's git command. `GIT_DRIFT=0` turns
 * every hook off. Every hook run starts by merging the notes fetched from remotes
 * (`refs/notes/drift-remote/*`) into `refs/notes/drift` when they moved since the last
 * merge. The dispatcher reads the process's directory and environment once and hands them
 * to the handler as its `HookContext`. This path never loads yargs, the LLM SDK or remark;
 * the store (lowdb, the lock, node:crypto) is loaded by a handler that uses it or to log a
 * detail, after post-commit has started its first git process (README: "Post-commit before
 * its first git process").
 */
import type { Repo } from './git/repo.js';
import type { HookContext, HookHandler, HookReport } from './hooks/context.js';
import { escapeTerminal } from './render/terminal.js';
import { restoreExtraCaCerts } from './install/ca-certs.js';

export type { HookContext, HookHandler, HookReport } from './hooks/context.js';

/** One handler per git hook, loaded lazily; named like the hook. */
const HANDLERS: Record<string, () => Promise<{ run: HookHandler }>> = {
  'post-commit': () => import('./hooks/post-commit.js'),
  'post-rewrite': () => import('./hooks/post-rewrite.js'),
  'pre-push': () => import('./hooks/pre-push.js'),
  'post-merge': () => import('./hooks/post-merge.js'),
  'prepare-commit-msg': () => import('./hooks/prepare-commit-msg.js'),
};

/** Hooks whose standard input carries data git gives them (post-rewrite: old→new shas). */
const READS_STDIN = new Set(['post-rewrite']);

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Run the hook named by `argv[0]` with the rest as its arguments. Never throws and always
 * leaves `process.exitCode` at 0.
 */
export async function runHook(argv: string[]): Promise<void> {
  const [name = '', ...args] = argv;
  process.exitCode = 0;
  const env = process.env;
  restoreExtraCaCerts(env); // the processes it starts get NODE_EXTRA_CA_CERTS back (./install/ca-certs.ts)
  if (env.GIT_DRIFT === '0') return;
  const load = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!load) {
    process.stderr.write(`git-drift: unknown hook "${name}" ignored (reinstall with: git drift install)\n`);
    return;
  }
  let repo: Repo | null = null;
  try {
    const stdin = READS_STDIN.has(name) ? await readStdin() : '';
    const cwd = process.cwd();
    repo = await readRepoOrNull(cwd, env);
    const ctx: HookContext = { cwd, env, repo };
    const incoming = repo ? await mergeFetchedNotes(repo) : { line: null, detail: null };
    const report = await (await load()).run(args, stdin, ctx);
    const line = report.line ?? incoming.line;
    if (line) process.stderr.write(`git-drift: ${escapeTerminal(line, true)}\n`);
    if (incoming.detail) await logDetail(repo, `${name}: ${incoming.detail}`);
    if (report.detail) await logDetail(repo, `${name}: ${report.detail}`);
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    process.stderr.write(`git-drift: ${name} skipped: ${message} (your git command is unaffected)\n`);
    await logDetail(repo, `${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  process.exitCode = 0;
}

/**
 * The repository the hook runs in, or null outside one (or when git is gone): from the
 * files in the common layout (src/git/repo-files.ts), else from git.
 */
async function readRepoOrNull(cwd: string, env: NodeJS.ProcessEnv): Promise<Repo | null> {
  try {
    const { readRepoFromFiles } = await import('./git/repo-files.js');
    const known = await readRepoFromFiles(cwd, env);
    if (known) return known;
    const { readRepo } = await import('./git/repo.js');
    return await readRepo(cwd);
  } catch {
    return null;
  }
}

/**
 * Merge the remote-tracking notes refs that moved since their last merge (a `git fetch`
 * or `git pull` brought them, through the refspec install adds). Quiet and cheap when
 * nothing moved (no git process when there is no fetched notes ref, else one
 * `git for-each-ref`); a failure becomes a report (shown only when the hook itself has
 * nothing to say), never an exception.
 */
async function mergeFetchedNotes(repo: Repo): Promise<HookReport> {
  try {
    const { mergeRemoteNotes } = await import('./notes/remotes.js');
    const merges = await mergeRemoteNotes({ root: repo.root, commonDir: repo.commonDir });
    const detail = merges.map((m) => `merged ${m.ref}: ${m.result.outcome} (${m.result.added} added, ${m.result.updated} updated, ${m.result.merged} merged)`);
    return { line: null, detail: detail.length > 0 ? detail.join('; ') : null };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return {
      line: `fetched notes not merged: ${message} (run: git drift sync)`,
      detail: `merging fetched notes failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    };
  }
}

/** Append a line to drift.log of `repo`; nowhere to log outside a repository. Never throws. */
async function logDetail(repo: Repo | null, message: string): Promise<void> {
  if (!repo) return;
  try {
    const { appendLog } = await import('./store/index.js');
    await appendLog(repo.commonDir, message);
  } catch {
    // Nowhere left to report it: the hook's one line was already written.
  }
}

/**
 * `git drift status` (and `--json`): whether the hooks are installed, whether notes follow
 * amend and rebase, how many commits have a note, the settings in force, the agent log
 * files found for this repository, and how the last capture ended.
 */
import { join } from 'node:path';
import type { Args, CommandIO, ExitCode } from './io.js';
import { writeText } from './output.js';
import { parseSettings, type Settings } from '../config.js';
import { parseRepoConfig, readRepo, type Repo } from '../git/repo.js';
import { runGit } from '../git/run.js';
import { scanRepoLogs } from '../capture/discover.js';
import { openStore } from '../store/index.js';
import type { AgentId } from '../types.js';
import { listAllNoteBlobs } from '../notes/read.js';
import { NOTES_REF } from '../notes/ref.js';
import { notesFetchRefspec, rewriteRefCovers, type NotesFetchState } from '../install/config.js';
import { NOTES_WIRING_KEYS, parseNotesWiring } from '../install/notes-wiring.js';
import { HOOK_NAMES, hookFileState, readBlocks, readHookFile, type HookFileState, type HookName } from '../install/hooks.js';
import { detectManager, managerRunsHook } from '../install/managers.js';
import { assertGitSupported } from '../git/version.js';

/** The state of one hook. With a manager, `installed`/`missing` say whether its configuration runs git drift. */
export interface HookStatus {
  state: HookFileState;
  manager: 'husky' | 'lefthook' | null;
  /** The file that holds (or should hold) the call: the hook file, husky hook file or lefthook configuration. */
  path: string;
}

/** The last capture, as the local store remembers it. */
export interface LastCaptureStatus {
  /** Full and abbreviated commit id. */
  commit: string;
  short: string;
  /** ISO 8601 time of the capture. */
  at: string;
  ok: boolean;
  summary: string;
}

/** Everything `git drift status` shows; also the `--json` output. */
export interface StatusReport {
  root: string;
  hooksDir: string;
  hooks: Record<HookName, HookStatus>;
  /** Whether a `notes.rewriteRef` value in force covers `refs/notes/drift`. */
  rewriteRef: boolean;
  /**
   * Per configured remote, how `git fetch` brings its notes: `ok`, `legacy` (an older
   * install's exact refspec, which makes `git fetch` fail while the remote has no notes;
   * `git drift install` repairs it) or `missing`.
   */
  fetch: NotesFetchState[];
  /** Number of commits with a note under `refs/notes/drift`. */
  notes: number;
  settings: Settings;
  logs: { agent: AgentId; path: string; sessionNativeId: string }[];
  lastCapture: LastCaptureStatus | null;
}

/** What `readStatus` needs: the directory to run in, the environment, and (tests) the hook entry install used. */
export interface StatusOptions {
  cwd: string;
  /** Environment for git calls and agent homes (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The hook entry the blocks are expected to call (default: this installation's). */
  hookEntry?: string;
}

async function readHookStatuses(repo: Repo, hookEntry: string | undefined): Promise<Record<HookName, HookStatus>> {
  const manager = await detectManager(repo);
  const hooks = {} as Record<HookName, HookStatus>;
  if (manager) {
    for (const hook of HOOK_NAMES) {
      const { wired, path } = await managerRunsHook(manager, hook);
      hooks[hook] = { state: wired ? 'installed' : 'missing', manager: manager.kind, path };
    }
    return hooks;
  }
  const blocks = await readBlocks(hookEntry);
  for (const hook of HOOK_NAMES) {
    const path = join(repo.hooksDir, hook);
    hooks[hook] = { state: hookFileState(await readHookFile(path), blocks[hook]), manager: null, path };
  }
  return hooks;
}

async function countNotes(cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return (await listAllNoteBlobs(cwd, env)).size;
}

async function readLastCapture(repo: Repo, env: NodeJS.ProcessEnv): Promise<LastCaptureStatus | null> {
  const last = (await openStore(repo.commonDir, { lock: false })).data.lastCapture;
  if (!last) return null;
  const { stdout, exitCode } = await runGit(['rev-parse', '--short', `${last.commit}^{commit}`], { cwd: repo.root, env, allowExit: [128] });
  const short = exitCode === 0 ? stdout.trim() : last.commit.slice(0, 7);
  return { commit: last.commit, short, at: last.at, ok: last.ok, summary: last.summary };
}

/**
 * Read the status of git drift in the repository around `opts.cwd`. Throws
 * `NotARepoError` outside a work tree and `GitError` when git fails.
 */
export async function readStatus(opts: StatusOptions): Promise<StatusReport> {
  const env = opts.env ?? process.env;
  const repo = await readRepo(opts.cwd);
  const ctx = { cwd: repo.root, env };
  // Each part reads on its own: their git processes run at once, not one after another.
  // One git config call gives the drift settings, notes.rewriteRef and the remotes' fetch refspecs.
  const config = runGit(['config', '--null', '--get-regexp', `^(drift\\.|(${NOTES_WIRING_KEYS})$)`], { ...ctx, allowExit: [1] }).then((r) => r.stdout);
  const reading = config.then((out) => parseSettings(parseRepoConfig(out).drift));
  const [settings, logs, hooks, { rewriteRefs, fetch }, notes, lastCapture] = await Promise.all([
    reading,
    reading.then((s) => scanRepoLogs(repo, s, env)),
    readHookStatuses(repo, opts.hookEntry),
    config.then(parseNotesWiring),
    countNotes(repo.root, env),
    readLastCapture(repo, env),
  ]);
  return {
    root: repo.root,
    hooksDir: repo.hooksDir,
    hooks,
    rewriteRef: rewriteRefCovers(rewriteRefs),
    fetch,
    notes,
    settings,
    logs: logs.map((l) => ({ agent: l.agent, path: l.path, sessionNativeId: l.sessionNativeId })),
    lastCapture,
  };
}

const HOOK_ADVICE: Record<HookFileState, string> = {
  installed: '',
  missing: ' (run: git drift install)',
  outdated: ' (run: git drift install to update it)',
  'not-executable': ' (git skips it: chmod +x the file)',
};

function renderHooks(report: StatusReport): string[] {
  const manager = Object.values(report.hooks)[0]?.manager;
  const lines = [manager ? `hooks (managed by ${manager}):` : `hooks (${report.hooksDir}):`];
  for (const hook of HOOK_NAMES) {
    const h = report.hooks[hook];
    const advice = manager && h.state === 'missing' ? ' (git drift install prints the line to add)' : HOOK_ADVICE[h.state];
    lines.push(`  ${hook.padEnd(20)}${h.state}${manager ? ` in ${h.path}` : ''}${advice}`);
  }
  return lines;
}

const FETCH_STATE: Record<NotesFetchState['state'], (remote: string) => string> = {
  ok: (remote) => `${notesFetchRefspec(remote)} (git fetch brings its notes)`,
  legacy: () => 'an older exact notes refspec: git fetch fails while the remote has no notes (run: git drift install)',
  missing: () => 'no notes refspec: git fetch does not bring its notes (run: git drift install)',
};

function renderSettings(s: Settings): string {
  const parts = [`agents=${s.agents.join(',')}`, `prompts=${s.prompts}`, `records=${s.records}`, `trailer=${s.trailer}`, `push=${s.push}`, `llm=${s.llm}`, `model=${s.model}`];
  if (s.redactPatterns.length) parts.push(`redact.pattern×${s.redactPatterns.length}`);
  if (s.pathMap.length) parts.push(`pathMap×${s.pathMap.length}`);
  return parts.join(' ');
}

/** The terminal text of a status report, ending with a newline. `home` paths are shown as `~`. Pure. */
export function renderStatus(report: StatusReport, home?: string): string {
  const tilde = (p: string): string => (home && p.startsWith(`${home}/`) ? `~${p.slice(home.length)}` : p);
  const lines = renderHooks(report);
  lines.push(`${'notes.rewriteRef'.padEnd(22)}${report.rewriteRef ? `covers ${NOTES_REF} (notes follow amend and rebase)` : `does not cover ${NOTES_REF} (run: git drift install)`}`);
  for (const f of report.fetch) lines.push(`${`fetch ${f.remote}`.padEnd(22)}${FETCH_STATE[f.state](f.remote)}`);
  lines.push(`${'notes'.padEnd(22)}${report.notes} commit${report.notes === 1 ? '' : 's'} annotated under ${NOTES_REF}`);
  lines.push(`${'settings'.padEnd(22)}${renderSettings(report.settings)}`);
  lines.push(`${'agent logs'.padEnd(22)}${report.logs.length} found for this repository`);
  for (const log of report.logs) lines.push(`  ${log.agent.padEnd(12)} ${tilde(log.path)}`);
  const last = report.lastCapture;
  lines.push(`${'last capture'.padEnd(22)}${last ? `${last.short} at ${last.at} ${last.ok ? 'ok' : 'failed'}: ${last.summary}` : 'none yet'}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The `status` subcommand: text, or the `StatusReport` as JSON with `--json`. Callers such
 * as tests may give `args.hookEntry` (see `StatusOptions`); `io.env` is the environment for
 * git and agent homes. Always exit 0 once it ran.
 */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const env = io.env;
  // Read beside the version check; an unsupported git is still what is reported first.
  const reading = readStatus({ cwd: args.cwd, env, hookEntry: typeof args.hookEntry === 'string' ? args.hookEntry : undefined });
  reading.catch(() => undefined); // awaited below
  await assertGitSupported(args.cwd, env);
  const report = await reading;
  if (args.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else writeText(io.stdout, renderStatus(report, env.HOME));
  return 0;
}

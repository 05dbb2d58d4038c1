/**
 * The `git drift` command line: one explicit list of subcommands (yargs), each loaded
 * lazily, and the only place that sets the exit code of a command.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UserError } from './errors.js';
import { CONFIG_AGENTS } from './mcp/config.js';

/** What a subcommand's `run` returns: the process exit code (0 success, 1 a finding/failure). */
export type ExitCode = number;

/** The parsed arguments every subcommand receives (yargs `argv`, plus `cwd`). */
export type Args = Record<string, unknown> & { _: (string | number)[]; cwd: string };

interface CommandSpec {
  command: string;
  /** Help text, or false for a command kept out of the help (internal). */
  describe: string | false;
  builder: (y: Argv) => Argv;
  load: () => Promise<{ run(args: Args): Promise<ExitCode> }>;
}

const json = (y: Argv): Argv => y.option('json', { type: 'boolean', describe: 'print machine-readable JSON (see docs/format.md)' });

/** Every subcommand, in help order. */
const COMMANDS: CommandSpec[] = [
  {
    command: 'install',
    describe: 'install the git drift hooks and config in this repository',
    builder: (y) => y,
    load: () => import('./commands/install.js'),
  },
  {
    command: 'uninstall',
    describe: 'remove exactly what install added',
    builder: (y) => y,
    load: () => import('./commands/uninstall.js'),
  },
  {
    command: 'status',
    describe: 'show installed hooks, agent logs found for this repository, and the last capture',
    builder: json,
    load: () => import('./commands/status.js'),
  },
  {
    command: 'sessions',
    describe: 'list the agent sessions of this repository',
    builder: json,
    load: () => import('./commands/sessions.js'),
  },
  {
    command: 'log [range]',
    describe: 'per commit: the agents, sessions and edits behind it, and human lines',
    builder: (y) =>
      json(y)
        .positional('range', { type: 'string', describe: 'revision range (default: HEAD)' })
        .option('n', { alias: 'max-count', type: 'number', describe: 'show at most N commits' }),
    load: () => import('./commands/log.js'),
  },
  {
    command: 'blame <file> [revision]',
    describe: 'per line: the commit, state (ai, ai-modified, human, unknown), agent, session and prompt behind it',
    builder: (y) =>
      json(y)
        .positional('file', { type: 'string', describe: 'file to blame' })
        .positional('revision', { type: 'string', describe: 'revision to blame (default: the work tree)' })
        .option('L', { type: 'string', describe: 'only lines <start>,<end> (1-based, inclusive)' })
        .option('line', { type: 'number', describe: 'the whole history of line N instead: every commit that touched it' }),
    load: () => import('./commands/blame.js'),
  },
  {
    command: 'repair <target>',
    describe: 'rebuild the notes of a squash or rebase merge made by a server from the original commits',
    builder: (y) =>
      json(y)
        .positional('target', { type: 'string', describe: 'the squash commit, or the range of rebased commits (a..b)' })
        .option('from', { type: 'string', describe: 'the original commits: <base>..<head> of the pull request (default for one commit: found from its Drift-Session trailers)' }),
    load: () => import('./commands/repair.js'),
  },
  {
    command: 'capture [commit]',
    describe: 'capture agent sessions into the note of a commit (what post-commit does)',
    builder: (y) => y.positional('commit', { type: 'string', describe: 'commit to annotate (default: HEAD)' }),
    load: () => import('./commands/capture.js'),
  },
  {
    command: 'check [range]',
    describe: 'fail when a commit of the range has no valid drift note, or a note carries a secret (for CI)',
    builder: (y) =>
      json(y)
        .positional('range', { type: 'string', describe: 'revision range (default: the commits of this branch not on the default branch)' })
        .option('format', { choices: ['text', 'github'] as const, default: 'text', describe: 'github: workflow annotations' }),
    load: () => import('./commands/check.js'),
  },
  {
    command: 'sync [remote]',
    describe: "fetch a remote's notes, merge them into yours without losing any, and push",
    builder: (y) => y.positional('remote', { type: 'string', describe: 'remote (default: the upstream remote, else origin)' }),
    load: () => import('./commands/sync.js'),
  },
  {
    command: 'handoff',
    describe: 'pack the task in progress into a brief another agent can pick up cold',
    builder: (y) =>
      y
        .option('branch', { type: 'string', describe: 'the branch to hand off (default: the current one)' })
        .option('since', { type: 'string', describe: 'only sessions and commits since this time (git date: "2 hours ago", "2026-11-20 10:00")' })
        .option('session', { type: 'string', array: true, describe: 'only this session (id, native id or its first 4+ characters); repeatable' })
        .conflicts('branch', ['since', 'session'])
        .conflicts('since', 'session')
        .option('to', { choices: ['claude-code', 'codex', 'cursor', 'aider', 'gemini', 'generic'], default: 'generic', describe: 'the agent taking over' })
        .option('output', { alias: 'o', type: 'string', describe: 'write the brief to this file instead of .prompts/handoffs/' })
        .option('print', { type: 'boolean', describe: 'print the brief instead of writing it' })
        .conflicts('output', 'print')
        .option('llm', { type: 'boolean', describe: 'condense with an LLM (needs ANTHROPIC_API_KEY); --no-llm: never' }),
    load: () => import('./commands/handoff.js'),
  },
  {
    command: 'mcp',
    describe: "serve this repository's drift memory to agents over MCP (stdio, read-only); --print-config shows how to register it",
    builder: (y) =>
      y
        .option('print-config', { choices: CONFIG_AGENTS, describe: 'print the command or snippet that registers the server with this agent' })
        .option('repo', { type: 'string', describe: 'the repository to serve (default: the current directory)' }),
    load: () => import('./commands/mcp.js'),
  },
  {
    command: 'cost',
    describe: 'show what LLM calls cost (the local ledger) against drift.llm.maxCostUsd',
    builder: json,
    load: () => import('./commands/cost.js'),
  },
  {
    command: 'compact-records [commit]',
    describe: false, // Started by post-commit in the background with drift.llm.records.
    builder: (y) => y.positional('commit', { type: 'string', describe: 'commit whose sessions\' records to condense (default: HEAD)' }),
    load: () => import('./commands/compact-records.js'),
  },
  {
    command: 'demo',
    describe: 'show git drift at work in a scratch repository with a bundled Claude Code session',
    builder: (y) => y.option('keep', { type: 'boolean', describe: 'keep the scratch repository and print its path' }),
    load: () => import('./commands/demo.js'),
  },
];

/**
 * Parse `argv` (without node and script), run the subcommand, and return its exit code.
 * User-fixable problems print one `git-drift:` line and return 1; usage errors return 2.
 */
export async function main(argv: string[], cwd = process.cwd()): Promise<ExitCode> {
  let code: ExitCode = 0;
  // yargs still runs the command after reporting some usage errors (a bad `choices` value):
  // remember the error, skip the command, and exit 2.
  let usage = false;
  let parser = yargs(argv)
    .scriptName('git drift')
    .strict()
    .demandCommand(1, 'name a command; see git drift --help')
    .help()
    .version(false)
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`git-drift: ${msg}\n`);
      usage = true;
    });
  // Handlers only start their command; it is awaited after parsing, in the try below, so
  // its UserError is reported like any other. (yargs renders its help text once per run,
  // about 8 ms, whatever the handler's kind.)
  let work: Promise<void> | null = null;
  for (const spec of COMMANDS) {
    // `false` hides a command from the help at run time; the typings only allow it without a builder function.
    parser = parser.command(spec.command, spec.describe as string, spec.builder, (args) => {
      if (usage) return;
      work = (async () => {
        const mod = await spec.load();
        code = await mod.run({ ...(args as unknown as Args), cwd });
      })();
    });
  }
  try {
    await parser.parseAsync();
    if (work) await work;
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`git-drift: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  return usage ? 2 : code;
}

/** Entry point used by `bin/git-drift`. */
export async function runCli(): Promise<void> {
  process.exitCode = await main(hideBin(process.argv));
}

/**
 * The command line of `git drift` as data: every subcommand's command string and options
 * (`COMMAND_LINES`, which both parsers read), and the quick parser (yargs-parser, the
 * parser inside yargs) that reads a plain, valid command line by them. No command module
 * is reachable from here, so the start-up bundle of one command (src/quick/) holds this
 * file without the others; cli.ts pairs each command line with its module.
 */
import parseArgs from 'yargs-parser';
import { CONFIG_AGENTS } from './mcp/config.js';

/** One option of a subcommand, in the shape yargs' `.option()` takes (the subset we use). */
export interface OptionSpec {
  type?: 'string' | 'boolean' | 'number';
  describe: string;
  /** The only values accepted (strings). */
  choices?: readonly string[];
  default?: string;
  alias?: string;
  /** Repeatable: the values come as an array. */
  array?: boolean;
}

/** One subcommand's command line: its yargs command string (`name <required> [optional]`) and options (with its module: `CommandSpec`, cli.ts). */
export interface CommandLineSpec {
  command: string;
  /** Help text, or false for a command kept out of the help (internal). */
  describe: string | false;
  /** Descriptions of the positionals named in `command` (all strings). */
  positionals?: Record<string, string>;
  options?: Record<string, OptionSpec>;
  /** Pairs of options that may not be given together. */
  conflicts?: [string, string][];
}

const JSON_OPTION: Record<string, OptionSpec> = { json: { type: 'boolean', describe: 'print machine-readable JSON (see docs/format.md)' } };

/** Every subcommand's command line, in help order. */
export const COMMAND_LINES: CommandLineSpec[] = [
  {
    command: 'install',
    describe: 'install the git drift hooks and config in this repository',
  },
  {
    command: 'uninstall',
    describe: 'remove exactly what install added',
  },
  {
    command: 'status',
    describe: 'show installed hooks, agent logs found for this repository, and the last capture',
    options: JSON_OPTION,
  },
  {
    command: 'sessions',
    describe: 'list the agent sessions of this repository',
    options: JSON_OPTION,
  },
  {
    command: 'log [range]',
    describe: 'per commit: the agents, sessions and edits behind it, and human lines',
    positionals: { range: 'revision range (default: HEAD)' },
    options: { ...JSON_OPTION, n: { alias: 'max-count', type: 'number', describe: 'show at most N commits' } },
  },
  {
    command: 'blame <file> [revision]',
    describe: 'per line: the commit, state (ai, ai-modified, human, unknown), agent, session and prompt behind it',
    positionals: { file: 'file to blame', revision: 'revision to blame (default: the work tree)' },
    options: {
      ...JSON_OPTION,
      L: { type: 'string', describe: 'only lines <start>,<end> (1-based, inclusive)' },
      line: { type: 'number', describe: 'the whole history of line N instead: every commit that touched it' },
    },
  },
  {
    command: 'report [range]',
    describe: 'write one self-contained HTML page: AI share over time, files, per-line owners, sessions (default .prompts/report.html)',
    positionals: { range: 'revision range (default: HEAD)' },
    options: {
      output: { alias: 'o', type: 'string', describe: 'write the page to this file instead of .prompts/report.html' },
      open: { type: 'boolean', describe: 'open the page with the platform opener (xdg-open, open) when done' },
    },
  },
  {
    command: 'repair <target>',
    describe: 'rebuild the notes of a squash or rebase merge made by a server from the original commits',
    positionals: { target: 'the squash commit, or the range of rebased commits (a..b)' },
    options: {
      ...JSON_OPTION,
      from: { type: 'string', describe: 'the original commits: <base>..<head> of the pull request (default for one commit: found from its Drift-Session trailers)' },
    },
  },
  {
    command: 'import <format> [source]',
    describe: 'give commits drift notes from git-ai notes or an Agent Trace file, merged with the notes they have',
    positionals: { format: 'git-ai or agent-trace', source: 'git-ai: revision range (default: every commit with a git-ai note); agent-trace: the trace file' },
    options: { ...JSON_OPTION, ref: { type: 'string', describe: 'git-ai notes ref to read (default: refs/notes/ai, plus the legacy refs/ai/authorship/*)' } },
  },
  {
    command: 'export <format> [range]',
    describe: 'write drift notes as git-ai notes or Agent Trace records (JSON lines)',
    positionals: { format: 'git-ai or agent-trace', range: 'revision range (default: every commit with a drift note)' },
    options: {
      ...JSON_OPTION,
      ref: { type: 'string', describe: 'git-ai notes ref to write (default: refs/notes/ai)' },
      force: { type: 'boolean', describe: 'git-ai: replace a note the commit already has on that ref' },
      output: { alias: 'o', type: 'string', describe: 'agent-trace: write the records to this file instead of standard output' },
    },
  },
  {
    command: 'capture [commit]',
    describe: 'capture agent sessions into the note of a commit (what post-commit does)',
    positionals: { commit: 'commit to annotate (default: HEAD)' },
  },
  {
    command: 'check [range]',
    describe: 'fail when a commit of the range has no valid drift note, a note carries a secret, or a share policy fails (for CI)',
    positionals: { range: 'revision range (default: the commits of this branch not on the default branch)' },
    options: {
      ...JSON_OPTION,
      format: { choices: ['text', 'github'], default: 'text', describe: 'github: workflow annotations' },
      'max-ai-percent': { type: 'number', describe: 'also fail when agent lines (ai + ai-modified) are more than N% of the added lines' },
      'max-unknown-percent': { type: 'number', describe: 'also fail when lines of commits without a valid note are more than N% of the added lines' },
    },
  },
  {
    command: 'stats [range]',
    describe: 'added lines by state (ai, ai-modified, human, unknown) per agent, model, session, author, file or day; edits, prompts, survival at HEAD',
    positionals: { range: 'revision range (default: HEAD, the whole history)' },
    options: {
      ...JSON_OPTION,
      by: { choices: ['agent', 'model', 'session', 'author', 'file', 'day'], array: true, describe: 'group by this (repeatable; default: agent and model, every grouping with --json)' },
    },
  },
  {
    command: 'pr-report [range]',
    describe: "a pull request's provenance as markdown for its description or a comment: AI share by agent and model, files, sessions, rejected approaches, commits without a note",
    positionals: { range: '<base>..<head> (default: HEAD)' },
    options: { format: { choices: ['markdown', 'json'], default: 'markdown', describe: 'json: the report as data (see docs/format.md)' } },
  },
  {
    command: 'sync [remote]',
    describe: "fetch a remote's notes, merge them into yours without losing any, and push",
    positionals: { remote: 'remote (default: the upstream remote, else origin)' },
  },
  {
    command: 'handoff',
    describe: 'pack the task in progress into a brief another agent can pick up cold',
    options: {
      branch: { type: 'string', describe: 'the branch to hand off (default: the current one)' },
      since: { type: 'string', describe: 'only sessions and commits since this time (git date: "2 hours ago", "2026-11-20 10:00")' },
      session: { type: 'string', array: true, describe: 'only this session (id, native id or its first 4+ characters); repeatable' },
      to: { choices: ['claude-code', 'codex', 'cursor', 'aider', 'gemini', 'generic'], default: 'generic', describe: 'the agent taking over' },
      output: { alias: 'o', type: 'string', describe: 'write the brief to this file instead of .prompts/handoffs/' },
      print: { type: 'boolean', describe: 'print the brief instead of writing it' },
      llm: { type: 'boolean', describe: 'condense with an LLM (needs ANTHROPIC_API_KEY); --no-llm: never' },
    },
    conflicts: [
      ['branch', 'since'],
      ['branch', 'session'],
      ['since', 'session'],
      ['output', 'print'],
    ],
  },
  {
    command: 'mcp',
    describe: "serve this repository's drift memory to agents over MCP (stdio, read-only); --print-config shows how to register it",
    options: {
      'print-config': { choices: CONFIG_AGENTS, describe: 'print the command or snippet that registers the server with this agent' },
      repo: { type: 'string', describe: 'the repository to serve (default: the current directory)' },
    },
  },
  {
    command: 'cost',
    describe: 'show what LLM calls cost (the local ledger) against drift.llm.maxCostUsd',
    options: JSON_OPTION,
  },
  {
    command: 'compact-records [commit]',
    describe: false, // Started by post-commit in the background with drift.llm.records.
    positionals: { commit: "commit whose sessions' records to condense (default: HEAD)" },
  },
  {
    command: 'demo',
    describe: 'show git drift at work in a scratch repository with a bundled Claude Code session',
    options: { keep: { type: 'boolean', describe: 'keep the scratch repository and print its path' } },
  },
];

/** A command's name and positionals, read from its command string (`log [range]`). Pure. */
export function commandShape(spec: CommandLineSpec): { name: string; required: string[]; optional: string[] } {
  const [name = '', ...rest] = spec.command.split(' ');
  return {
    name,
    required: rest.filter((p) => p.startsWith('<')).map((p) => p.slice(1, -1)),
    optional: rest.filter((p) => p.startsWith('[')).map((p) => p.slice(1, -1)),
  };
}

/** `print-config` → `printConfig`, as yargs adds it. Pure. */
const camel = (key: string): string => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Read `argv` (without node and script) by the specs alone, with yargs-parser. Returns the
 * command and its arguments (as yargs would give them, without `$0`), or null when the
 * line is anything but a plain, valid use of one command: then yargs must read it, to
 * print help or the usage error. One extension over yargs: words after `--` fill the
 * positionals, as in git. Pure.
 */
export function quickParse(argv: string[]): { spec: CommandLineSpec; args: Record<string, unknown> & { _: (string | number)[] } } | null {
  const spec = COMMAND_LINES.find((c) => commandShape(c).name === argv[0]);
  if (!spec) return null;
  const { required, optional } = commandShape(spec);
  const options = spec.options ?? {};
  const typed = (type: OptionSpec['type']) => Object.keys(options).filter((k) => options[k]!.type === type || (type === 'string' && options[k]!.choices));
  const parsed = parseArgs(argv.slice(1), {
    boolean: typed('boolean'),
    string: typed('string'),
    number: typed('number'),
    array: Object.keys(options).filter((k) => options[k]!.array),
    alias: Object.fromEntries(Object.entries(options).flatMap(([k, o]) => (o.alias ? [[k, o.alias]] : []))),
    default: Object.fromEntries(Object.entries(options).flatMap(([k, o]) => (o.default !== undefined ? [[k, o.default]] : []))),
    // Positionals stay strings (a revision "1234"). Words after `--` are positionals too,
    // as in git (`blame -- -odd-name`); yargs alone would leave them unbound.
    configuration: { 'parse-positional-numbers': false, 'populate--': true },
  });
  const known = new Set(['_', '--']);
  for (const [k, o] of Object.entries(options)) for (const n of [k, o.alias].filter((x): x is string => !!x)) known.add(n).add(camel(n));
  for (const key of Object.keys(parsed)) if (!known.has(key)) return null; // unknown option (help, version included)
  const words = [...parsed._.map(String), ...((parsed['--'] as string[] | undefined) ?? [])];
  if (words.length < required.length || words.length > required.length + optional.length) return null;
  for (const [k, o] of Object.entries(options)) {
    const v = parsed[k];
    if (v === undefined) continue;
    if (Array.isArray(v) && !o.array) return null; // given twice
    if (o.choices && !(Array.isArray(v) ? v : [v]).every((x) => o.choices!.includes(String(x)))) return null;
    if ((o.type === 'string' || o.choices) && (v === '' || (Array.isArray(v) && v.some((x) => x === '')))) return null; // `--from` with no value
  }
  const given = (k: string) => parsed[k] !== undefined && parsed[k] !== options[k]?.default;
  for (const [a, b] of spec.conflicts ?? []) if (given(a) && given(b)) return null;
  const args: Record<string, unknown> & { _: (string | number)[] } = { _: [argv[0]!] };
  for (const [k, v] of Object.entries(parsed)) if (k !== '_' && k !== '--') args[k] = v;
  [...required, ...optional].forEach((name, i) => {
    if (words[i] !== undefined) args[name] = words[i];
  });
  return { spec, args };
}

/**
 * Rewrite git-style attached short options that yargs would read as a group of flags:
 * `-L10,20` becomes `-L 10,20` (as in `git blame -L10,20`). Pure.
 */
export function gitStyleArgs(argv: string[]): string[] {
  return argv.flatMap((a) => (/^-L\d/.test(a) ? ['-L', a.slice(2)] : [a]));
}

/**
 * `git drift help <command>` is `git drift <command> --help` (and `git drift help` the
 * main help), as in git. Pure.
 */
export function helpArgs(argv: string[]): string[] {
  return argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv;
}

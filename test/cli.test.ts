/**
 * The command line's two parsers: the quick one (yargs-parser over the specs) must read a
 * command line exactly as the full yargs program does, or hand it over; and what yargs
 * then prints (help, usage errors, exit codes) through the real `bin/git-drift`.
 */
import t from 'tap';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, gitStyleArgs, quickParse } from '../src/cli.js';
import { parseWithYargs } from '../src/cli-yargs.js';
import { PROJECT, makeSandbox } from './helpers/env.js';

/** Command lines yargs accepts: the quick parser must give the same arguments. */
const VALID: string[][] = [
  ['blame', 'src/a.ts'],
  ['blame', 'src/a.ts', 'HEAD~2'],
  ['blame', 'src/a.ts', '1234'], // a revision of digits stays a string
  ['blame', '--json', '-L', '10,20', 'src/a.ts'],
  ['blame', '-L', '10,20', 'src/a.ts', 'v1.0'],
  ['blame', '--line', '7', 'src/a.ts'],
  ['blame', '--line=7', '--json', 'src/a.ts'],
  ['blame', '--no-json', 'x'],
  ['blame', '--json', '--json', 'x'],
  ['log'],
  ['log', 'main..topic', '-n', '3'],
  ['log', '--max-count', '5', '--json'],
  ['check', '--format', 'github', 'origin/main..HEAD'],
  ['check', '--format=text'],
  ['handoff', '--session', 'abcd', '--session', 'ef01', '--to', 'codex', '--print'],
  ['handoff', '--branch', 'topic', '-o', 'brief.md', '--no-llm'],
  ['handoff', '--since', '2 hours ago', '--llm'],
  ['mcp', '--print-config', 'codex'],
  ['mcp', '--repo', '/tmp/x'],
  ['repair', 'abc123', '--from', 'main..topic', '--json'],
  ['capture'],
  ['capture', 'HEAD~1'],
  ['sync', 'upstream'],
  ['status', '--json'],
  ['demo', '--keep'],
  ['compact-records', 'HEAD'],
  ['stats'],
  ['stats', 'main..HEAD', '--by', 'agent', '--by', 'file', '--json'],
];

/** Command lines yargs refuses or answers with help: the quick parser must hand them over. */
const REFUSED: string[][] = [
  [],
  ['nope'],
  ['blame'],
  ['blame', 'a', 'b', 'c'],
  ['blame', '--bogus', 'x'],
  ['blame', '--help'],
  ['blame', '-h', 'x'],
  ['blame', '-L10,20', 'x'], // read by yargs as -L -1 -0 …: main rewrites it first (gitStyleArgs)
  ['check', '--format', 'xml'],
  ['handoff', '--branch', 'x', '--since', 'yesterday'],
  ['handoff', '--output', 'f.md', '--print'],
  ['handoff', '--to', 'emacs'],
  ['mcp', '--print-config', 'vim'],
  ['repair'],
  ['status', 'extra'],
  ['stats', '--by', 'agent', '--by', 'colour'],
  ['--version'],
];

/** The arguments a command receives, without yargs' `$0`. */
function comparable(args: Record<string, unknown>): Record<string, unknown> {
  const { $0: _, ...rest } = args;
  return rest;
}

t.test('the quick parser reads valid command lines as yargs does', async (t) => {
  for (const argv of VALID) {
    const yargs = await parseWithYargs(argv, COMMANDS);
    t.ok(yargs, `yargs accepts ${argv.join(' ')}`);
    const quick = quickParse(argv);
    t.ok(quick, `the quick parser reads ${argv.join(' ')}`);
    if (!yargs || !quick) continue;
    t.equal(quick.args._[0], yargs.command, `${argv.join(' ')}: command`);
    t.same(comparable(quick.args), comparable(yargs.args), `${argv.join(' ')}: arguments`);
    t.strictSame(Object.keys(comparable(quick.args)).sort(), Object.keys(comparable(yargs.args)).sort(), `${argv.join(' ')}: the same keys`);
  }
  t.equal(quickParse(['blame', 'src/a.ts', '1234'])?.args.revision, '1234');
  // `--line seven` reaches the command as NaN under both, which reports it.
  t.ok(Number.isNaN(quickParse(['blame', '--line', 'seven', 'x'])?.args.line));
  t.ok(Number.isNaN((await parseWithYargs(['blame', '--line', 'seven', 'x'], COMMANDS))?.args.line));
  // git's attached form `-L10,20` is rewritten before either parser reads it.
  t.same(gitStyleArgs(['blame', '-L10,20', 'x', '-Lfoo']), ['blame', '-L', '10,20', 'x', '-Lfoo']);
  t.equal(quickParse(gitStyleArgs(['blame', '-L10,20', 'x']))?.args.L, '10,20');
  // The one extension: words after `--` are positionals, as in git.
  t.equal(await parseWithYargs(['blame', '--', '-odd-name.ts'], COMMANDS), null, 'yargs alone leaves them unbound');
  t.same(quickParse(['blame', '--', '-odd-name.ts', 'HEAD'])?.args, { _: ['blame'], file: '-odd-name.ts', revision: 'HEAD' });
  t.same(quickParse(['handoff', '--session', 'abcd'])?.args.session, ['abcd']);
});

t.test('the quick parser hands over what yargs refuses or answers with help', async (t) => {
  for (const argv of REFUSED) {
    t.equal(quickParse(argv), null, `quick parser declines: ${argv.join(' ') || '(nothing)'}`);
    t.equal(await parseWithYargs(argv, COMMANDS), null, `yargs refuses: ${argv.join(' ') || '(nothing)'}`);
  }
});

/**
 * One empty sandbox for the tests of help, usage errors and --version (none writes to it), where
 * `git drift <args>` runs once per distinct command line: the same help texts are checked by
 * more than one test.
 */
const plain = makeSandbox();
t.teardown(plain.cleanup);
const runs = new Map<string, SpawnSyncReturns<string>>();
function run(...args: string[]): SpawnSyncReturns<string> {
  const key = JSON.stringify(args);
  let r = runs.get(key);
  if (!r) runs.set(key, (r = spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd: plain.root, env: plain.env, encoding: 'utf8' })));
  return r;
}

t.test('help and usage errors through bin/git-drift', async (t) => {
  const help = run('--help');
  t.equal(help.status, 0);
  t.match(help.stdout, /git drift blame <file> \[revision\]/);
  t.notMatch(help.stdout, /compact-records/, 'internal commands stay out of the help');
  const blameHelp = run('blame', '--help');
  t.equal(blameHelp.status, 0);
  t.match(blameHelp.stdout, /-L +only lines <start>,<end>/);
  const missing = run('blame');
  t.equal(missing.status, 2);
  t.equal(missing.stderr, 'git-drift: Missing required argument: file\n', 'one line, the precise message');
  const unknown = run('blame', '--bogus', 'x');
  t.equal(unknown.status, 2);
  t.equal(unknown.stderr, 'git-drift: Unknown argument: bogus\n');
  const conflict = run('handoff', '--output', 'f.md', '--print');
  t.equal(conflict.status, 2);
  t.match(conflict.stderr, /^git-drift: Arguments output and print are mutually exclusive\n$/);
  const nothing = run();
  t.equal(nothing.status, 2);
  t.equal(nothing.stderr, 'git-drift: name a command; see git drift --help\n');
});

t.test('--version and -v print the version of package.json; help <command> is <command> --help', async (t) => {
  const { version } = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const r = run(flag);
    t.same([r.status, r.stdout, r.stderr], [0, `${version}\n`, ''], flag);
  }
  for (const command of ['blame', 'handoff', 'check']) {
    const help = run('help', command);
    const direct = run(command, '--help');
    t.equal(help.status, 0);
    t.equal(help.stdout, direct.stdout, `help ${command}`);
    t.match(help.stdout, new RegExp(`^git drift ${command}`));
  }
  t.equal(run('help').stdout, run('--help').stdout, 'help alone is the main help');
});

t.test('completion prints a bash script whose completions come from the same commands', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const env = { ...sb.env, SHELL: '/bin/bash' };
  const run = (...args: string[]) => spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd: sb.root, env, encoding: 'utf8' });
  const script = run('completion');
  t.equal(script.status, 0);
  t.match(script.stdout, /complete -o bashdefault -o default -F _git-drift_yargs_completions git-drift/);
  t.match(script.stdout, /^_git_drift\(\) \{.*--get-yargs-completions git-drift/m, "hooked into git's own completion for `git drift`");
  const words = run('--get-yargs-completions', 'git-drift', 'bl').stdout.split('\n');
  t.ok(
    ['blame', 'handoff', 'status'].every((c) => words.includes(c)),
    'command names',
  );
  t.notOk(words.includes('compact-records'), 'internal commands are not offered');
  t.ok(run('--get-yargs-completions', 'git-drift', 'handoff', '--').stdout.split('\n').includes('--to'), 'options of the command');
});

/**
 * `git drift demo`: a newcomer's first look. In a scratch directory (its own HOME-like
 * agent dirs and git config, so nothing of the user's is read or changed) it creates a
 * repository, places a small bundled Claude Code session (demo/claude-session.jsonl, real
 * Claude Code format, written by us), runs `git drift install`, makes a real `git commit`
 * with the agent's code plus a human line, and prints `git drift log` and the note.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';
import type { Args, CommandIO, ExitCode } from './io.js';
import { runCommand, runGit } from '../git/run.js';
import { projectSlug } from '../agents/claude-code/index.js';
import { readNoteText } from '../notes/index.js';

/** The project root (two levels above dist/ or src/commands at run time). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (dir !== dirname(dir)) {
    if (dir.endsWith('/dist') || dir.endsWith('/src')) return dirname(dir);
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

const AGENT_CODE = 'export function greet(name) {\n  return `Hello, ${name}!`;\n}\n\nexport function shout(name) {\n  return greet(name).toUpperCase();\n}\n';
const HUMAN_CODE = '\n// Added by hand after the session: a default export for older callers.\nexport default greet;\n';

/** Run the demo; prints each step and the results. Exit code 0 unless a step fails. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const root = projectRoot();
  const scratch = realpathSync(await mkdtemp(join(tmpdir(), 'git-drift-demo-')));
  const repo = join(scratch, 'greeter');
  const env = await demoEnv(scratch, io.env);
  const say = (line: string) => io.stdout.write(`${line}\n`);
  try {
    await mkdir(join(repo, 'src'), { recursive: true });
    await runGit(['init', '-q', '-b', 'main'], { cwd: repo, env });
    await writeFile(join(repo, 'README.md'), '# greeter\n');
    await runGit(['add', '-A'], { cwd: repo, env });
    await runGit(['commit', '-q', '--no-verify', '-m', 'Initial commit'], { cwd: repo, env });
    say(`1. A scratch repository: ${repo}`);
    const session = (await readFile(join(root, 'demo', 'claude-session.jsonl'), 'utf8')).replaceAll('__CWD__', JSON.stringify(repo).slice(1, -1));
    const logDir = join(env.CLAUDE_CONFIG_DIR!, 'projects', projectSlug(repo));
    await mkdir(logDir, { recursive: true });
    await writeFile(join(logDir, '5f1c2a3b-7d4e-4c1a-9b2f-3e8d6a1c0b9e.jsonl'), session);
    say('2. A Claude Code session wrote src/greet.js: 2 prompts, 2 edits applied, 1 rejected by the user.');
    const drift = (argv: string[]) => runCommand(process.execPath, [join(root, 'bin', 'git-drift'), ...argv], { cwd: repo, env });
    say(`3. git drift install\n${indent((await drift(['install'])).stdout)}`);
    await writeFile(join(repo, 'src', 'greet.js'), AGENT_CODE + HUMAN_CODE);
    await runGit(['add', 'src/greet.js'], { cwd: repo, env });
    const commit = await runGit(['commit', '-m', 'Add greet and shout'], { cwd: repo, env });
    say(`4. git commit -m "Add greet and shout"   (the agent's code plus three lines typed by hand)\n${indent(commit.stdout + commit.stderr)}`);
    say(`5. git drift log -n 1\n${indent((await drift(['log', '-n', '1'])).stdout)}`);
    say(`6. git notes --ref=drift show HEAD\n${indent((await readNoteText(repo, 'HEAD', env)) ?? '')}`);
    say(args.keep ? `The scratch repository is kept at ${repo}` : 'Try it in your own repository: cd <repo> && git drift install');
    return 0;
  } finally {
    if (!args.keep) await rm(scratch, { recursive: true, force: true });
  }
}

/** `base` with every agent home and git's global config pointed into the scratch dir. */
async function demoEnv(scratch: string, base: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const gitconfig = join(scratch, 'gitconfig');
  await writeFile(gitconfig, '[user]\n\tname = Demo User\n\temail = demo@example.com\n');
  const env: NodeJS.ProcessEnv = {
    ...base,
    CLAUDE_CONFIG_DIR: join(scratch, 'claude'),
    CODEX_HOME: join(scratch, 'codex'),
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
  };
  delete env.GIT_DRIFT;
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  return env;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}

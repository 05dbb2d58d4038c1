/**
 * `git drift mcp [--repo DIR]`: serve this repository's drift memory to agents over the
 * Model Context Protocol on stdin/stdout (src/mcp), read-only. `--print-config <agent>`
 * prints how to register the server with Claude Code, Codex, Cursor or Gemini CLI instead.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Args, CommandIO, ExitCode } from './io.js';
import { readPackageRoot } from '../install/hooks.js';
import { bindRepo } from '../mcp/repo.js';
import { openCaptureContext } from '../capture/index.js';
import { renderMcpConfig, SERVER_NAME, type ConfigAgent } from '../mcp/config.js';

/**
 * Print the registration for `--print-config` (the snippet on stdout, where it goes on
 * stderr), else serve until the client closes stdin. Exit 0; outside a repository the
 * `NotARepoError` says so.
 */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const env = io.env;
  const bound = await bindRepo(typeof args.repo === 'string' ? resolve(args.cwd, args.repo) : args.cwd, env, openCaptureContext);
  const packageRoot = await readPackageRoot();
  if (typeof args.printConfig === 'string') {
    const config = renderMcpConfig(args.printConfig as ConfigAgent, join(packageRoot, 'bin', 'git-drift'), bound.repo.root);
    io.stdout.write(config.text);
    io.stderr.write(`git-drift: ${config.where}\n`);
    return 0;
  }
  // git status (the handoff's uncommitted work) may refresh the index: never take its lock
  // alongside the user's own git commands.
  process.env.GIT_OPTIONAL_LOCKS = '0';
  if (process.stdin.isTTY) {
    io.stderr.write(`git-drift: MCP server for ${bound.repo.root} on stdin/stdout; agents start it themselves (git drift mcp --print-config <agent>). Ctrl-D ends it.\n`);
  }
  const [{ serveStdio }, { TOOLS }] = await Promise.all([import('../mcp/server.js'), import('../mcp/tools/index.js')]);
  await serveStdio({ name: SERVER_NAME, version: await readVersion(packageRoot), tools: TOOLS, bound });
  return 0;
}

async function readVersion(packageRoot: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

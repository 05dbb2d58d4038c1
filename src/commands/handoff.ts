/**
 * `git drift handoff [--branch B | --since T | --session ID] [--to AGENT] [--output FILE |
 * --print] [--llm | --no-llm]`: pack the task in progress into a brief another agent can
 * pick up cold (src/handoff), write it to `.prompts/handoffs/` or print it.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { openCaptureContext } from '../capture/index.js';
import { createHandoff } from '../handoff/index.js';
import { TARGET_AGENTS, type TargetAgent } from '../brief/material.js';
import { escapeTerminal } from '../render/terminal.js';
import { writeText } from './output.js';

function strings(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * Make the brief. Prints it with `--print`, else writes it and prints its path and size.
 * A fallback from LLM compaction prints one `git-drift:` line on stderr. Exit 0.
 */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const env = io.env;
  const ctx = await openCaptureContext(args.cwd, env);
  const to = (TARGET_AGENTS as readonly string[]).includes(String(args.to)) ? (args.to as TargetAgent) : 'generic';
  const result = await createHandoff(ctx, {
    branch: typeof args.branch === 'string' ? args.branch : undefined,
    since: typeof args.since === 'string' ? args.since : undefined,
    sessions: strings(args.session),
    to,
    llm: args.llm === true ? 'force' : args.llm === false ? 'off' : 'auto',
    print: args.print === true,
    output: typeof args.output === 'string' ? args.output : undefined,
    cwd: args.cwd,
    now: new Date(),
  });
  if (result.line) writeText(io.stderr, `git-drift: ${escapeTerminal(result.line, true)}\n`);
  if (result.path === null) writeText(io.stdout, result.text);
  else writeText(io.stdout, `wrote ${result.path} (${result.words} words, ${result.front.sessions.length} session${result.front.sessions.length === 1 ? '' : 's'}, llm: ${result.front.llm})\n`);
  return 0;
}

/**
 * The `git drift mcp` server over stdio (the only owner of `@modelcontextprotocol/sdk`):
 * registers the tools with their schemas, answers each call with text and structured
 * content, and turns every failure into an error result (`isError`) so that the server
 * keeps serving. It runs until its client closes standard input.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { UserError } from '../errors.js';
import { GitError } from '../git/run.js';
import type { BoundRepo } from './repo.js';
import type { DriftTool } from './tools/index.js';

/** What the server tells a client about itself when it connects. */
const INSTRUCTIONS =
  "git drift's memory of this repository: which AI agent session wrote each line and why (drift_blame, drift_line_history), " +
  'the agents behind each commit (drift_log), the sessions with their prompts and decisions (drift_sessions, drift_session), ' +
  'what was already tried and rejected (drift_rejected), and a handoff brief of the work in progress (drift_handoff). ' +
  'All tools are read-only. Paths are relative to the repository root.';

/** How to serve. */
export interface ServeOptions {
  /** Server name and version reported to clients. */
  name: string;
  version: string;
  tools: DriftTool[];
  bound: BoundRepo;
}

/**
 * Serve `tools` on this process's stdin/stdout until the client closes stdin (or the
 * connection). Unhandled rejections are reported on stderr instead of ending the process.
 */
export async function serveStdio(opts: ServeOptions): Promise<void> {
  const server = new McpServer({ name: opts.name, version: opts.version }, { instructions: INSTRUCTIONS });
  for (const tool of opts.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      (args: unknown) => callTool(tool, args, opts.bound),
    );
  }
  const report = (err: unknown) => process.stderr.write(`git-drift mcp: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.on('unhandledRejection', report);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  process.stdin.once('end', () => void server.close());
  await server.connect(new StdioServerTransport());
  await closed;
  process.off('unhandledRejection', report);
}

/**
 * Answer one call of `tool` with `args` (already checked against its input schema): text
 * and structured content, or an error result saying what went wrong. Never throws.
 */
export async function callTool(tool: DriftTool, args: unknown, bound: BoundRepo): Promise<CallToolResult> {
  try {
    const { text, structured } = await tool.answer(args as Parameters<DriftTool['answer']>[0], bound);
    return { content: [{ type: 'text', text }], structuredContent: structured };
  } catch (err) {
    return { isError: true, content: [{ type: 'text', text: errorText(tool.name, err) }] };
  }
}

/** One line (or a few) saying what failed: the user-fixable message, git's own first line of stderr, or the internal error. */
function errorText(name: string, err: unknown): string {
  if (err instanceof UserError) return err.message;
  if (err instanceof GitError) return `git failed: ${err.stderr.split('\n')[0] || err.message}`;
  process.stderr.write(`git-drift mcp: ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return `${name} failed: ${err instanceof Error ? err.message : String(err)}`;
}

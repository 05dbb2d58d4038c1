/**
 * `git drift mcp --print-config <agent>`: the exact command or configuration snippet that
 * registers this repository's server with an agent, in that agent's own format. Pure.
 *
 * Formats, as the agents document them: Claude Code `claude mcp add --transport stdio
 * [--scope local] <name> -- <command> [args…]` (code.claude.com/docs/en/mcp); Codex
 * `[mcp_servers.<name>]` with `command`, `args`, `cwd`, `env_vars` in `config.toml`
 * (github.com/openai/codex, docs/config.md); Cursor `mcpServers` with `command`, `args` in
 * `.cursor/mcp.json` (cursor.com/docs/mcp); Gemini CLI `mcpServers` with `command`, `args`,
 * `cwd` in `.gemini/settings.json` (github.com/google-gemini/gemini-cli, docs/tools/mcp-server.md).
 */

/** The agents `--print-config` knows. */
export const CONFIG_AGENTS = ['claude-code', 'codex', 'cursor', 'gemini'] as const;

/** An agent `--print-config` knows. */
export type ConfigAgent = (typeof CONFIG_AGENTS)[number];

/** The name the server is registered under (agents show its tools as `git-drift` tools). */
export const SERVER_NAME = 'git-drift';

/**
 * Environment variables Codex should pass on (it passes only a few by default): the agent
 * homes git drift reads logs from, and the LLM key and endpoint `drift_handoff` may use.
 */
const PASSED_ENV = [
  'CLAUDE_CONFIG_DIR',
  'CODEX_HOME',
  'GEMINI_CLI_HOME',
  'CURSOR_USER_DATA_DIR',
  'CURSOR_CONFIG_DIR',
  'OPENCODE_DATA_DIR',
  'XDG_DATA_HOME',
  'CLINE_DATA_DIR',
  'CLINE_DIR',
  'AIDER_CHAT_HISTORY_FILE',
  'AIDER_INPUT_HISTORY_FILE',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_BASE_URL',
];

/** What to print: `text` (the snippet or command, for stdout) and `where` (one line on where it goes). */
export interface McpConfig {
  text: string;
  where: string;
}

/**
 * The registration for `agent` of a server started as `<entry> mcp` (entry: the absolute
 * path of `bin/git-drift`) for the repository whose work tree root is `root` (absolute).
 * Agents whose configuration has a working directory get it; the others get `--repo`.
 */
export function renderMcpConfig(agent: ConfigAgent, entry: string, root: string): McpConfig {
  switch (agent) {
    case 'claude-code':
      return {
        text: `cd ${sh(root)} && claude mcp add --transport stdio --scope local ${SERVER_NAME} -- ${sh(entry)} mcp --repo ${sh(root)}\n`,
        where: 'run this command: Claude Code then starts the server in this repository only (local scope)',
      };
    case 'codex':
      return {
        text: [
          `[mcp_servers.${SERVER_NAME}]`,
          `command = ${JSON.stringify(entry)}`,
          'args = ["mcp"]',
          `cwd = ${JSON.stringify(root)}`,
          `env_vars = [${PASSED_ENV.map((v) => JSON.stringify(v)).join(', ')}]`,
          '',
        ].join('\n'),
        where: `add this table to ${root}/.codex/config.toml (Codex reads it in a trusted project); in ~/.codex/config.toml every Codex session would see this repository`,
      };
    case 'cursor':
      return {
        text: json({ command: entry, args: ['mcp', '--repo', root] }),
        where: `merge this into ${root}/.cursor/mcp.json (this project's MCP servers)`,
      };
    case 'gemini':
      return {
        text: json({ command: entry, args: ['mcp'], cwd: root }),
        where: `merge this into ${root}/.gemini/settings.json (this project's settings)`,
      };
  }
}

function json(server: Record<string, unknown>): string {
  return `${JSON.stringify({ mcpServers: { [SERVER_NAME]: server } }, null, 2)}\n`;
}

/** `value` quoted for a POSIX shell when it needs it. */
function sh(value: string): string {
  return /^[A-Za-z0-9_/.,:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

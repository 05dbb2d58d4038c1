/**
 * The session tools: `drift_sessions` (the rows of `git drift sessions --json`, filtered)
 * and `drift_session` (one session's row and its record: the file in `.prompts/sessions/`
 * when there is one, else rendered from the local cache as a capture would write it).
 */
import { readWorkTreeText } from '../../fs/inside.js';
import { renderSessionRecord } from '../../record/session.js';
import { repoRelative } from '../../repo/scope.js';
import { sessionRow, sessionRows } from '../../sessions/index.js';
import { matchSession } from '../../handoff/scope.js';
import { recordPath } from '../../record/index.js';
import { renderSessions } from '../../render/sessions.js';
import { readSessions } from '../repo.js';
import { sessionInput, sessionOutput, sessionsInput, sessionsOutput } from '../schemas.js';
import type { DriftTool } from './index.js';

/** `drift_sessions`: `git drift sessions --json`, filtered by agent and recorded branch, wrapped as `{ sessions }`. */
export const sessionsTool: DriftTool<typeof sessionsInput, typeof sessionsOutput> = {
  name: 'drift_sessions',
  title: 'Agent sessions of this repository',
  description:
    "The agent sessions of this repository found in this machine's agent logs (Claude Code, Codex, Cursor, Aider, Gemini CLI, OpenCode, Cline), oldest first: id, agent, model, branch, start and end, prompts, edits applied and rejected, files edited, and the commits whose drift note lists them. Filter by agent or by the branch the agent recorded. Same rows as `git drift sessions --json`.",
  input: sessionsInput,
  output: sessionsOutput,
  async answer(args, bound) {
    const { ctx } = await readSessions(bound);
    const rows = (await sessionRows(ctx)).filter((r) => (args.agent === undefined || r.agent === args.agent) && (args.branch === undefined || r.branch === args.branch));
    return { text: renderSessions(rows), structured: { sessions: rows } };
  },
};

/** `drift_session`: one session's `sessions --json` row and its record. */
export const sessionTool: DriftTool<typeof sessionInput, typeof sessionOutput> = {
  name: 'drift_session',
  title: "One session's record",
  description:
    'One agent session in full: its record (markdown: prompts, decisions, rejected approaches with their reasons, open threads, files touched) and its facts as in `git drift sessions --json`. The id may be the full "<agent>:<native id>", the native id, or its first 4+ characters.',
  input: sessionInput,
  output: sessionOutput,
  async answer(args, bound) {
    const { ctx, sessions } = await readSessions(bound);
    const session = matchSession(sessions, args.id);
    const path = recordPath(session.info);
    const saved = await readWorkTreeText(ctx.repo.root, path);
    const text = saved ?? renderSessionRecord(ctx, session, (p) => repoRelative(p, ctx.scope));
    return { text, structured: { session: sessionRow(ctx, session), record: { path, source: saved === null ? 'cache' : 'file', text } } };
  },
};

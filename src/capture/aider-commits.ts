/**
 * Attribution of aider's own commits (see `src/agents/aider/commits.ts`): when the commit
 * being captured is one aider made itself, every line it adds counts as that aider
 * session's, even lines git drift never saw as an applied edit (drift installed after the
 * session, an edit format the reader could not follow). Other commits are attributed as
 * usual. The session is the one whose history names the commit, else the aider session of
 * this repository that started last.
 */
import { isAiderCommit, sessionOfCommit } from '../agents/aider/commits.js';
import type { FileAdditions } from '../git/diff.js';
import { gitText } from '../git/run.js';
import { parseSessionId, sessionId, type SessionId } from '../ids.js';
import type { PendingLine, StoreData } from '../store/index.js';
import { keyedRecord } from '../records.js';

/** Marks the stand-in lines made for an aider commit (never stored). */
const COMMIT_EDIT = 'aider-commit:';

/** The aider session that made commit `sha`, or null when it is not aider's own (one `git log` only when aider sessions exist). */
async function aiderSessionOf(data: StoreData, root: string, sha: string): Promise<SessionId | null> {
  const states = Object.values(data.files)
    .filter((f) => f.agent === 'aider')
    .map((f) => f.state);
  const named = sessionOfCommit(sha, states);
  if (named) return sessionId('aider', named);
  const sessions = Object.values(data.sessions).filter((s) => s.info.agent === 'aider');
  if (sessions.length === 0) return null;
  const [author = '', ...body] = (await gitText(['log', '-1', '--format=%an%n%B', sha, '--'], { cwd: root })).split('\n');
  if (!isAiderCommit(author, body.join('\n'))) return null;
  sessions.sort((a, b) => (a.info.started ?? '').localeCompare(b.info.started ?? ''));
  return parseSessionId(sessions[sessions.length - 1]!.info.id);
}

/**
 * For a commit aider made itself, a stand-in agent line of the aider session for each line
 * the commit adds, per path; empty for any other commit. Capture puts these before the
 * real pending lines, like the lines carried over from rewritten commits (so real ones
 * are consumed first), and drops the ones left over. `enabled` is whether `aider` is among
 * `drift.agents`.
 */
export async function aiderCommitLines(data: StoreData, root: string, sha: string, additions: FileAdditions[], enabled: boolean): Promise<Record<string, PendingLine[]>> {
  const session = enabled ? await aiderSessionOf(data, root, sha) : null;
  const pool = keyedRecord<PendingLine[]>();
  if (!session) return pool;
  for (const file of additions) {
    pool[file.path] = file.lines.map((l) => ({ text: l.text, session, edit: `${COMMIT_EDIT}${sha}`, at: null }));
  }
  return pool;
}

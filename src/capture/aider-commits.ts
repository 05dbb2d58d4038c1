/**
 * Attribution of aider's own commits (see `src/agents/aider/commits.ts`): when the commit
 * being captured is one aider made itself, every line it adds counts as that aider
 * session's, even lines git drift never saw as an applied edit (drift installed after the
 * session, an edit format the reader could not follow). Other commits are attributed as
 * usual. The session is the one whose history names the commit, else the aider session of
 * this repository that started last.
 */
import { attributeCommit, type CommitAttribution } from '../attribution/index.js';
import { isAiderCommit, sessionOfCommit } from '../agents/aider/commits.js';
import type { FileAdditions } from '../git/diff.js';
import { gitText } from '../git/run.js';
import type { PendingLine, StoreData } from '../store/index.js';

/** Marks the stand-in pending lines made for an aider commit (never stored). */
const COMMIT_EDIT = 'aider-commit:';

/** The aider session that made commit `sha`, or null when it is not aider's own (one `git log` only when aider sessions exist). */
async function aiderSessionOf(data: StoreData, root: string, sha: string): Promise<string | null> {
  const states = Object.values(data.files).filter((f) => f.agent === 'aider').map((f) => f.state);
  const named = sessionOfCommit(sha, states);
  if (named) return `aider:${named}`;
  const sessions = Object.values(data.sessions).filter((s) => s.info.agent === 'aider');
  if (sessions.length === 0) return null;
  const [author = '', ...body] = (await gitText(['log', '-1', '--format=%an%n%B', sha, '--'], { cwd: root })).split('\n');
  if (!isAiderCommit(author, body.join('\n'))) return null;
  sessions.sort((a, b) => (a.info.started ?? '').localeCompare(b.info.started ?? ''));
  return sessions[sessions.length - 1]!.info.id;
}

/**
 * `attributeCommit`, with aider's own commits taken into account: for such a commit each
 * added line also gets a stand-in pending line of the aider session, placed before the real
 * pending lines (so real ones are consumed first); stand-ins left over are dropped from the
 * result's `pending`. `enabled` is whether `aider` is among `drift.agents`.
 */
export async function attributeWithAiderCommits(
  data: StoreData, root: string, sha: string, additions: FileAdditions[], pending: Record<string, PendingLine[]>, enabled: boolean,
): Promise<CommitAttribution> {
  const session = enabled ? await aiderSessionOf(data, root, sha) : null;
  if (!session) return attributeCommit(additions, pending);
  const pool: Record<string, PendingLine[]> = { ...pending };
  for (const file of additions) {
    const standIns = file.lines.map((l) => ({ text: l.text, session, edit: `${COMMIT_EDIT}${sha}`, at: null }));
    pool[file.path] = [...standIns, ...(pending[file.path] ?? [])];
  }
  const result = attributeCommit(additions, pool);
  for (const [path, lines] of Object.entries(result.pending)) {
    const real = lines.filter((p) => !p.edit.startsWith(COMMIT_EDIT));
    if (real.length > 0) result.pending[path] = real;
    else delete result.pending[path];
  }
  return result;
}

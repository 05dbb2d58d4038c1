/**
 * A git-ai note as a `drift-note/1` note of the commit it annotates (pure): the mapping
 * documented in docs/format.md, "Interop: git-ai".
 */
import type { Note, NoteSession } from '../../notes/index.js';
import { filesOf, linesWithin, reachesPast, type AddedLines } from '../lines.js';
import { agentOfGitAiTool, parseGitAiKey } from './keys.js';
import type { GitAiAgent, GitAiNote } from './parse.js';

/** The body of an imported note. */
export const GIT_AI_BODY = 'Attribution imported from a git-ai authorship note by `git drift import git-ai`.';

/** The conversation (or known human) a key of the attestation section names; null for an unknown key. */
function resolveKey(note: GitAiNote, key: string): GitAiAgent | 'human' | null {
  const direct = note.agents.get(key);
  if (direct) return direct;
  if (note.humans.has(key)) return 'human';
  const k = parseGitAiKey(key);
  if (!k) return null;
  if (k.kind === 'human') return 'human';
  return note.agents.get(k.kind === 'session' ? k.session : k.prompt) ?? null;
}

/**
 * The files of `note` whose attested lines reach beyond the lines the commit adds: their
 * length must be known (`lineCounts`) to tell a range that fits the file from one past its end.
 */
export function pathsToMeasure(note: GitAiNote, added: AddedLines): string[] {
  const out = new Set<string>();
  for (const file of note.files) {
    const lines = added.get(file.path) ?? [];
    if (file.entries.some((e) => e.ranges.some(([s, end]) => reachesPast(lines, s, end)))) out.add(file.path);
  }
  return [...out];
}

/** The drift session of a git-ai conversation. */
export function sessionOfGitAi(agent: GitAiAgent): NoteSession {
  const name = agentOfGitAiTool(agent.tool);
  const session: NoteSession = {
    id: `${name}:${agent.id}`,
    agent: name,
    model: agent.model && agent.model !== 'unknown' ? agent.model : null,
    branch: null,
    prompts: 0,
    edits: { applied: 0, rejected: 0 },
    record: '',
    source: 'git-ai',
  };
  if (agent.humanAuthor) session.author = agent.humanAuthor;
  return session;
}

/**
 * The drift note of a commit from its git-ai note. `added` holds the lines the commit adds
 * (what `readCommitAdditions` gives); `lineCounts` the number of lines of each file of
 * `pathsToMeasure` in the commit (null: the commit has no such file). Attested lines the
 * commit adds become `ai` for their conversation's session (the smallest session id when
 * two attest one line); known-human and unattested added lines are `human`; attested lines
 * the commit does not add are left out. Sessions are those the attestations name, merged
 * by id (a legacy prompt key and a session key of one conversation give one session).
 * Returns `{invalid}` for a key with no conversation or a range past the end of its file.
 */
export function noteFromGitAi(note: GitAiNote, added: AddedLines, lineCounts: Map<string, number | null>): Note | { invalid: string } {
  const sessions = new Map<string, NoteSession>();
  const owners = new Map<string, Map<number, string>>();
  for (const file of note.files) {
    const lines = added.get(file.path) ?? [];
    for (const entry of file.entries) {
      const who = resolveKey(note, entry.key);
      if (who === null) return { invalid: `file ${file.path}: key ${entry.key} has no entry in the metadata` };
      for (const [start, end] of entry.ranges) {
        if (!reachesPast(lines, start, end)) continue;
        const length = lineCounts.get(file.path);
        if (length === undefined || length === null || end > length) {
          return { invalid: `file ${file.path}: ${entry.key} ${start}-${end} is past the end of the file (${length ?? 0} lines in the commit)` };
        }
      }
      if (who === 'human') continue;
      const session = sessionOfGitAi(who);
      const seen = sessions.get(session.id);
      sessions.set(session.id, seen ? { ...seen, model: seen.model ?? session.model, ...(seen.author || !session.author ? {} : { author: session.author }) } : session);
      const byLine = owners.get(file.path) ?? owners.set(file.path, new Map()).get(file.path)!;
      for (const [start, end] of entry.ranges) {
        for (const line of linesWithin(lines, start, end)) {
          const current = byLine.get(line);
          if (current === undefined || session.id < current) byLine.set(line, session.id);
        }
      }
    }
  }
  const files = filesOf(added, (path, line) => {
    const session = owners.get(path)?.get(line);
    return session === undefined ? null : { state: 'ai', session };
  });
  const used = new Set(Object.values(files).flatMap((f) => Object.keys(f.ai ?? {})));
  const listed = [...sessions.values()].filter((s) => used.has(s.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { drift: 1, sessions: listed, files, body: `${GIT_AI_BODY}\n` };
}

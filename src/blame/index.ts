/**
 * `git drift blame` computed: `git blame --porcelain` joined with the drift notes of the
 * commits it names (read in one batch; parsed heads cached by blob in the store), giving per line its state, agent, session, model
 * and the prompt behind it. The join needs no re-mapping: a note's ranges are in its
 * commit's own line numbers, which is what porcelain reports as the original line.
 */
import { readBlame, UNCOMMITTED, type BlameEntry, type BlameRequest } from '../git/blame.js';
import { listAllNoteBlobs, readNoteHeads } from '../notes/read.js';
import type { InvalidNote, NoteHead } from '../notes/index.js';
import { openNoteHeads } from '../notes/head-cache.js';
import { ownersOf, type NoteOwner } from '../notes/owners.js';
import type { LineState } from '../types.js';
import type { WorktreeOptions } from './worktree.js';
import type { Repo } from '../git/repo.js';

/**
 * A line's owner as blame reports it; `unknown` for lines of commits without a valid note.
 * An uncommitted line gets the owner the next commit would record.
 */
export type BlameState = LineState | 'unknown';

/** One line of `git drift blame --json` (public contract, docs/format.md). */
export interface BlameLine {
  /** 1-based line number in the blamed revision (or work tree). */
  line: number;
  /** Full sha of the commit that last changed the line (`0000…` for uncommitted lines). */
  commit: string;
  state: BlameState;
  agent: string | null;
  /** Session id `<agent>:<native id>`, or null for human and unknown lines. */
  session: string | null;
  model: string | null;
  /** Where the session was learnt from when it was imported (`git-ai`, `agent-trace`: the note's `sessions[].source`), else null. */
  source: string | null;
  /** The prompt that led to the edit (at most 200 characters, redacted at capture), or null. */
  prompt: string | null;
  /** The line's text. */
  text: string;
}

/** `git drift blame --json`: the blamed path and its lines. */
export interface BlameResult {
  file: string;
  lines: BlameLine[];
}

/** What `blameFile` needs of the repository (`Repo` from git/repo.ts fits). */
export type BlameRepo = Pick<Repo, 'root' | 'commonDir'>;

/**
 * Blame `req.file` (repo-relative or relative to `cwd`) and attribute each line. git blame
 * (`readBlame`: one process, or one per revision range of a long linear history) plus two processes for
 * all the notes, whatever the number of commits; note heads are parsed once and cached
 * under the repository's git common dir. `repo` gives that dir and the work tree's top
 * level: the value, a promise, or a function called once blame's own git processes have
 * started (the notes list starts then too), so that nothing delays them. Uncommitted lines
 * (blaming the work tree) get what the next commit would record, from the agent lines
 * pending in this clone (`readWorktreeOwners`, which reads the agents' logs; see `opts`).
 * Throws `GitError` when git blame fails.
 */
export async function blameFile(cwd: string, repo: BlameRepo | Promise<BlameRepo> | (() => Promise<BlameRepo>), req: BlameRequest, opts: WorktreeOptions): Promise<BlameResult> {
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  const where = typeof repo === 'function' ? started.then(repo) : Promise.resolve(repo);
  const top = where.then((r) => r.root);
  const blamed = readBlame(cwd, req, { top, started: ready });
  const noteBlobs = started.then(() => listAllNoteBlobs(cwd));
  const cache = where.then((r) => openNoteHeads(r.commonDir));
  // All are awaited below once blame succeeded; when blame fails first, its error is the one to report.
  for (const p of [top, noteBlobs, cache]) p.catch(() => undefined);
  const entries = await blamed;
  const commits = [...new Set(entries.map((e) => e.commit).filter((c) => c !== UNCOMMITTED))];
  const heads = await cache;
  const notes = await readNoteHeads(cwd, commits, heads, await noteBlobs);
  await heads.write();
  const lines = attributeBlame(entries, notes);
  const uncommitted = entries.filter((e) => e.commit === UNCOMMITTED);
  if (uncommitted.length > 0) {
    const { readWorktreeOwners } = await import('./worktree.js'); // the agents' logs, only when needed
    const owners = await readWorktreeOwners(cwd, uncommitted, opts);
    for (const l of lines) {
      const owner = l.commit === UNCOMMITTED ? owners.get(l.line) : undefined;
      if (owner) Object.assign(l, owner, { text: l.text });
    }
  }
  return { file: req.file, lines };
}

/**
 * Join blame entries with parsed notes (keyed by full sha). Pure. A line whose commit has
 * no valid note, or whose original line no range of the note covers, is `unknown`.
 */
export function attributeBlame(entries: BlameEntry[], notes: Map<string, NoteHead | InvalidNote>): BlameLine[] {
  const owners = new Map<string, Map<number, NoteOwner> | null>();
  return entries.map((e): BlameLine => {
    const unknown: BlameLine = { line: e.line, commit: e.commit, state: 'unknown', agent: null, session: null, model: null, source: null, prompt: null, text: e.text };
    const note = notes.get(e.commit);
    if (!note || 'invalid' in note) return unknown;
    const key = `${e.commit}\0${e.origPath}`;
    if (!owners.has(key)) owners.set(key, ownersOf(note, e.origPath));
    const owner = owners.get(key)?.get(e.origLine);
    if (!owner) return unknown;
    const session = owner.session ? note.sessions.find((s) => s.id === owner.session) : undefined;
    return {
      ...unknown,
      state: owner.state,
      agent: owner.session ? (session?.agent ?? owner.session.split(':')[0] ?? null) : null,
      session: owner.session,
      model: session?.model ?? null,
      source: session?.source ?? null,
      prompt: owner.prompt,
      text: e.text,
    };
  });
}

/** One owner's share of the blamed lines: an agent, `human` or `unknown`. */
export interface BlameShare {
  owner: string;
  lines: number;
  /** Fraction of all blamed lines, 0–1. */
  share: number;
}

/** Lines per agent (ai and ai-modified together), human and unknown, largest first. Pure. */
export function blameShares(lines: BlameLine[]): BlameShare[] {
  const counts = new Map<string, number>();
  for (const l of lines) {
    const owner = l.state === 'human' || l.state === 'unknown' ? l.state : (l.agent ?? 'unknown');
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  const total = lines.length || 1;
  return [...counts].map(([owner, n]) => ({ owner, lines: n, share: n / total })).sort((a, b) => b.lines - a.lines || a.owner.localeCompare(b.owner));
}

/**
 * Merging another notes ref (a teammate's `refs/notes/drift`, fetched into
 * `refs/notes/drift-remote/<remote>`) into `refs/notes/drift` with git plumbing, so that no
 * note of either side is lost and commits annotated on both sides get one structurally
 * merged note (`mergeNoteTexts`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCommit } from '../git/branch.js';
import { GitError, gitText, runGit } from '../git/run.js';
import { NOTES_REF, readBlobs } from './index.js';
import type { mergeNoteTexts } from './merge.js';

/** What merging a notes ref did. Counts are notes (annotated objects). */
export interface RefMergeResult {
  /**
   * `absent`: the other ref does not exist; `up-to-date`: ours already contains it;
   * `created`: ours did not exist and now points at theirs; `fast-forward`: ours moved
   * to theirs, a descendant; `merged`: a merge commit with both as parents.
   */
  outcome: 'absent' | 'up-to-date' | 'created' | 'fast-forward' | 'merged';
  /** Notes only theirs had, added to ours. Counted for `merged` only (0 for `created` and `fast-forward`). */
  added: number;
  /** Notes both sides had where only theirs changed since the merge base: theirs was taken. */
  updated: number;
  /** Notes both sides changed: merged by `mergeNoteTexts`. */
  merged: number;
  /** The commit `refs/notes/drift` points at afterwards, or null when it does not exist. */
  head: string | null;
}

/** How to merge a notes ref. */
export interface RefMergeOptions {
  /** Environment for git (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** The notes ref to merge into (default `refs/notes/drift`). */
  ref?: string;
  /** What to call theirs in the merge commit and reflog messages (default: `theirs` as given). */
  label?: string;
}

/** One entry of a notes tree: its path (with fanout, e.g. `ab/cdef…`), mode and blob. */
interface TreeEntry {
  path: string;
  mode: string;
  blob: string;
}

/** Attempts when another writer moves our ref between reading and updating it. */
const ATTEMPTS = 3;

/**
 * Merge the notes commit `theirs` (a ref or sha) into `opts.ref`. Never forced: the ref
 * is moved with `git update-ref <ref> <new> <old>`, so a note written meanwhile (a
 * concurrent capture) makes the update fail and the merge start again (3 attempts).
 *
 * For diverged refs the merged tree holds every note of ours and theirs (a union: a note
 * one side removed comes back from the other). A note both have in different versions
 * takes theirs when ours still is the merge base's version, ours when theirs is, and
 * otherwise `mergeNoteTexts(ours, theirs)` (both byte for byte when one is not UTF-8). The result is a merge commit whose parents are
 * ours and theirs, so pushing it is a fast-forward for the remote. Notes trees with
 * fanout (`ab/cdef…` paths) keep their layout. Throws `GitError` when git fails.
 */
export async function mergeNotesRef(cwd: string, theirs: string, opts: RefMergeOptions = {}): Promise<RefMergeResult> {
  const ref = opts.ref ?? NOTES_REF;
  for (let attempt = 1; ; attempt++) {
    try {
      return await mergeOnce(cwd, ref, theirs, opts.label ?? theirs, opts.env);
    } catch (err) {
      if (!(err instanceof GitError) || !isLockConflict(err) || attempt >= ATTEMPTS) throw err;
    }
  }
}

function isLockConflict(err: GitError): boolean {
  return err.args[0] === 'update-ref' && /cannot lock ref|but expected|reference already exists/.test(err.stderr);
}

async function isAncestor(cwd: string, a: string, b: string, env?: NodeJS.ProcessEnv): Promise<boolean> {
  const { exitCode } = await runGit(['merge-base', '--is-ancestor', a, b], { cwd, env, allowExit: [1] });
  return exitCode === 0;
}

async function mergeOnce(cwd: string, ref: string, theirsRev: string, label: string, env?: NodeJS.ProcessEnv): Promise<RefMergeResult> {
  const none = { added: 0, updated: 0, merged: 0 };
  const [ours, theirs] = await Promise.all([resolveCommit(cwd, ref, env), resolveCommit(cwd, theirsRev, env)]);
  if (!theirs) return { outcome: 'absent', ...none, head: ours };
  if (!ours) {
    // An empty old value: create the ref only if it still does not exist.
    await runGit(['update-ref', '-m', `git drift: notes from ${label}`, ref, theirs, ''], { cwd, env });
    return { outcome: 'created', ...none, head: theirs };
  }
  if (ours === theirs || (await isAncestor(cwd, theirs, ours, env))) return { outcome: 'up-to-date', ...none, head: ours };
  if (await isAncestor(cwd, ours, theirs, env)) {
    await runGit(['update-ref', '-m', `git drift: notes fast-forward to ${label}`, ref, theirs, ours], { cwd, env });
    return { outcome: 'fast-forward', ...none, head: theirs };
  }
  const plan = await planMerge(cwd, ours, theirs, env);
  const tree = await writeMergedTree(cwd, ours, plan.changes, env);
  const commit = await gitText(['commit-tree', tree, '-p', ours, '-p', theirs, '-m', `Notes merged by git drift from ${label}`], { cwd, env });
  await runGit(['update-ref', '-m', `git drift: notes merged from ${label}`, ref, commit, ours], { cwd, env });
  return { outcome: 'merged', added: plan.added, updated: plan.updated, merged: plan.merged, head: commit };
}

/** The annotated object a notes tree path stands for (fanout slashes removed), or the path itself for other files. */
function noteKey(path: string): string {
  const flat = path.replace(/\//g, '');
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(flat) ? flat : path;
}

/** Every blob of a notes commit's tree by annotated object (`git ls-tree -r`). */
async function readTree(cwd: string, commit: string, env?: NodeJS.ProcessEnv): Promise<Map<string, TreeEntry>> {
  const { stdout } = await runGit(['ls-tree', '-r', '-z', '--full-tree', commit], { cwd, env });
  const entries = new Map<string, TreeEntry>();
  for (const record of stdout.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, blob] = record.slice(0, tab).split(' ');
    const path = record.slice(tab + 1);
    if (type !== 'blob' || !mode || !blob) continue;
    entries.set(noteKey(path), { path, mode, blob });
  }
  return entries;
}

/** The entries to write over ours (`path` → new blob, or new content to store), and what they amount to. */
interface MergePlan {
  changes: (TreeEntry | (Omit<TreeEntry, 'blob'> & { text: Buffer }))[];
  added: number;
  updated: number;
  merged: number;
}

async function planMerge(cwd: string, ours: string, theirs: string, env?: NodeJS.ProcessEnv): Promise<MergePlan> {
  const base = (await runGit(['merge-base', ours, theirs], { cwd, env, allowExit: [1] })).stdout.trim();
  const [mine, their, old] = await Promise.all([readTree(cwd, ours, env), readTree(cwd, theirs, env), base ? readTree(cwd, base, env) : Promise.resolve(new Map<string, TreeEntry>())]);
  const plan: MergePlan = { changes: [], added: 0, updated: 0, merged: 0 };
  const conflicts: { entry: TreeEntry; theirs: string }[] = [];
  for (const [key, t] of their) {
    const o = mine.get(key);
    if (!o) {
      plan.changes.push(t);
      plan.added++;
    } else if (o.blob === t.blob || old.get(key)?.blob === t.blob) {
    } else if (old.get(key)?.blob === o.blob) {
      plan.changes.push({ ...o, blob: t.blob });
      plan.updated++;
    } else {
      conflicts.push({ entry: o, theirs: t.blob });
    }
  }
  if (conflicts.length > 0) {
    // loaded only here: the merge reads bodies as markdown (mdast-util-from-markdown)
    const { mergeNoteTexts } = await import('./merge.js');
    const blobs = await readBlobs(
      cwd,
      conflicts.flatMap((c) => [c.entry.blob, c.theirs]),
      env,
    );
    for (const { entry, theirs: blob } of conflicts) {
      const text = mergeBlobs(mergeNoteTexts, blobs.get(entry.blob) ?? Buffer.alloc(0), blobs.get(blob) ?? Buffer.alloc(0));
      plan.changes.push({ path: entry.path, mode: entry.mode, text });
      plan.merged++;
    }
  }
  return plan;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Two versions of one note: `mergeNoteTexts` when both are UTF-8; otherwise (not a note
 * git drift wrote) both byte for byte, ours first, so that not a byte is lost.
 */
function mergeBlobs(merge: typeof mergeNoteTexts, ours: Buffer, theirs: Buffer): Buffer {
  try {
    return Buffer.from(merge(UTF8.decode(ours), UTF8.decode(theirs)), 'utf8');
  } catch {
    return Buffer.concat([ours, Buffer.from(ours.at(-1) === 0x0a ? '\n' : '\n\n'), theirs]);
  }
}

/**
 * Write the tree of `ours` with `changes` applied (entries added or replaced at their
 * paths; new texts stored as blobs with one `git hash-object --stdin-paths`), through a
 * temporary index so that nested fanout directories come out right. Returns the tree sha.
 */
async function writeMergedTree(cwd: string, ours: string, changes: MergePlan['changes'], env?: NodeJS.ProcessEnv): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'git-drift-notes-'));
  try {
    const texts = changes.filter((c): c is Omit<TreeEntry, 'blob'> & { text: Buffer } => 'text' in c);
    const files = await Promise.all(
      texts.map(async (c, i) => {
        const file = join(dir, `note-${i}`);
        await writeFile(file, c.text);
        return file;
      }),
    );
    const blobs = texts.length > 0 ? (await gitText(['hash-object', '-w', '--stdin-paths'], { cwd, env, input: `${files.join('\n')}\n` })).split('\n') : [];
    const stored = new Map(texts.map((c, i) => [c, blobs[i]!]));
    const withIndex = { ...(env ?? process.env), GIT_INDEX_FILE: join(dir, 'index') };
    await runGit(['read-tree', `${ours}^{tree}`], { cwd, env: withIndex });
    if (changes.length > 0) {
      const input = changes.map((c) => `${c.mode} ${'text' in c ? stored.get(c) : c.blob}\t${c.path}\n`).join('');
      await runGit(['update-index', '--add', '--index-info'], { cwd, env: withIndex, input });
    }
    return await gitText(['write-tree'], { cwd, env: withIndex });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

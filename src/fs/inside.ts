/**
 * Staying inside the work tree: every file git drift writes under the work tree
 * (`.prompts/sessions/*`, `.prompts/handoffs/*`) and every work-tree file it reads on a
 * path it did not choose (an untracked file for a brief, a record named by a note) is
 * resolved to its real path first, and refused when that path leaves the work tree: a
 * committed `.prompts` symlink (or `.prompts/sessions`, `.prompts/handoffs`) pointing to
 * `~/.ssh` must not make a capture or a handoff write there.
 */
import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { UserError } from '../errors.js';
import { readRegularText } from './read.js';

/** A path that leads out of the work tree (through `..` or a symlink); the message is one line saying which and where to. */
export class OutsideRepoError extends UserError {
  constructor(
    readonly path: string,
    readonly real: string,
  ) {
    super(`refused to use ${path}: it leads out of the work tree (to ${real}); remove or fix that symlink`);
    this.name = 'OutsideRepoError';
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The real absolute path of `rel` (a path relative to the work tree `root`) when it and
 * every existing directory on the way stay inside the work tree; parts that do not exist
 * yet are appended as they are. Throws `OutsideRepoError` otherwise (a `..` out of the work
 * tree, a symlink anywhere on the way to a place outside it), and file system errors other
 * than a missing file.
 */
export async function resolveInside(root: string, rel: string): Promise<string> {
  const realRoot = await realpath(root);
  const abs = join(root, rel);
  if (!isInside(abs, root)) throw new OutsideRepoError(rel, abs);
  const rest: string[] = [];
  let at = abs;
  for (;;) {
    try {
      const real = await realpath(at);
      const full = join(real, ...rest);
      if (!isInside(real, realRoot)) throw new OutsideRepoError(rel, real);
      return full;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || at === root) throw err;
      const st = await lstat(at).catch(() => null);
      if (st?.isSymbolicLink()) throw new OutsideRepoError(rel, `a symlink to nowhere at ${at}`); // A dangling link: where it would lead is not ours to create.
      rest.unshift(at.slice(dirname(at).length + 1));
      at = dirname(at);
    }
  }
}

/**
 * Write `text` (a string, or chunks of one read as they are written) to `rel` under the
 * work tree `root`, creating missing directories, after
 * `resolveInside` (throws `OutsideRepoError` when the real path leaves the work tree). The
 * file is opened with `O_NOFOLLOW`: a symlink that appears at the last moment is not
 * followed. Throws file system errors (read-only tree, full disk).
 */
export async function writeInside(root: string, rel: string, text: string | AsyncIterable<string | Uint8Array>): Promise<void> {
  const real = await resolveInside(root, rel);
  await mkdir(dirname(real), { recursive: true });
  if (!isInside(await realpath(dirname(real)), await realpath(root))) throw new OutsideRepoError(rel, dirname(real));
  const fh = await open(real, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o666);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new OutsideRepoError(rel, 'not a regular file');
    if (typeof text === 'string') await fh.writeFile(text);
    else
      for await (const chunk of text) {
        const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        for (let at = 0; at < data.length; ) at += (await fh.write(data, at, data.length - at)).bytesWritten;
      }
  } finally {
    await fh.close();
  }
}

/** Largest work-tree text file read back (a record), in bytes. */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

/**
 * The text of `rel` under the work tree `root`, or null when it is missing, leads out of the
 * work tree (`resolveInside`), is a symlink or not a regular file, or is larger than 16 MiB.
 * Never throws.
 */
export async function readWorkTreeText(root: string, rel: string): Promise<string | null> {
  try {
    return await readRegularText(await resolveInside(root, rel), { maxBytes: MAX_TEXT_BYTES, follow: false });
  } catch {
    return null;
  }
}

/**
 * Whether refs under a prefix may exist, answered from the common git dir's files without a
 * git process, for the hooks' hot path: the files backend keeps a ref either loose
 * (`<commonDir>/<refname>`) or in `<commonDir>/packed-refs` (`<sha> <refname>` lines;
 * gitrepository-layout(5), git-pack-refs(1)). Whatever the files cannot rule out (the
 * reftable backend, an unreadable or oversized `packed-refs`) counts as "may exist", so
 * the caller asks git.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularText } from '../fs/read.js';

/** Largest `packed-refs` searched (bytes); a bigger one is left to git. */
export const MAX_PACKED_REFS_BYTES = 64 * 1024 * 1024;

/** Whether `path` exists (as anything, a dangling symlink included); errors other than "no such file" count as existing. */
async function present(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}

/**
 * False only when no ref whose name starts with `prefix` (e.g. `refs/notes/drift-remote/`,
 * ending in `/`) can exist in the repository whose common git dir is `commonDir`: the
 * repository does not use reftable (`<commonDir>/reftable/`), there is no loose
 * `<commonDir>/<prefix>` directory, and `packed-refs` (when present) names no such ref.
 * True otherwise: ask git. Never throws; reads at most `MAX_PACKED_REFS_BYTES` and never
 * blocks on a special file.
 */
export async function readMayHaveRefs(commonDir: string, prefix: string): Promise<boolean> {
  const [reftable, loose] = await Promise.all([present(join(commonDir, 'reftable')), present(join(commonDir, prefix))]);
  if (reftable || loose) return true;
  let packed: string;
  try {
    packed = await readRegularText(join(commonDir, 'packed-refs'), { maxBytes: MAX_PACKED_REFS_BYTES, follow: false });
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  return packed.includes(` ${prefix}`);
}

/**
 * V8 flags a git drift process may set while it runs, and what that means for the code
 * cache (./code-cache.ts): V8 keeps a hash of its flags in cached data and rejects data
 * made under other flags. A process that changed a flag after its bundle was compiled
 * therefore writes no cache at exit: a cache it made would be rejected by every ordinary
 * run after it (each would compile again and rewrite it). The mark is kept on `globalThis`
 * because the loader (`dist/start.cjs`) and the bundle it loads each hold their own copy of
 * this module.
 *
 * `--heap-growing-percent=50` (set by `boundHeapGrowth`): the next full collection starts
 * when the old generation has grown by half of what the last one left live. A first capture
 * of a big session turns hundreds of MiB of log into garbage that outlives the young
 * generation; with V8's default growth, the process's peak memory was mostly that garbage
 * (a 200 MiB session: 50–75 MiB live, 255–289 MiB peak). No hard limit is set: a capture
 * that really needs more memory gets it (a heap limit would turn a big capture into a crash
 * with no note).
 */
import { setFlagsFromString } from 'node:v8';

/** Heap growth allowed after a full collection, in percent of what is live (`--heap-growing-percent`). */
export const HEAP_GROWING_PERCENT = 50;

/** The `globalThis` key marking that this process changed a V8 flag. */
const CHANGED = Symbol.for('git-drift.v8-flags-changed');

/** True when this process changed a V8 flag after start (then it must not write a code cache). */
export function v8FlagsChanged(): boolean {
  return (globalThis as Record<symbol, unknown>)[CHANGED] === true;
}

/**
 * Make V8 collect old garbage once the heap has grown by `HEAP_GROWING_PERCENT` over what
 * the last full collection left, for the rest of this process, and mark the flags changed.
 * Idempotent; never throws (a runtime that refuses the flag keeps its default).
 */
export function boundHeapGrowth(): void {
  if (v8FlagsChanged()) return;
  (globalThis as Record<symbol, unknown>)[CHANGED] = true;
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // default growth
  }
}

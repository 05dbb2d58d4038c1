/**
 * The V8 flags every git drift process runs with, set at run time before any bundle is
 * compiled (`loadCached` in ./code-cache.ts, and `bin/git-drift` before the command line's
 * modules). They must be the same when a code cache is made and when it is used: V8 keeps
 * a hash of its flags in the cached data and rejects data made under other flags, so a flag
 * set halfway through a run (after the bundle was compiled, before the cache is written at
 * exit) made every next run reject the cache, compile again and rewrite it.
 *
 * `--heap-growing-percent=50`: the next full collection starts when the old generation has
 * grown by half of what the last one left live. A first capture of a big session turns
 * hundreds of MiB of log into garbage that outlives the young generation, and with V8's
 * default growth the process's peak memory was mostly that garbage (a 200 MiB session:
 * 50–75 MiB live, 255–289 MiB peak). No hard limit is set: a capture that really needs more
 * memory gets it (a heap limit would turn a big capture into a crash with no note).
 */
import { setFlagsFromString } from 'node:v8';

/** Heap growth allowed after a full collection, in percent of what is live (`--heap-growing-percent`). */
export const HEAP_GROWING_PERCENT = 50;

let set = false;

/** Set the process's V8 flags (above). Idempotent; never throws (a runtime that refuses a flag keeps its default). */
export function setProcessFlags(): void {
  if (set) return;
  set = true;
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // default growth
  }
}

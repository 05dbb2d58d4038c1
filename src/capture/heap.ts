/**
 * How fast V8 lets the heap grow while logs are read. A first capture of a big session
 * turns hundreds of MiB of log into garbage that outlives the young generation; by default
 * V8 lets the old generation grow to several times what is live before a full collection,
 * and the process's peak memory was mostly that garbage (a 200 MiB session: 50–75 MiB live,
 * 255–289 MiB peak). No hard limit is set: a capture that really needs more memory gets it
 * (a heap limit would turn a big capture into a crash with no note).
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Heap growth allowed after a full collection, in percent of what is live
 * (`--heap-growing-percent`: the next full collection starts at `(1 + p/100) ×` live).
 */
export const HEAP_GROWING_PERCENT = 50;

let bounded = false;

/**
 * Make V8 collect old garbage when the heap has grown by `HEAP_GROWING_PERCENT` over what
 * the last full collection left, for the rest of this process. Idempotent; never throws.
 */
export function boundHeapGrowth(): void {
  if (bounded) return;
  bounded = true;
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    // A runtime that refuses the flag: default growth.
  }
}

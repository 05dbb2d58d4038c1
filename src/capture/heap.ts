/**
 * How fast V8 lets the heap grow while logs are read: the process flags of
 * `src/start/v8-flags.ts` (`--heap-growing-percent`), which the hook and the command line
 * set before loading their code. A capture run some other way (a test, a library use) sets
 * them here, before its first log is read.
 */
import { setProcessFlags } from '../start/v8-flags.js';

/** Make V8 collect old garbage when the heap has grown by `HEAP_GROWING_PERCENT` (src/start/v8-flags.ts) over what the last full collection left. Idempotent; never throws. */
export function boundHeapGrowth(): void {
  setProcessFlags();
}

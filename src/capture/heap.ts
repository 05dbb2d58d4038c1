/**
 * When a capture bounds V8's heap growth (`boundHeapGrowth`, src/start/v8-flags.ts): only
 * once its heap has grown past `HEAP_BOUND_FROM_BYTES`, that is while a big backlog is read
 * (a first capture). An ordinary commit's capture never gets there, so it keeps V8's default
 * growth (measured: the flag cost about 10 ms of CPU per commit) and its code cache (a
 * process that changed a flag writes none).
 */
import { getHeapStatistics } from 'node:v8';
import { boundHeapGrowth, v8FlagsChanged } from '../start/v8-flags.js';

/** The V8 heap size (bytes, `total_heap_size`) past which a capture bounds the heap's growth. */
export const HEAP_BOUND_FROM_BYTES = 64 * 1024 * 1024;

/**
 * Bound the heap's growth when the heap is already past `HEAP_BOUND_FROM_BYTES`; cheap, call
 * it between read steps (once bounded, the heap's statistics are not asked again). Never throws.
 */
export function boundHeapGrowthWhenBig(): void {
  if (!v8FlagsChanged() && getHeapStatistics().total_heap_size > HEAP_BOUND_FROM_BYTES) boundHeapGrowth();
}

/**
 * The note's line-range syntax (`12-40,55`), as attribution uses it: re-exported from the
 * one range codec, `src/notes/ranges.ts`. Pure.
 */
export { formatRanges, parseRanges } from '../notes/ranges.js';

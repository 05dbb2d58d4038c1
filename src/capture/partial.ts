/** Moved to `src/store/partial.ts` (the store owns every file under `<git-common-dir>/drift/`); kept for the hooks' imports. */
export { clearPartial, readPartials, writePartial, writePartialSync, type PartialCapture } from '../store/partial.js';

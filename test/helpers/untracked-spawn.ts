/**
 * Processes a test starts run without tap's process tracking. tap's `@tapjs/processinfo`
 * (used for coverage, which is off here: package.json "tap") makes every process a test
 * starts, and every process those start in turn, load its module loader through
 * NODE_OPTIONS: about 0.4 s of CPU on each hook run and each `git drift` start, nearly
 * doubling the cost of a `git commit` with the hooks. Importing this module (env.ts does)
 * stops that for the rest of the test file; the test process itself is still tracked.
 */

/** The global registry `process-on-spawn` (tap's spawn hook) keeps its listeners in. */
const REGISTRY = Symbol.for('process-on-spawn@*:singletonId');

/**
 * Drop the spawn listeners (processinfo's is the only one: it adds its loader to each
 * child's NODE_OPTIONS) and processinfo's loader from this process's NODE_OPTIONS, which
 * children started with `process.env` (execa extends it) would otherwise inherit. Other
 * NODE_OPTIONS stay. Without tap (a test run with plain node) there is nothing to drop.
 */
export function stopSpawnTracking(): void {
  const registry = (globalThis as Record<symbol, { listeners?: unknown[] } | undefined>)[REGISTRY];
  registry?.listeners?.splice(0);
  const options = process.env.NODE_OPTIONS;
  if (!options?.includes('@tapjs/processinfo')) return;
  const kept = options
    .split(/\s+/)
    .filter((o) => o && !o.includes('@tapjs/processinfo'))
    .join(' ');
  if (kept) process.env.NODE_OPTIONS = kept;
  else delete process.env.NODE_OPTIONS;
}

stopSpawnTracking();

/**
 * What post-commit does before its first git process (issue 15): it starts the commit's
 * diff and the settings' `git config` before it loads the store (lowdb, the lock,
 * node:crypto) and the capture's modules, which initialise while git runs. Checked on
 * esbuild's metafile of the real build (static imports are what a module's first run
 * initialises). That the settings are read by one `git config` started beside the diff is
 * checked with post-commit's processes (test/commit-cost.test.ts).
 */
import t from 'tap';
import { readBuildMeta, reachableSources } from './helpers/build-meta.js';

const meta = readBuildMeta();

t.test("post-commit's first git process waits for no store and no capture code", async (t) => {
  // The store's file names (src/store/paths.ts, constants) are light; the rest of it is not.
  const heavy = (i: string) => /^src\/(store\/(?!paths\.ts)|capture\/|agents\/|record\/|summary\/|redact\/)|node_modules\/(lowdb|proper-lockfile|graceful-fs|gray-matter|js-yaml|yaml)\//.test(i);
  t.same(reachableSources(meta, 'src/hook.ts', true).filter(heavy), [], 'the dispatcher loads none of them before the hook runs');
  t.same(reachableSources(meta, 'src/notes/remotes.ts', true).filter(heavy), [], 'nor does its check for fetched notes');
  t.same(reachableSources(meta, 'src/hooks/post-commit.ts', true).filter(heavy), [], 'nor post-commit before it starts the diff');
  t.ok(
    reachableSources(meta, 'src/hooks/post-commit-capture.ts', true).some((i) => i === 'src/capture/index.ts'),
    'the capture comes with the module post-commit loads once git runs',
  );
});

/**
 * What post-commit does before its first git process (issue 15): it starts the commit's
 * diff and the settings' `git config` before it loads the store (lowdb, the lock,
 * node:crypto) and the capture's modules, which initialise while git runs. Checked on
 * esbuild's metafile of the real build (static imports are what a module's first run
 * initialises), and the config read started ahead on a real repository.
 */
import t from 'tap';
import { git, isolateProcessGit, makeRepo, makeSandbox } from './helpers/env.js';
import { readBuildMeta, reachableSources } from './helpers/build-meta.js';
import { readRepoConfig, startRepoConfigRead } from '../src/git/repo.js';

const meta = readBuildMeta();
isolateProcessGit(t);

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

t.test('a config read started ahead is taken once: the read after it asks git again', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  git(sb, repo, ['config', 'drift.prompts', 'none']);
  startRepoConfigRead(repo);
  git(sb, repo, ['config', 'drift.prompts', 'full']);
  const ahead = await readRepoConfig(repo);
  t.ok(['none', 'full'].includes(ahead.drift.get('prompts')?.[0] ?? ''), 'the read started ahead answers (git ran before or after the change)');
  t.same((await readRepoConfig(repo)).drift.get('prompts'), ['full'], 'the next read sees the configuration as it is now');
});

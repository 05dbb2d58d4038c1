/**
 * One process for the test files of the local store and what surrounds it: the store and
 * its pending lines, the HEAD cache, recovery, a broken config, git versions, blame across
 * merges, the bundles' import graph and contents, the LLM records.
 *
 * Each test file tap runs is a process that pays, before its first test, a node start, tsx
 * and tap's loaders and its src/ imports: 1.5-2 s of CPU, more than most of these files'
 * tests take. So tap does not run these files on their own (package.json "tap" "exclude"
 * lists them) and this file imports them: their tests run here, one after another, under
 * their own names. `npx tap test/<file>.test.ts` still runs one alone. Only files that
 * leave no state in the process (no change to process.env or the cwd, no faked clock)
 * belong here; test/group-store.test.ts checks that the groups and the exclude list agree.
 */
import './store.test.js';
import './pending-file.test.js';
import './pending-lines.test.js';
import './head-cache.test.js';
import './recover.test.js';
import './broken-config.test.js';
import './git-version.test.js';
import './blame-merges.test.js';
import './import-graph.test.js';
import './hook-bundle.test.js';
import './llm-records.test.js';

import t from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT } from './helpers/env.js';

// All these files' tests run one after another here: on a loaded machine they can outlast the
// 300 s tap gives one file.
t.setTimeout(900_000);

t.test('every test file tap leaves out is run by one group file, and no group runs a file tap also runs alone', async (t) => {
  const { tap } = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as { tap: { exclude?: string[] } };
  const excluded = (tap.exclude ?? []).filter((p) => p.endsWith('.test.ts')).sort();
  const grouped: string[] = [];
  for (const group of readdirSync(join(PROJECT, 'test')).filter((f) => /^group-.*\.test\.ts$/.test(f))) {
    const text = readFileSync(join(PROJECT, 'test', group), 'utf8');
    for (const m of text.matchAll(/^import '\.\/(.+)\.js';$/gm)) grouped.push(`test/${m[1]}.ts`);
  }
  t.same(excluded, [...grouped].sort(), "the exclude list is the groups' imports");
  t.equal(new Set(grouped).size, grouped.length, 'no file in two groups');
  t.same(
    grouped.filter((f) => !existsSync(join(PROJECT, f))),
    [],
    'every grouped file exists',
  );
});

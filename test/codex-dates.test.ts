/**
 * Codex's date folders on the commit path (issue 15, item 2): the folders of days past that
 * were found unchanged within the hour are not looked at again, so a commit costs the same
 * with a year of other projects' rollouts; recent folders are always looked at.
 */
import t from 'tap';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox } from './helpers/env.js';
import { discoverCodex, PAST_DAY_TRUST_MS } from '../src/agents/codex/files.js';
import { readLogDirs } from '../src/store/log-dirs.js';

const pad = (n: number) => String(n).padStart(2, '0');
const dayDir = (home: string, d: Date) => join(home, '.codex', 'sessions', String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()));
const rollout = (n: number) => `rollout-2025-01-01T00-00-00-0000000${n}-0000-4000-8000-000000000000.jsonl`;
const OLD = new Date('2025-01-01T00:00:00Z');

t.test('a commit looks at recent Codex date folders only; past ones are looked at again after an hour', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const store = join(sb.root, 'store');
  mkdirSync(store);
  const now = Date.now();
  const past = dayDir(sb.home, new Date(now - 30 * 24 * 3600 * 1000));
  const today = dayDir(sb.home, new Date(now));
  for (const [dir, n] of [
    [past, 1],
    [today, 2],
  ] as const) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, rollout(n)), '{}\n');
    utimesSync(dir, OLD, OLD); // not racy: listed long after its last change
  }
  const discover = async (at: number) => {
    const dirs = await readLogDirs(store);
    const files = await discoverCodex({ env: sb.env, roots: [], dirs }, at);
    await dirs.write();
    return files.map((f) => f.path).sort();
  };
  t.same(await discover(now), [join(past, rollout(1)), join(today, rollout(2))], 'the first look lists every folder');
  for (const [dir, n] of [
    [past, 3],
    [today, 4],
  ] as const) {
    writeFileSync(join(dir, rollout(n)), '{}\n');
    utimesSync(dir, new Date(now - 60_000), new Date(now - 60_000));
  }
  t.same(await discover(now + 1000), [join(past, rollout(1)), join(today, rollout(2)), join(today, rollout(4))], "today's folder is looked at again; the past one, checked a moment ago, is not");
  t.same(
    await discover(now + PAST_DAY_TRUST_MS + 60_000),
    [join(past, rollout(1)), join(past, rollout(3)), join(today, rollout(2)), join(today, rollout(4))],
    'an hour later the past folder is looked at again and its new rollout found',
  );
});

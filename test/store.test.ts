/**
 * The local store keeps sessions' events out of store.json, in one append-only file per
 * session, read only when needed; a version-2 store (events inline) is migrated.
 */
import t from 'tap';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, makeSandbox } from './helpers/env.js';
import { drift, installDrift } from './helpers/replay.js';
import { LiveSession } from './helpers/session.js';
import { openStore } from '../src/store/index.js';
import { eventsPath } from '../src/store/events.js';
import type { DriftEvent } from '../src/types.js';

const A = 'claude-code:aaaa0000-0000-4000-8000-00000000000a';
const B = 'claude-code:bbbb0000-0000-4000-8000-00000000000b';

t.test('captures keep events in per-session files and load only the sessions they need', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  new LiveSession(sb, repo, A.split(':')[1]!).prompt('Write a.txt').write('a.txt', 'alpha line one\nalpha line two\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'a']);
  new LiveSession(sb, repo, B.split(':')[1]!).prompt('Write b.txt').write('b.txt', 'beta line one\n');
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'b']);
  const dir = join(repo, '.git', 'drift');
  const stored = JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8'));
  t.equal(stored.version, 3);
  t.same(
    Object.values(stored.sessions).map((s: any) => ['events' in s, s.eventCount]),
    [
      [false, 2],
      [false, 2],
    ],
    'no events in store.json, only their count',
  );
  t.equal(readdirSync(join(dir, 'events')).length, 2, 'one events file per session');
  const store = await openStore(join(repo, '.git'), { lock: false }); // Read only: the git drift run below takes the lock.
  t.same(store.data.sessions[A]!.events, [], 'events are not read on open');
  await store.loadEvents([A]);
  t.same(
    store.data.sessions[A]!.events.map((e) => e.kind),
    ['prompt', 'edit'],
    'loaded on request',
  );
  t.same(store.data.sessions[B]!.events, [], 'an untouched session stays unread');
  const note = git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']);
  t.match(note, new RegExp(`ai:\\n\\s+'${B}': '1'`), "the second commit is the second session's");
  const sessions = JSON.parse(drift(sb, repo, ['sessions', '--json'])) as { id: string; edits: { applied: number } }[];
  t.same(
    sessions.map((s) => [s.id, s.edits.applied]),
    [
      [A, 1],
      [B, 1],
    ],
    'git drift sessions reads the files',
  );
});

t.test('a version-2 store with inline events is migrated, and a torn or repeated line loses nothing', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const common = join(sb.root, 'common');
  mkdirSync(join(common, 'drift'), { recursive: true });
  const event = (id: string): DriftEvent => ({ id, session: A, at: null, kind: 'prompt', text: `prompt ${id}` });
  const info = { id: A, agent: 'claude-code', nativeId: A.split(':')[1], model: null, branch: null, cwd: null, started: null, ended: null, version: null, title: null };
  writeFileSync(
    join(common, 'drift', 'store.json'),
    JSON.stringify({ version: 2, files: {}, sessions: { [A]: { info, events: [event('e1'), event('e2')], commits: [], attributedUpTo: 1 } }, lastCapture: null, captures: {} }),
  );
  const store = await openStore(common);
  t.equal(store.data.version, 3);
  t.equal(store.data.sessions[A]!.events.length, 2, 'migrated events are in memory');
  await store.write();
  t.ok(existsSync(eventsPath(join(common, 'drift'), A)), 'and written to the session file');
  t.notMatch(readFileSync(join(common, 'drift', 'store.json'), 'utf8'), /"events"/);
  // A crash between the events file and store.json: the file has a repeat and a torn line.
  writeFileSync(eventsPath(join(common, 'drift'), A), `${readFileSync(eventsPath(join(common, 'drift'), A), 'utf8')}${JSON.stringify(event('e2'))}\n{"id":"e3","ses`);
  const again = await openStore(common);
  await again.loadEvents([A]);
  t.same(
    again.data.sessions[A]!.events.map((e) => e.id),
    ['e1', 'e2'],
    'the repeat is kept once, the torn line skipped',
  );
  t.equal(again.data.sessions[A]!.attributedUpTo, 1);
});

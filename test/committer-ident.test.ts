/**
 * The notes commit's committer is built from the environment and the configuration only
 * when that gives exactly what `git var GIT_COMMITTER_IDENT` prints (src/git/ident.ts);
 * every other case is left to git. Each case is checked against git itself.
 */
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { makeRepo, makeSandbox } from './helpers/env.js';
import { parseCommitterDate, readCommitterIdent, renderCommitterIdent } from '../src/git/ident.js';
import { readRepoConfig } from '../src/git/repo.js';

interface Case {
  name: string;
  /** The global configuration file's text. */
  config: string;
  /** Environment of the commit, on top of PATH, HOME and the configuration files. */
  env: NodeJS.ProcessEnv;
  /** Whether the ident is built without git. */
  built: boolean;
}

const USER = '[user]\n\tname = Test User\n\temail = test@example.com\n';
const Z = '2026-11-20T12:00:00Z';
const CASES: Case[] = [
  { name: 'user.name and user.email, ISO date in UTC', config: USER, env: { GIT_COMMITTER_DATE: Z }, built: true },
  { name: 'committer.* over user.*', config: `${USER}[committer]\n\tname = Com Mitter\n\temail = c@example.org\n`, env: { GIT_COMMITTER_DATE: Z }, built: true },
  {
    name: 'GIT_COMMITTER_NAME/EMAIL over the configuration',
    config: `${USER}[committer]\n\tname = Com\n`,
    env: { GIT_COMMITTER_NAME: 'Env Name', GIT_COMMITTER_EMAIL: 'env@example.net', GIT_COMMITTER_DATE: Z },
    built: true,
  },
  { name: 'no user.email: EMAIL', config: '[user]\n\tname = Test User\n', env: { EMAIL: 'mail@example.com', GIT_COMMITTER_DATE: Z }, built: true },
  { name: 'ISO date with +05:30', config: USER, env: { GIT_COMMITTER_DATE: '2026-11-20T12:00:00+05:30' }, built: true },
  { name: 'ISO date with -0800', config: USER, env: { GIT_COMMITTER_DATE: '2026-11-20T12:00:00-0800' }, built: true },
  { name: 'date with a space and +0200', config: USER, env: { GIT_COMMITTER_DATE: '2026-11-20 12:00:00 +0200' }, built: true },
  { name: "git's raw date", config: USER, env: { GIT_COMMITTER_DATE: '@1700000000 +0130' }, built: true },
  { name: "git's raw date, -0000", config: USER, env: { GIT_COMMITTER_DATE: '@1700000000 -0000' }, built: true },
  { name: 'now, Asia/Kolkata', config: USER, env: { TZ: 'Asia/Kolkata' }, built: true },
  { name: 'now, America/New_York', config: USER, env: { TZ: 'America/New_York' }, built: true },
  { name: 'a name git trims (final dot): left to git', config: '[user]\n\tname = Test User Jr.\n\temail = test@example.com\n', env: { GIT_COMMITTER_DATE: Z }, built: false },
  { name: 'an email in angle brackets: left to git', config: '[user]\n\tname = Test User\n\temail = <test@example.com>\n', env: { GIT_COMMITTER_DATE: Z }, built: false },
  { name: 'an RFC 2822 date: left to git', config: USER, env: { GIT_COMMITTER_DATE: 'Fri, 20 Nov 2026 12:00:00 +0000' }, built: false },
  { name: 'a date without time zone: left to git', config: USER, env: { GIT_COMMITTER_DATE: '2026-11-20T12:00:00' }, built: false },
  { name: 'an impossible day: left to git', config: USER, env: { GIT_COMMITTER_DATE: '2026-02-30T12:00:00Z' }, built: false },
  { name: 'no email anywhere (auto-detection off): git refuses', config: '[user]\n\tname = Test User\n\tuseConfigOnly = true\n', env: { GIT_COMMITTER_DATE: Z }, built: false },
  { name: 'user.name without a value: git refuses', config: '[user]\n\tname\n\temail = test@example.com\n', env: { GIT_COMMITTER_DATE: Z }, built: false },
];

/** `git var GIT_COMMITTER_IDENT` with `env`, or the first line of its error. */
function gitVar(cwd: string, env: NodeJS.ProcessEnv): { ident: string } | { error: string } {
  const done = spawnSync('git', ['var', 'GIT_COMMITTER_IDENT'], { cwd, env, encoding: 'utf8' });
  return done.status === 0 ? { ident: done.stdout.trim() } : { error: done.stderr.split('\n')[0]! };
}

/** The ident with its seconds dropped when `now` (made a second apart, they may differ by one). */
function comparable(ident: string, now: boolean): string {
  return now ? ident.replace(/ \d+ ([+-]\d{4})$/, ' <now> $1') : ident;
}

t.test('the committer ident is what git var prints, built without git only where certain', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  const saved = { global: process.env.GIT_CONFIG_GLOBAL, tz: process.env.TZ, nosystem: process.env.GIT_CONFIG_NOSYSTEM };
  t.teardown(() => {
    for (const [key, value] of [
      ['GIT_CONFIG_GLOBAL', saved.global],
      ['TZ', saved.tz],
      ['GIT_CONFIG_NOSYSTEM', saved.nosystem],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  for (const [i, c] of CASES.entries()) {
    const global = join(sb.root, `config-${i}`);
    writeFileSync(global, c.config);
    // The process runs git as the hook does: its own environment is the commit's.
    process.env.GIT_CONFIG_GLOBAL = global;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    if (c.env.TZ) process.env.TZ = c.env.TZ;
    else delete process.env.TZ;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: sb.home, GIT_CONFIG_GLOBAL: global, GIT_CONFIG_NOSYSTEM: '1', ...c.env };
    const expected = gitVar(repo, env);
    let ident: Awaited<ReturnType<typeof readRepoConfig>>['ident'] = {};
    try {
      ident = (await readRepoConfig(repo)).ident;
    } catch {
      // git refuses the configuration file itself: git var fails the same way below
    }
    t.equal(renderCommitterIdent(ident, env, Date.now()) !== null, c.built, `${c.name}: ${c.built ? 'built' : 'left to git'}`);
    const now = !c.env.GIT_COMMITTER_DATE;
    const got = await readCommitterIdent(repo, env, ident).then(
      (v) => ({ ident: comparable(v, now) }),
      () => ({ error: 'refused' }),
    );
    t.same(got, 'ident' in expected ? { ident: comparable(expected.ident, now) } : { error: 'refused' }, `${c.name}: the same as git var (${'ident' in expected ? expected.ident : expected.error})`);
  }
});

t.test('committer dates read only in the forms whose meaning is certain', async (t) => {
  const now = Date.UTC(2026, 11, 5);
  t.equal(parseCommitterDate('2026-11-20T12:00:00Z', now), '1795176000 +0000');
  t.equal(parseCommitterDate('2026-11-20T12:00:00+05:30', now), '1795156200 +0530');
  t.equal(parseCommitterDate('@1700000000 -0130', now), '1700000000 -0130');
  t.equal(parseCommitterDate('2027-01-01T00:00:00Z', now), null, 'a date in the future (git guesses other field orders for some)');
  t.equal(parseCommitterDate('1969-12-31T12:00:00Z', now), null, 'before 1971');
  t.equal(parseCommitterDate('2026-11-20T12:00:00 Z', now), null);
  t.equal(parseCommitterDate('@1700000000 +0199', now), null, 'minutes past 59');
  t.equal(parseCommitterDate('yesterday', now), null);
});

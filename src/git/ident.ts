/**
 * The committer ident of a commit git drift writes (a notes commit), built from the
 * environment and the configuration already read when the result is certain to be what
 * `git var GIT_COMMITTER_IDENT` prints, else asked of git. The rules are git's (ident.c,
 * `fmt_ident` with IDENT_STRICT; git-commit-tree(1) "COMMIT INFORMATION", git-config(1)
 * `user.*`, `committer.*`): the name is `GIT_COMMITTER_NAME`, else `committer.name`, else
 * `user.name`; the email is `GIT_COMMITTER_EMAIL`, else `committer.email`, else
 * `user.email`, else `EMAIL`; the date is `GIT_COMMITTER_DATE` (git's date parser), else
 * now in the local time zone, as `<seconds since the epoch> <±hhmm>`.
 */
import { gitText } from './run.js';

/**
 * The ident keys of git's configuration, as `git config` resolved them (last value wins);
 * a key is absent when it is not set. `valueless` names keys set without `=` (git refuses
 * them as idents).
 */
export interface IdentConfig {
  'user.name'?: string;
  'user.email'?: string;
  'committer.name'?: string;
  'committer.email'?: string;
  valueless?: string[];
}

/** The configuration keys `IdentConfig` holds, lower-cased as `git config` prints them. */
export const IDENT_KEYS = ['user.name', 'user.email', 'committer.name', 'committer.email'] as const;

/**
 * Characters some git version trims from either end of a name or email ("crud": control
 * characters, space, `.,:;<>"\'` and backslash; git 2.35 stopped trimming `.`), and
 * `<`, `>`, newline, which git drops anywhere. A value free of them at its ends and of the
 * three delimiters inside is written by every git version as it is.
 */
const CRUD = /^[\x00-\x20.,:;<>"\\']|[\x00-\x20.,:;<>"\\']$|[<>\n]/;

/** A value git writes unchanged into an ident, or null when git would rewrite or refuse it. */
function plain(value: string | undefined): string | null {
  return value !== undefined && value !== '' && !CRUD.test(value) ? value : null;
}

/**
 * The committer name and email git uses, when both are given explicitly (environment or
 * configuration) and git writes them unchanged; null when git would fall back to the
 * system (passwd, host name), rewrite, or refuse them. Pure.
 */
function identParts(config: IdentConfig, env: NodeJS.ProcessEnv): { name: string; email: string } | null {
  const pick = (envKey: string, keys: (keyof IdentConfig)[]): string | null | undefined => {
    if (env[envKey] !== undefined) return plain(env[envKey]);
    for (const key of keys) {
      const value = config[key] as string | undefined;
      if (value !== undefined) return plain(value);
    }
    return undefined;
  };
  if (config.valueless?.length) return null; // git refuses the whole configuration
  const name = pick('GIT_COMMITTER_NAME', ['committer.name', 'user.name']);
  let email = pick('GIT_COMMITTER_EMAIL', ['committer.email', 'user.email']);
  if (email === undefined && env.EMAIL) email = plain(env.EMAIL);
  return name && email ? { name, email } : null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:(Z)| ?([+-])(\d{2}):?(\d{2}))$/;
const RAW = /^@(\d{1,12}) ([+-])(\d{2})(\d{2})$/;

/** `±hhmm` for an offset in minutes east of UTC, as git prints it (zero is `+0000`). */
function renderOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/**
 * `GIT_COMMITTER_DATE` as git writes it (`<seconds> <±hhmm>`), for the forms whose reading
 * is certain: git's own `@<seconds> ±hhmm`, and ISO 8601 `YYYY-MM-DD[T ]HH:MM:SS` with `Z`
 * or `±hh[:]mm`, between 1971 and now (no later than `nowMs`). Null for any other form
 * (git's parser also reads RFC 2822 and more, with its own guesses). Pure.
 */
export function parseCommitterDate(text: string, nowMs: number): string | null {
  const raw = RAW.exec(text);
  if (raw) {
    if (Number(raw[4]) >= 60) return null;
    const minutes = Number(raw[3]) * 60 + Number(raw[4]);
    return `${raw[1]} ${renderOffset(raw[2] === '-' ? -minutes : minutes)}`;
  }
  const iso = ISO.exec(text);
  if (!iso) return null;
  const [year, month, day, hour, min, sec] = iso.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offHours = iso[7] ? 0 : Number(iso[9]);
  const offMinutes = iso[7] ? 0 : Number(iso[10]);
  if (hour > 23 || min > 59 || sec > 59 || offHours > 14 || offMinutes > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, min, sec);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null; // 02-30
  const offset = (iso[8] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  const seconds = local / 1000 - offset * 60;
  if (year < 1971 || seconds * 1000 > nowMs) return null;
  return `${seconds} ${renderOffset(offset)}`;
}

/**
 * The committer ident (`Name <email> <seconds> <±hhmm>`) git would use in a commit made now
 * (`nowMs`, ms since the epoch) with `env` and `config`, when it can be built with
 * certainty; null when only git can say (an email or name left to auto-detection, a value
 * git would rewrite, a date form other than `parseCommitterDate`'s, or a `TZ` other than
 * this process's when the local time zone is needed). Pure apart from the local time zone.
 */
export function renderCommitterIdent(config: IdentConfig, env: NodeJS.ProcessEnv, nowMs: number): string | null {
  const parts = identParts(config, env);
  if (!parts) return null;
  const given = env.GIT_COMMITTER_DATE;
  let date: string | null;
  if (given) date = parseCommitterDate(given, nowMs);
  else if (env.TZ !== process.env.TZ) date = null;
  else date = `${Math.floor(nowMs / 1000)} ${renderOffset(-new Date(nowMs).getTimezoneOffset())}`;
  return date ? `${parts.name} <${parts.email}> ${date}` : null;
}

/**
 * The committer ident for a commit made now in the repository at `cwd`: built from `env`
 * and `config` (the ident keys already read with the settings) when certain, else from
 * `git var GIT_COMMITTER_IDENT` (also when `config` is not given). Throws `GitError` when
 * git refuses the ident (no email, empty name, bad date).
 */
export async function readCommitterIdent(cwd: string, env: NodeJS.ProcessEnv | undefined, config?: IdentConfig): Promise<string> {
  const built = config ? renderCommitterIdent(config, env ?? process.env, Date.now()) : null;
  return built ?? (await gitText(['var', 'GIT_COMMITTER_IDENT'], { cwd, env }));
}

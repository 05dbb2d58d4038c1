/**
 * The shapes of the local store's files (`store.json`, `pending/*.json`) as checks run
 * before any capture trusts them: a parseable but wrong file (`{"version":3,"files":null}`,
 * a pending file whose `lines` is null) must not stop captures. The store is a cache: a
 * part that does not fit is dropped and rebuilt from the agents' logs.
 *
 * Written by hand rather than with zod: these checks run in every hook, and the hook
 * bundle must not load zod (test/hook-bundle.test.ts keeps it out).
 */

type Check = (v: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str: Check = (v) => typeof v === 'string';
const strOrNull: Check = (v) => v === null || typeof v === 'string';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const count: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const fields =
  (shape: Record<string, Check>): Check =>
  (v) =>
    isObject(v) && Object.entries(shape).every(([k, check]) => check(v[k]));
const listOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
const recordOf =
  (check: Check): Check =>
  (v) =>
    isObject(v) && Object.values(v).every(check);

const cursor = fields({
  agent: str,
  sessionNativeId: str,
  sidechain: (v) => typeof v === 'boolean',
  dev: num,
  ino: num,
  size: num,
  mtimeMs: num,
  offset: count,
  verdict: (v) => v === 'repo' || v === 'foreign',
  cwd: strOrNull,
});

const session = fields({
  info: fields({ id: str, agent: str, nativeId: str }),
  eventCount: optional(count),
  lastEdit: optional(count),
  lastPrompt: optional(strOrNull),
  eventsBytes: optional(count),
  commits: listOf(str),
  attributedUpTo: count,
  events: optional(listOf(isObject)),
});

/** What the lines of one edit share: a pending line but its text. */
const pendingEdit = {
  session: str,
  edit: str,
  at: strOrNull,
  prompt: optional(str),
  state: optional((v) => v === 'ai-modified' || v === 'human'),
};
const pendingLine = fields({ text: str, ...pendingEdit });

const capture = fields({ consumed: recordOf(listOf(pendingLine)), windows: recordOf(num) });

const outcome = fields({ commit: str, at: str, ok: (v) => typeof v === 'boolean', summary: str });

/** Whether parsed JSON is a pending file of version 1 (`pending/<hash>.json`): `{path, lines: PendingLine[]}`. Pure. */
export const isPendingFile = fields({ path: str, lines: listOf(pendingLine) });

/**
 * Whether parsed JSON is a pending file of version 2 (`src/store/pending.ts`,
 * `renderPendingFile`): `{version: 2, path, edits, texts, lines}`, where `lines` holds two
 * indexes per line (into `edits`, then `texts`), each in range. Pure.
 */
export function isPendingFileV2(v: unknown): boolean {
  if (!fields({ version: (x) => x === 2, path: str, edits: listOf(fields(pendingEdit)), texts: listOf(str), lines: Array.isArray })(v)) return false;
  const { edits, texts, lines } = v as { edits: unknown[]; texts: unknown[]; lines: unknown[] };
  if (lines.length % 2 !== 0) return false;
  for (let i = 0; i < lines.length; i += 2) {
    const [e, t] = [lines[i], lines[i + 1]];
    if (!Number.isInteger(e) || !Number.isInteger(t) || (e as number) < 0 || (t as number) < 0 || (e as number) >= edits.length || (t as number) >= texts.length) return false;
  }
  return true;
}

/** What checking a parsed `store.json` found: the parts that fit, and what was dropped. */
export interface CheckedStore {
  version: 2 | 3;
  files: Record<string, unknown>;
  sessions: Record<string, Record<string, unknown>>;
  lastCapture: unknown;
  captures: Record<string, unknown>;
  /** One phrase per dropped part (empty when everything fit), e.g. `files and sessions (not a mapping)`. */
  dropped: string[];
}

/**
 * Check parsed `store.json` data part by part. Cursors and sessions go together (a cursor
 * without its session would skip the log lines the session needs): when either does not
 * fit, both are dropped, so the logs are read again from the start. A capture record or
 * the last outcome that does not fit is dropped alone. Returns null when the data is not a
 * store of version 2 or 3 at all. Pure.
 */
export function checkStore(data: unknown): CheckedStore | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const raw = data as Record<string, unknown>;
  if (raw.version !== 2 && raw.version !== 3) return null;
  const dropped: string[] = [];
  const files = raw.files === undefined ? {} : raw.files;
  const sessions = raw.sessions === undefined ? {} : raw.sessions;
  const filesFit = recordOf(cursor)(files);
  const fits = filesFit && recordOf(session)(sessions);
  if (!fits) dropped.push(`cursors and sessions (${!filesFit ? 'files' : 'sessions'} do not fit)`);
  const captures: Record<string, unknown> = {};
  const capturesRaw = raw.captures && typeof raw.captures === 'object' && !Array.isArray(raw.captures) ? (raw.captures as Record<string, unknown>) : {};
  if (raw.captures !== undefined && capturesRaw !== raw.captures) dropped.push('capture records (not a mapping)');
  let badCaptures = 0;
  for (const [sha, record] of Object.entries(capturesRaw)) {
    if (capture(record)) captures[sha] = record;
    else badCaptures++;
  }
  if (badCaptures > 0) dropped.push(`${badCaptures} capture record(s)`);
  const last = raw.lastCapture === null || raw.lastCapture === undefined || outcome(raw.lastCapture) ? (raw.lastCapture ?? null) : null;
  if (last === null && raw.lastCapture) dropped.push('the last capture outcome');
  return {
    version: raw.version,
    files: fits ? (files as Record<string, unknown>) : {},
    sessions: fits ? (sessions as Record<string, Record<string, unknown>>) : {},
    lastCapture: last,
    captures,
    dropped,
  };
}

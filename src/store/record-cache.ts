/**
 * The record cache: per session, what its record is rendered from, so that the record of a
 * growing session is refreshed from its new events only. `<store dir>/records/<sha1(id)[0..24]>.json`,
 * the head, holds the folded, redacted summary (`src/summary/fold.ts`) without its finished
 * items; those are kept rendered in append-only journals beside it (`record-journal.ts`), so a
 * commit reads the head (bounded by the session's files and open turn, not its length),
 * renders and redacts only the new events' items, copies the journals into the record and
 * appends the new items to them. Like the rest of the store it is a cache: a head that is
 * missing, unreadable, made under other redaction settings or prompt mode, out of step with
 * the session's events, or whose journals are shorter than it says, is rebuilt from all the events.
 */
import { STORE_ENTRIES } from './paths.js';
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PromptMode } from '../config.js';
import { eventsBase } from './events.js';
import { writeFileAtomic } from './files.js';
import type { Store, StoredSession } from './index.js';
import { emptyFold, foldEvents, type FoldContext, type SummaryFold } from '../summary/fold.js';
import {
  appendJournal,
  JOURNAL_FILES,
  JOURNALS,
  journalPath,
  readAskedTexts,
  readJournalChunks,
  readJournalsUsable,
  type JournalAppend,
  type JournalFile,
  type JournalName,
  type PerJournal,
  type RecordPiece,
} from './record-journal.js';

/**
 * What the record cache needs of a capture (a `CaptureContext` is one): the open store, the
 * prompt mode and the redaction a record is made under (`key`: see `Redactor.key`).
 */
export interface RecordCacheContext {
  store: Store;
  settings: { prompts: PromptMode };
  redactor: { text(text: string): string; key?: string };
}

/**
 * Version of the cache's content. Bump it when `summarize`, the fold, the record's rendering
 * or the built-in redaction rules change what a record says: every cache is then rebuilt once.
 */
const CACHE_VERSION = 2;

/** Largest head read (bytes); a bigger one is rebuilt from the events. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * A session's record cache in memory: its fold, whose lists (`prompts`, `decisions`,
 * `rejected`) hold only the items folded since the journals were written; how many items
 * (`kept`) and bytes (`bytes`) the journals hold; the texts of older prompts a note asked
 * for (`asked`, from the `asked` journal); `fresh` when the journals start over (rebuilt).
 */
export interface RecordState {
  fold: SummaryFold;
  kept: PerJournal;
  bytes: Record<JournalFile, number>;
  asked: Map<string, string>;
  fresh: boolean;
}

/** The record caches of the sessions a capture writes records for, by session id. */
export type RecordFolds = Map<string, RecordState>;

/** The head file as written: the fold with empty lists, and what its journals hold. */
interface CacheHead {
  key: string;
  fold: SummaryFold;
  kept: PerJournal;
  bytes: Record<JournalFile, number>;
}

/**
 * What rendering records cost in this process (a test and bench counter): `rendered`, bytes
 * of markdown rendered; `redacted`, characters handed to the redactor by the fold; `copied`,
 * bytes copied from journals into records.
 */
const work = { rendered: 0, redacted: 0, copied: 0 };

/** What rendering records has cost in this process so far (see `work`). */
export function readRecordWork(): Readonly<typeof work> {
  return { ...work };
}

/** Count `bytes` of markdown rendered for a record. */
export function countRendered(bytes: number): void {
  work.rendered += bytes;
}

/** Absolute path of the record cache head of session `id` under the store directory `dir`. */
export function recordCachePath(dir: string, id: string): string {
  return join(dir, STORE_ENTRIES.records, `${createHash('sha1').update(id).digest('hex').slice(0, 24)}.json`);
}

/** The key a cache must carry to be used under `ctx`'s settings, or null when the redactor cannot say (then nothing is cached). */
function cacheKey(ctx: RecordCacheContext): string | null {
  if (ctx.redactor.key === undefined) return null;
  return JSON.stringify([CACHE_VERSION, ctx.redactor.key, ctx.settings.prompts]);
}

/** Most texts whose redaction a fold context keeps, and the longest kept (characters). */
const REDACTED_KEPT = 4096;
const REDACTED_KEPT_CHARS = 4096;

/**
 * The fold context of `ctx`; what it redacts is counted (`readRecordWork`). Redaction is
 * pure, so each distinct short text (a prompt asked again, a path, a tool or refusal kind)
 * is handed to the redactor once per context (at most `REDACTED_KEPT` are kept).
 */
export function foldContext(ctx: RecordCacheContext, relative: (p: string) => string | null): FoldContext {
  const redacted = new Map<string, string>();
  return {
    relative,
    mode: ctx.settings.prompts,
    redact: (text) => {
      const known = redacted.get(text);
      if (known !== undefined) return known;
      work.redacted += text.length;
      const out = ctx.redactor.text(text);
      if (text.length <= REDACTED_KEPT_CHARS) {
        if (redacted.size >= REDACTED_KEPT) redacted.clear();
        redacted.set(text, out);
      }
      return out;
    },
  };
}

const counts = (value: unknown, names: readonly string[]): boolean =>
  typeof value === 'object' && value !== null && names.every((n) => Number.isSafeInteger((value as Record<string, unknown>)[n]) && ((value as Record<string, number>)[n] ?? -1) >= 0);

/**
 * Read the cache head of session `id` made under `key`, with its journals holding what it
 * vouches for; null when missing, unreadable, made under another key, not a head, or a
 * journal is short. Never throws.
 */
export async function readRecordCache(dir: string, id: string, key: string): Promise<RecordState | null> {
  try {
    const path = recordCachePath(dir, id);
    const raw = await readFile(path);
    if (raw.length > MAX_CACHE_BYTES) return null;
    const parsed = JSON.parse(raw.toString('utf8')) as Partial<CacheHead>;
    const fold = parsed.fold as Partial<SummaryFold> | undefined;
    if (parsed.key !== key || !fold || !Number.isInteger(fold.folded) || !Array.isArray(fold.prompts) || !Array.isArray(fold.decisions)) return null;
    if (!Array.isArray(fold.rejected) || !Array.isArray(fold.openRejected) || !fold.edits || typeof fold.files !== 'object' || fold.files === null) return null;
    if (!counts(parsed.kept, JOURNALS) || !counts(parsed.bytes, JOURNAL_FILES)) return null;
    if (!(await readJournalsUsable(path, parsed.bytes!))) return null;
    return { fold: fold as SummaryFold, kept: parsed.kept!, bytes: parsed.bytes!, asked: new Map(), fresh: false };
  } catch {
    return null;
  }
}

/** A cache that starts over: no event folded, empty journals. */
function freshState(): RecordState {
  return { fold: emptyFold(), kept: { prompts: 0, decisions: 0, rejected: 0 }, bytes: { prompts: 0, decisions: 0, rejected: 0, asked: 0 }, asked: new Map(), fresh: true };
}

/**
 * Write the cache of session `id` under `key` after a capture: append `increment`'s new
 * items (and the texts of the fold's new prompts) to the journals, then write the head
 * atomically, vouching for them; the fold's lists are emptied (their items are in the
 * journals now). A fresh cache first removes the old head and journals, so that no head
 * ever vouches for journals it did not write. Throws on a read-only or full disk.
 */
export async function writeRecordCache(dir: string, id: string, key: string, state: RecordState, increment: JournalAppend): Promise<void> {
  const path = recordCachePath(dir, id);
  if (state.fresh) for (const file of [path, ...JOURNAL_FILES.map((name) => journalPath(path, name))]) await rm(file, { force: true }); // A journal that is not a file (a link, a FIFO) goes too.
  const asked = state.fold.prompts.map((p) => `${JSON.stringify({ id: p.id, raw: p.raw })}\n`).join('');
  const bytes = { ...state.bytes };
  for (const name of JOURNAL_FILES) {
    const text = name === 'asked' ? asked : increment.appended[name];
    if (text !== '' || state.fresh) bytes[name] = await appendJournal(path, name, state.bytes[name], text);
  }
  const kept = { ...state.kept };
  for (const name of JOURNALS) kept[name] += increment.added[name];
  const fold: SummaryFold = { ...state.fold, prompts: [], decisions: [], rejected: [] };
  await writeFileAtomic(path, JSON.stringify({ key, fold, kept, bytes } satisfies CacheHead));
  Object.assign(state, { fold, kept, bytes, fresh: false });
}

/**
 * The bytes of a record rendered as `pieces` (`src/record/parts.ts`), the journals of
 * session `id` read as its cache `state` vouches for them (before this capture's appends),
 * one chunk at a time: so writing a long session's record holds only a chunk of its old
 * part in memory. Throws when a journal became unreadable since `readRecordCache`.
 */
export async function* readRecordBytes(dir: string, id: string, state: RecordState, pieces: RecordPiece[]): AsyncGenerator<string | Buffer> {
  const head = recordCachePath(dir, id);
  for (const piece of pieces) {
    if (typeof piece === 'string') yield piece;
    else
      for await (const chunk of readJournalChunks(head, piece.journal, state.bytes[piece.journal])) {
        work.copied += chunk.length;
        yield chunk;
      }
  }
}

/** The byte length of the record `pieces` make under `state` (see `readRecordBytes`). Pure. */
export function recordByteLength(state: RecordState, pieces: RecordPiece[]): number {
  return pieces.reduce((n, p) => n + (typeof p === 'string' ? Buffer.byteLength(p) : state.bytes[p.journal as JournalName]), 0);
}

/**
 * Get the sessions `ids` ready for a note and their records without reading more of their
 * stored events than needed: each is opened in tail mode (`Store.loadTail`) and its cached
 * fold brought up to date with the events in memory. A session is loaded whole only when
 * its cache cannot be used, or when the capture window its note covers (from
 * `attributedUpTo`) starts before the events in memory. `also` are more sessions (those that read new events)
 * whose cache is brought up to date when that needs no load. `owners` are the owners of a
 * commit's lines: the texts of their prompts that are neither among the events in memory nor
 * the last one are looked up in the `asked` journals (`promptTextOfFolds`). Returns the
 * caches (null when the redactor has no key: the caller then works from whole sessions, loaded here).
 */
export async function prepareRecords(
  ctx: RecordCacheContext,
  ids: string[],
  also: string[],
  relative: (p: string) => string | null,
  owners: Iterable<{ session: string | null; prompt: string | null }> = [],
): Promise<RecordFolds | null> {
  const key = cacheKey(ctx);
  if (key === null) {
    await ctx.store.loadEvents(ids);
    return null;
  }
  const sessions = ctx.store.data.sessions;
  const listed = new Set(ids.filter((id) => sessions[id]));
  const all = [...new Set([...listed, ...also.filter((id) => sessions[id])])];
  await ctx.store.loadTail(all);
  const cached = await Promise.all(all.map((id) => readRecordCache(ctx.store.dir, id, key)));
  const folds: RecordFolds = new Map();
  const whole: string[] = [];
  all.forEach((id, i) => {
    const session = sessions[id]!;
    const state = cached[i] ?? null;
    const usable = state !== null && inStep(state.fold, session);
    if (usable) folds.set(id, state);
    if (listed.has(id) && (!usable || session.attributedUpTo < eventsBase(session))) whole.push(id);
  });
  await ctx.store.loadEvents(whole);
  const fc = foldContext(ctx, relative);
  for (const id of all) {
    const session = sessions[id]!;
    let state = folds.get(id);
    if (!state || !inStep(state.fold, session)) {
      if (!listed.has(id)) continue;
      state = freshState();
      folds.set(id, state);
    }
    foldEvents(state.fold, session.events.slice(state.fold.folded - eventsBase(session)), fc);
  }
  await lookUpAsked(ctx, folds, owners);
  return folds;
}

/** Fill `asked` of each cache with the texts of the owners' prompts it holds only in its journal. */
async function lookUpAsked(ctx: RecordCacheContext, folds: RecordFolds, owners: Iterable<{ session: string | null; prompt: string | null }>): Promise<void> {
  const asked = new Map<string, Set<string>>();
  for (const { session, prompt } of owners) {
    if (session === null || prompt === null || !folds.has(session)) continue;
    if (!asked.has(session)) asked.set(session, new Set());
    asked.get(session)!.add(prompt);
  }
  await Promise.all(
    [...asked].map(async ([id, prompts]) => {
      const state = folds.get(id)!;
      const known = new Set([...state.fold.prompts.map((p) => p.id), ...(ctx.store.data.sessions[id]?.events ?? []).map((e) => e.id), state.fold.lastPrompt?.id]);
      const wanted = new Set([...prompts].filter((p) => !known.has(p)));
      if (wanted.size > 0 && state.bytes.asked > 0) state.asked = await readAskedTexts(recordCachePath(ctx.store.dir, id), state.bytes.asked, wanted);
    }),
  );
}

/** Whether `fold` stops inside the events of `session` in memory (so folding the rest brings it up to date). */
function inStep(fold: SummaryFold, session: StoredSession): boolean {
  const base = eventsBase(session);
  return fold.folded >= base && fold.folded <= base + session.events.length;
}

/**
 * Write the caches of `folds` (all brought up to date by `prepareRecords`), each with the
 * new items `incrementOf` renders for it. Throws on a read-only or full disk.
 */
export async function writeRecordCaches(ctx: RecordCacheContext, folds: RecordFolds, incrementOf: (id: string, state: RecordState) => JournalAppend): Promise<void> {
  const key = cacheKey(ctx);
  if (key === null) return;
  for (const [id, state] of folds) await writeRecordCache(ctx.store.dir, id, key, state, incrementOf(id, state));
}

/** A prompt's text as logged, by session id and prompt event id, from the caches (null when unknown). */
export function promptTextOfFolds(folds: RecordFolds | null): (session: string, id: string) => string | null {
  const byId = new Map<string, Map<string, string>>();
  return (session, id) => {
    const state = folds?.get(session);
    if (!state) return null;
    let index = byId.get(session);
    if (!index) {
      index = new Map(state.asked);
      if (state.fold.lastPrompt) index.set(state.fold.lastPrompt.id, state.fold.lastPrompt.text);
      for (const p of state.fold.prompts) index.set(p.id, p.raw);
      byId.set(session, index);
    }
    return index.get(id) ?? null;
  };
}

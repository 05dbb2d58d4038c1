/**
 * The record cache: per session, the folded, redacted summary of its record
 * (`src/summary/fold.ts`) in `<store dir>/records/<sha1(id)[0..24]>.json`, so the record of a
 * growing session is refreshed from its new events only. Like the rest of the store it is
 * a cache: a file that is missing, unreadable, made under other redaction settings or
 * prompt mode, or out of step with the session's events is rebuilt from all the events.
 */
import { STORE_ENTRIES } from './paths.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PromptMode } from '../config.js';
import { eventsBase } from './events.js';
import { writeFileAtomic } from './files.js';
import type { Store, StoredSession } from './index.js';
import { emptyFold, foldEvents, type FoldContext, type SummaryFold } from '../summary/fold.js';

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
 * Version of the cache's content. Bump it when `summarize`, the fold or the built-in
 * redaction rules change what a record says: every cache is then rebuilt once.
 */
const CACHE_VERSION = 1;

/** Largest cache file read (bytes); a bigger one is rebuilt from the events. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** The folded summaries of the sessions a capture writes records for, by session id. */
export type RecordFolds = Map<string, SummaryFold>;

/** Absolute path of the record cache of session `id` under the store directory `dir`. */
export function recordCachePath(dir: string, id: string): string {
  return join(dir, STORE_ENTRIES.records, `${createHash('sha1').update(id).digest('hex').slice(0, 24)}.json`);
}

/** The key a cache must carry to be used under `ctx`'s settings, or null when the redactor cannot say (then nothing is cached). */
function cacheKey(ctx: RecordCacheContext): string | null {
  if (ctx.redactor.key === undefined) return null;
  return JSON.stringify([CACHE_VERSION, ctx.redactor.key, ctx.settings.prompts]);
}

/** The fold context of `ctx`. */
export function foldContext(ctx: RecordCacheContext, relative: (p: string) => string | null): FoldContext {
  return { relative, mode: ctx.settings.prompts, redact: ctx.redactor.text };
}

/** Read the cached fold of session `id` made under `key`, or null (missing, unreadable, another key, not a fold). Never throws. */
export async function readRecordCache(dir: string, id: string, key: string): Promise<SummaryFold | null> {
  try {
    const raw = await readFile(recordCachePath(dir, id));
    if (raw.length > MAX_CACHE_BYTES) return null;
    const parsed = JSON.parse(raw.toString('utf8')) as { key?: unknown; fold?: Partial<SummaryFold> };
    const fold = parsed.fold;
    if (parsed.key !== key || !fold || !Number.isInteger(fold.folded) || !Array.isArray(fold.prompts) || !Array.isArray(fold.decisions)) return null;
    if (!Array.isArray(fold.rejected) || !Array.isArray(fold.openRejected) || !fold.edits || typeof fold.files !== 'object' || fold.files === null) return null;
    return fold as SummaryFold;
  } catch {
    return null;
  }
}

/** Write the fold of session `id` under `key`, atomically. Throws on a read-only or full disk. */
export async function writeRecordCache(dir: string, id: string, key: string, fold: SummaryFold): Promise<void> {
  await writeFileAtomic(recordCachePath(dir, id), JSON.stringify({ key, fold }));
}

/**
 * Get the sessions `ids` ready for a note and their records without reading more of their
 * stored events than needed: each is opened in tail mode (`Store.loadTail`) and its cached
 * fold brought up to date with the events in memory. A session is loaded whole only when
 * its cache cannot be used, or when the capture window its note covers (from
 * `attributedUpTo`) starts before the events in memory. `also` are more sessions (those that read new events)
 * whose cache is brought up to date when that needs no load. Returns the folds (null when
 * the redactor has no key: the caller then works from whole sessions, loaded here).
 */
export async function prepareRecords(ctx: RecordCacheContext, ids: string[], also: string[], relative: (p: string) => string | null): Promise<RecordFolds | null> {
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
    const fold = cached[i] ?? null;
    const usable = fold !== null && inStep(fold, session);
    if (usable) folds.set(id, fold);
    if (listed.has(id) && (!usable || session.attributedUpTo < eventsBase(session))) whole.push(id);
  });
  await ctx.store.loadEvents(whole);
  const fc = foldContext(ctx, relative);
  for (const id of all) {
    const session = sessions[id]!;
    let fold = folds.get(id);
    if (!fold || !inStep(fold, session)) {
      if (!listed.has(id)) continue;
      fold = emptyFold();
      folds.set(id, fold);
    }
    foldEvents(fold, session.events.slice(fold.folded - eventsBase(session)), fc);
  }
  return folds;
}

/** Whether `fold` stops inside the events of `session` in memory (so folding the rest brings it up to date). */
function inStep(fold: SummaryFold, session: StoredSession): boolean {
  const base = eventsBase(session);
  return fold.folded >= base && fold.folded <= base + session.events.length;
}

/** Write the folds of `folds` (all brought up to date by `prepareRecords`). Throws on a read-only or full disk. */
export async function writeRecordCaches(ctx: RecordCacheContext, folds: RecordFolds): Promise<void> {
  const key = cacheKey(ctx);
  if (key === null) return;
  for (const [id, fold] of folds) await writeRecordCache(ctx.store.dir, id, key, fold);
}

/** A prompt's text as logged, by session id and prompt event id, from the folds (null when unknown). */
export function promptTextOfFolds(folds: RecordFolds | null): (session: string, id: string) => string | null {
  const byId = new Map<string, Map<string, string>>();
  return (session, id) => {
    const fold = folds?.get(session);
    if (!fold) return null;
    let index = byId.get(session);
    if (!index) byId.set(session, (index = new Map(fold.prompts.map((p) => [p.id, p.raw]))));
    return index.get(id) ?? null;
  };
}

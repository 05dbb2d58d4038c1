/**
 * Building the note of one commit from its attribution and the sessions' capture windows
 * (their events since their last note; pure: `src/notes/` renders and writes it).
 */
import { formatRanges, type CommitAttribution, type LineOwner } from '../attribution/index.js';
import type { PromptMode } from '../config.js';
import type { FileAdditions } from '../git/diff.js';
import type { Note, NoteFile, NoteSession } from '../notes/index.js';
import { askedText } from '../notes/asked.js';
import { renderBody } from '../notes/body-render.js';
import { ALL_HUMAN_BODY, buildNoteBody, type NoteBodySession } from '../notes/body-tree.js';
import { recordPath, shortId } from '../record/index.js';
import { buildSummarySections } from '../render/summary.js';
import type { StoreData } from '../store/index.js';
import { eventsBase } from '../store/events.js';
import { summarize } from '../summary/summarize.js';
import { CARRIED_PROMPT, mergeSessionEntries, type Carried } from './carry.js';
import { keyedRecord } from '../records.js';

/** A note ready to redact and render, and what it drew on. */
export interface BuiltNote {
  note: Note;
  /** Session ids in the note, sorted. */
  sessions: string[];
  /** Per session in the note: the index of the first event of its capture window (to rewind a re-capture). */
  windows: Record<string, number>;
}

/**
 * Build the note: the sessions with lines in the commit or with edits in their capture window on one
 * of its files; per file the line ranges of each owner; a body section per session.
 * `carried` (history rewrites): the original commits' sessions are all listed, merged with
 * the capture window of the same session, and their bodies follow the new sections.
 */
export function buildNote(
  data: Pick<StoreData, 'sessions'>,
  attribution: CommitAttribution,
  additions: FileAdditions[],
  relative: (path: string) => string | null,
  mode: PromptMode,
  carried?: Pick<Carried, 'sessions' | 'bodies'>,
  knownPrompt?: (session: string, id: string) => string | null,
): BuiltNote {
  const files = keyedRecord<NoteFile>();
  const contributing = new Set<string>();
  const asked = new PromptIndex(mode === 'none' ? () => null : promptTextIn(data, knownPrompt));
  for (const file of attribution.files) {
    files[file.path] = rangesOf(file.lines, contributing, asked);
  }
  const touched = new Set(additions.flatMap((a) => [a.path, ...(a.from ? [a.from] : [])]));
  for (const [id, s] of Object.entries(data.sessions)) {
    const window = s.events.slice(Math.max(0, s.attributedUpTo - eventsBase(s)));
    if (window.some((e) => e.kind === 'edit' && touched.has(relative(e.movedTo ?? e.path) ?? ''))) contributing.add(id);
  }
  const ids = [...contributing].filter((id) => data.sessions[id]).sort();
  const entries: NoteSession[] = [...(carried?.sessions ?? [])];
  const sections: NoteBodySession[] = [];
  const windows: Record<string, number> = {};
  for (const id of ids) {
    const s = data.sessions[id]!;
    windows[id] = s.attributedUpTo;
    const summary = summarize(s.events.slice(Math.max(0, s.attributedUpTo - eventsBase(s))), relative, mode);
    const info = s.info;
    entries.push({ id, agent: info.agent, model: info.model, branch: info.branch, prompts: summary.prompts.length, edits: summary.edits, record: recordPath(info) });
    sections.push({ agent: info.agent, id8: shortId(info.nativeId), model: info.model, blocks: buildSummarySections(summary, mode, 3) });
  }
  const sessions = mergeSessionEntries(entries)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((entry) => {
      const texts = asked.texts(entry.id);
      return texts.length > 0 ? { ...entry, asked: texts } : entry;
    });
  const parts = [...(sections.length > 0 ? [renderBody(buildNoteBody(sections), 2)] : []), ...(carried?.bodies ?? [])];
  const body = parts.length > 0 ? parts.join('\n') : `${ALL_HUMAN_BODY}\n`;
  return { note: { drift: 1, sessions, files, body }, sessions: ids, windows };
}

/** The text of a prompt event of a stored session, by its id (from its events in memory, else from `known`). */
function promptTextIn(data: Pick<StoreData, 'sessions'>, known?: (session: string, id: string) => string | null): (session: string, key: string) => string | null {
  const cache = new Map<string, Map<string, string>>();
  return (session, key) => {
    if (key.startsWith(CARRIED_PROMPT)) return key.slice(CARRIED_PROMPT.length);
    let byId = cache.get(session);
    if (!byId) {
      byId = new Map();
      for (const e of data.sessions[session]?.events ?? []) if (e.kind === 'prompt') byId.set(e.id, e.text);
      cache.set(session, byId);
    }
    return byId.get(key) ?? known?.(session, key) ?? null;
  };
}

/**
 * The prompts behind a note's lines: per session, the distinct prompt texts in order of
 * first use, and the `"<session>#<k>"` key of each. Prompts whose text is unknown get no key.
 */
export class PromptIndex {
  private readonly bySession = new Map<string, Map<string, number>>();
  private readonly textsOf = new Map<string, string[]>();

  /** `resolve(session, key)` gives a prompt's text from a line owner's opaque prompt key, or null. */
  constructor(private readonly resolve: (session: string, key: string) => string | null) {}

  /** The note key (`<session>#<k>`) for a line owner's prompt, or null when its text is unknown. */
  keyFor(session: string, key: string | null): string | null {
    if (!key) return null;
    let index = this.bySession.get(session);
    if (!index) this.bySession.set(session, (index = new Map()));
    let k = index.get(key);
    if (k === undefined) {
      const text = this.resolve(session, key);
      if (text === null) return null;
      const texts = this.textsOf.get(session) ?? [];
      this.textsOf.set(session, texts);
      k = texts.push(askedText(text)) - 1;
      index.set(key, k);
    }
    return `${session}#${k}`;
  }

  /** The session's `asked` list, in index order. */
  texts(session: string): string[] {
    return this.textsOf.get(session) ?? [];
  }
}

/** One file's note entry from its line owners; adds the sessions owning lines to `contributing`. */
export function rangesOf(lines: Map<number, LineOwner>, contributing: Set<string>, asked: PromptIndex): NoteFile {
  const by: Record<'ai' | 'ai-modified', Record<string, number[]>> = { ai: {}, 'ai-modified': {} };
  const byPrompt: Record<string, number[]> = {};
  const human: number[] = [];
  for (const [line, owner] of lines) {
    if (owner.state === 'human' || !owner.session) {
      human.push(line);
      continue;
    }
    contributing.add(owner.session);
    (by[owner.state][owner.session] ??= []).push(line);
    const key = asked.keyFor(owner.session, owner.prompt);
    if (key) (byPrompt[key] ??= []).push(line);
  }
  const file: NoteFile = {};
  for (const state of ['ai', 'ai-modified'] as const) {
    const sessions = Object.keys(by[state]).sort();
    if (sessions.length > 0) file[state] = Object.fromEntries(sessions.map((s) => [s, formatRanges(by[state][s]!)]));
  }
  if (human.length > 0) file.human = formatRanges(human);
  const keys = Object.keys(byPrompt).sort();
  if (keys.length > 0) file.prompt = Object.fromEntries(keys.map((k) => [k, formatRanges(byPrompt[k]!)]));
  return file;
}

/**
 * Pending agent lines on disk: one JSON file per repo-relative path under
 * `<store dir>/pending/`, loaded only for the paths a capture needs (the commit's files and
 * the files new edits touched), so a commit costs O(its files), not O(every line any agent
 * ever left uncommitted).
 *
 * A file is written in version 2 (`renderPendingFile`): each distinct text and each
 * distinct set of the other fields (an edit's) stored once, the lines as pairs of indexes.
 * A long session that rewrites the same files keeps 20,000 pending lines per file made of
 * a few hundred texts and edits: version 1, one object per line (`{path, lines}`, still
 * read), took 28 MiB for a 200 MiB session where version 2 takes 1.3 MB.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PendingLine } from './index.js';
import { writeFileAtomic } from './files.js';
import { STORE_ENTRIES } from './paths.js';
import { isPendingFile, isPendingFileV2 } from './schema.js';
import { keyedRecord, ownValue } from '../records.js';

/** The pending lines of some paths, loaded on demand and written back on `flush`. */
export class PendingFiles {
  private readonly loaded = new Map<string, PendingLine[]>();
  private readonly dirty = new Set<string>();

  /** `dir` is the store directory (`<git-common-dir>/drift`); `log` gets one line per pending file that does not fit. */
  constructor(
    private readonly dir: string,
    private readonly log: (message: string) => Promise<void> | void = () => undefined,
  ) {}

  private file(path: string): string {
    return join(this.dir, STORE_ENTRIES.pending, `${createHash('sha1').update(path).digest('hex').slice(0, 20)}.json`);
  }

  /**
   * Load the pending lines of `paths` (missing or unreadable files count as none; a file
   * that does not fit `isPendingFile` counts as none, with one logged line) and
   * return them as a record keyed by path. The arrays are the live ones: change them in
   * place or replace them with `set`.
   */
  async load(paths: Iterable<string>): Promise<Record<string, PendingLine[]>> {
    const out = keyedRecord<PendingLine[]>();
    for (const path of new Set(paths)) {
      if (!this.loaded.has(path)) {
        let lines: PendingLine[] = [];
        let text: string | null = null;
        try {
          text = await readFile(this.file(path), 'utf8');
        } catch {
          // None yet.
        }
        if (text !== null) {
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Checked below.
          }
          const read = parsePendingFile(parsed, path);
          if (read) lines = read;
          else await this.log(`pending/${this.file(path).split('/').pop()} does not fit (${path}): its lines count as none`);
        }
        this.loaded.set(path, lines);
      }
      out[path] = this.loaded.get(path)!;
    }
    return out;
  }

  /** Replace the pending lines of every path in `record` that was loaded (absent keys of loaded paths mean none). */
  update(record: Record<string, PendingLine[]>, paths: Iterable<string>): void {
    for (const path of paths) {
      this.loaded.set(path, ownValue(record, path) ?? []);
      this.dirty.add(path);
    }
  }

  /**
   * Write the changed paths, each file atomically (`writeFileAtomic`); a path written is no
   * longer dirty, so a flush that failed half way writes the rest next time. Throws on
   * I/O failure.
   */
  async flush(): Promise<void> {
    for (const path of [...this.dirty]) {
      const lines = this.loaded.get(path) ?? [];
      if (lines.length === 0) await rm(this.file(path), { force: true });
      else await writeFileAtomic(this.file(path), renderPendingFile(path, lines));
      this.dirty.delete(path);
    }
  }
}

/** What the lines of one edit share in a version 2 pending file: a pending line but its text. */
type PendingEdit = Omit<PendingLine, 'text'>;

/**
 * The version 2 pending file of `path` holding `lines` (oldest first), as JSON text:
 * `{"version":2,"path":…,"edits":[…],"texts":[…],"lines":[e0,t0,e1,t1,…]}`, where line i is
 * `{text: texts[t_i], ...edits[e_i]}`. An edit holds the fields of `PendingLine` but its
 * text, in its order (`session`, `edit`, `at`, then `prompt`, `state`, `reemitted` when
 * set); other fields are not kept. Pure.
 */
export function renderPendingFile(path: string, lines: PendingLine[]): string {
  const edits: PendingEdit[] = [];
  const texts: string[] = [];
  const editAt = new Map<string, number>();
  const textAt = new Map<string, number>();
  const refs: number[] = [];
  let last: PendingLine | undefined;
  let e = 0;
  for (const line of lines) {
    // The lines of one edit come one after the other: most lines reuse the edit before.
    if (!last || !sameEdit(line, last)) {
      // JSON, not a joined string: session and edit ids come from agents' logs and may hold any character.
      const key = JSON.stringify([line.session, line.edit, line.at ?? null, line.prompt ?? null, line.state ?? null, line.reemitted === true]);
      const known = editAt.get(key);
      if (known === undefined) editAt.set(key, (e = edits.push(editOf(line)) - 1));
      else e = known;
      last = line;
    }
    let t = textAt.get(line.text);
    if (t === undefined) textAt.set(line.text, (t = texts.push(line.text) - 1));
    refs.push(e, t);
  }
  return JSON.stringify({ version: 2, path, edits, texts, lines: refs });
}

/** Whether two pending lines have the same fields but their text. Pure. */
function sameEdit(a: PendingLine, b: PendingLine): boolean {
  return a.edit === b.edit && a.session === b.session && a.at === b.at && a.prompt === b.prompt && a.state === b.state && (a.reemitted === true) === (b.reemitted === true);
}

/** The fields of `line` but its text, in the order a pending line has them. Pure. */
function editOf(line: PendingLine): PendingEdit {
  const edit: PendingEdit = { session: line.session, edit: line.edit, at: line.at };
  if (line.prompt !== undefined) edit.prompt = line.prompt;
  if (line.state !== undefined) edit.state = line.state;
  if (line.reemitted) edit.reemitted = true;
  return edit;
}

/**
 * The pending lines of `path` in a parsed pending file of version 1 or 2 (see
 * `renderPendingFile`), or null when it does not fit (`src/store/schema.ts`) or is another
 * path's. Lines of version 2 share their text strings. Pure.
 */
export function parsePendingFile(data: unknown, path: string): PendingLine[] | null {
  if (isPendingFile(data)) return (data as { path: string }).path === path ? (data as { lines: PendingLine[] }).lines : null;
  if (!isPendingFileV2(data)) return null;
  const file = data as { path: string; edits: PendingEdit[]; texts: string[]; lines: number[] };
  if (file.path !== path) return null;
  const lines: PendingLine[] = [];
  for (let i = 0; i < file.lines.length; i += 2) lines.push({ text: file.texts[file.lines[i + 1]!]!, ...file.edits[file.lines[i]!]! });
  return lines;
}

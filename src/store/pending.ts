/**
 * Pending agent lines on disk: one JSON file per repo-relative path under
 * `<store dir>/pending/`, loaded only for the paths a capture needs (the commit's files and
 * the files new edits touched), so a commit costs O(its files), not O(every line any agent
 * ever left uncommitted).
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PendingLine } from './index.js';
import { writeFileAtomic } from './files.js';
import { STORE_ENTRIES } from './paths.js';
import { isPendingFile } from './schema.js';

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
    const out: Record<string, PendingLine[]> = {};
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
          if (isPendingFile(parsed) && (parsed as { path: string }).path === path) lines = (parsed as { lines: PendingLine[] }).lines;
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
      this.loaded.set(path, record[path] ?? []);
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
      else await writeFileAtomic(this.file(path), JSON.stringify({ path, lines }));
      this.dirty.delete(path);
    }
  }
}

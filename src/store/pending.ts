/**
 * Pending agent lines on disk: one JSON file per repo-relative path under
 * `<store dir>/pending/`, loaded only for the paths a capture needs (the commit's files and
 * the files new edits touched), so a commit costs O(its files), not O(every line any agent
 * ever left uncommitted).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PendingLine } from './index.js';

/** The pending lines of some paths, loaded on demand and written back on `flush`. */
export class PendingFiles {
  private readonly loaded = new Map<string, PendingLine[]>();
  private readonly dirty = new Set<string>();

  /** `dir` is the store directory (`<git-common-dir>/drift`). */
  constructor(private readonly dir: string) {}

  private file(path: string): string {
    return join(this.dir, 'pending', `${createHash('sha1').update(path).digest('hex').slice(0, 20)}.json`);
  }

  /**
   * Load the pending lines of `paths` (missing or unreadable files count as none) and
   * return them as a record keyed by path. The arrays are the live ones: change them in
   * place or replace them with `set`.
   */
  async load(paths: Iterable<string>): Promise<Record<string, PendingLine[]>> {
    const out: Record<string, PendingLine[]> = {};
    for (const path of new Set(paths)) {
      if (!this.loaded.has(path)) {
        let lines: PendingLine[] = [];
        try {
          const data = JSON.parse(await readFile(this.file(path), 'utf8')) as { path: string; lines: PendingLine[] };
          if (data.path === path && Array.isArray(data.lines)) lines = data.lines;
        } catch {
          // None yet.
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

  /** Write the changed paths. Throws on I/O failure. */
  async flush(): Promise<void> {
    if (this.dirty.size === 0) return;
    await mkdir(join(this.dir, 'pending'), { recursive: true });
    for (const path of this.dirty) {
      const lines = this.loaded.get(path) ?? [];
      if (lines.length === 0) await rm(this.file(path), { force: true });
      else await writeFile(this.file(path), JSON.stringify({ path, lines }));
    }
    this.dirty.clear();
  }
}

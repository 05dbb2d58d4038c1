/**
 * Captures that did not finish: a hook that ran out of its time budget (src/hooks/budget.ts)
 * leaves a marker `<git-common-dir>/drift/partial/<sha>` (JSON `{commit, at, reason}`), so
 * that the attribution it could not complete is never dropped silently: `git drift capture`
 * captures the marked commits again and removes their markers. One file per commit, so
 * concurrent hooks in linked worktrees never write the same file.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { storePath } from './paths.js';
import { writeFileAtomic, writeFileAtomicSync } from './files.js';
import { readRegularText } from '../fs/read.js';

/** One commit whose capture is partial. */
export interface PartialCapture {
  /** Full sha of the commit. */
  commit: string;
  /** When the marker was written (ISO 8601). */
  at: string;
  /** What was left undone, in a few words. */
  reason: string;
}

const SHA = /^[0-9a-f]{40,64}$/;

function dir(commonDir: string): string {
  return storePath(commonDir, 'partial');
}

function text(commit: string, reason: string): string {
  return `${JSON.stringify({ commit, at: new Date().toISOString(), reason })}\n`;
}

/** Mark `commit` as partially captured (atomically). Throws file system errors. */
export async function writePartial(commonDir: string, commit: string, reason: string): Promise<void> {
  await writeFileAtomic(join(dir(commonDir), commit), text(commit, reason));
}

/** `writePartial` for the moment a hook is made to exit (the event loop may be stuck). */
export function writePartialSync(commonDir: string, commit: string, reason: string): void {
  writeFileAtomicSync(join(dir(commonDir), commit), text(commit, reason));
}

/** Remove the marker of `commit` (a complete capture). Never throws for a missing marker. */
export async function clearPartial(commonDir: string, commit: string): Promise<void> {
  await rm(join(dir(commonDir), commit), { force: true });
}

/** The marked commits, oldest marker first. Unreadable or foreign entries are skipped. */
export async function readPartials(commonDir: string): Promise<PartialCapture[]> {
  const names = await readdir(dir(commonDir)).catch(() => [] as string[]);
  const out: PartialCapture[] = [];
  for (const name of names.filter((n) => SHA.test(n))) {
    const raw = await readRegularText(join(dir(commonDir), name), { maxBytes: 64 * 1024, follow: false }).catch(() => null);
    let parsed: Partial<PartialCapture> = {};
    try {
      parsed = raw ? (JSON.parse(raw) as Partial<PartialCapture>) : {};
    } catch {
      // A torn marker still names its commit.
    }
    out.push({ commit: name, at: typeof parsed.at === 'string' ? parsed.at : '', reason: typeof parsed.reason === 'string' ? parsed.reason : 'capture did not finish' });
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * `git drift log --json`'s output, read and rendered in one: what
 * `JSON.stringify(await readLog(…), null, 2)` prints, byte for byte, but with each note's
 * part of its entries taken from the entry cache (src/log/entry-cache.ts) when a run before
 * rendered it, so that a long log of notes seen before parses no note head, counts no range
 * and renders no entry. The notes not in that cache are read as `readLog` reads them (the
 * note-head cache, then git) and their texts added to it.
 */
import { gitText } from '../git/run.js';
import { listAllNoteBlobs, readNoteHeads } from '../notes/read.js';
import { openNoteHeads } from '../notes/head-cache.js';
import { renderLogEntryTail, renderLogJson } from '../render/log-json.js';
import { readPackageVersion } from '../version.js';
import { headToEntry, readLogCommits } from './index.js';
import { openLogEntries } from './entry-cache.js';

/** The text of an entry whose commit has no note (or whose note blob git no longer has). */
const MISSING = renderLogEntryTail(headToEntry('', '', null));

/**
 * The `log --json` output (without its final newline) of `git log [-n maxCount] <range>` in
 * the work tree `root`, as `readLog` with the same arguments gives the entries (`commonDir`:
 * the git common dir or a promise of it; asked of git when not given). Three git processes
 * at most (the log, the notes list, and the blobs of notes not seen before), started
 * together. Throws `UserError` when git cannot read the range.
 */
export async function readLogJson(root: string, range: string, maxCount?: number, commonDir?: string | Promise<string>): Promise<string> {
  const blobs = listAllNoteBlobs(root);
  const dir = Promise.resolve(commonDir ?? gitText(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: root })).then((d) => d.trim());
  const cache = dir.then((d) => openLogEntries(d, readPackageVersion()));
  for (const p of [blobs, cache]) p.catch(() => undefined); // awaited once the range is read
  const commits = await readLogCommits(root, range, maxCount);
  const [tails, all] = await Promise.all([cache, blobs]);
  const unseen = commits.filter(([commit]) => all.has(commit) && tails.get(all.get(commit)!) === undefined).map(([commit]) => commit);
  if (unseen.length > 0) {
    const heads = await openNoteHeads(await dir);
    const notes = await readNoteHeads(root, unseen, heads, all);
    await heads.write();
    for (const [commit, head] of notes) tails.set(all.get(commit)!, renderLogEntryTail(headToEntry(commit, '', head)));
    await tails.write();
  }
  return renderLogJson(
    commits.map(([commit, subject]) => {
      const blob = all.get(commit);
      return { commit, subject, tail: (blob !== undefined ? tails.get(blob) : undefined) ?? MISSING };
    }),
  );
}

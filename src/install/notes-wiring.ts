/**
 * How the notes are wired into git, read for `git drift status` from the one `git config`
 * call that also reads its settings: `notes.rewriteRef` (notes follow amend and rebase) and
 * each remote's fetch refspecs (does `git fetch` bring its notes). Install and uninstall,
 * which change these keys, read them one call each (`./config.ts`).
 */
import { notesFetchStateOf, type NotesFetchState } from './config.js';
import { parseConfigEntries, remoteOfKey } from '../git/config-entries.js';

/** What `parseNotesWiring` finds. */
export interface NotesWiring {
  /** Every `notes.rewriteRef` value in force (all config scopes), in git's order (`readRewriteRefs`). */
  rewriteRefs: string[];
  /** Per configured remote, in `git remote`'s order (sorted by name), how `git fetch` brings its notes (`notesFetchStateOf`). */
  fetch: NotesFetchState[];
}

/**
 * The keys `parseNotesWiring` reads, as a `git config --get-regexp` alternative (extended
 * regular expression over git's canonical key: section and variable lower-cased):
 * `notes.rewriteRef` and every `remote.<name>.<variable>`.
 */
export const NOTES_WIRING_KEYS = 'notes\\.rewriteref|remote\\..+\\..+';

/**
 * The `NotesWiring` in the output of `git config --null --get-regexp` over (at least)
 * `NOTES_WIRING_KEYS`; other keys are skipped. The remotes are the names of the
 * `remote.<name>.*` sections, sorted bytewise, as `git remote` lists them (a name starting
 * with `/` is not a remote to git; `remote.pushDefault` names none). Entries are
 * `key\nvalue\0`, keys in git's case (section and variable lower-cased, a remote's name as
 * written); a key with no value has no newline: it still names its remote and gives no
 * value, as `git config --get-all` prints it empty. Pure.
 */
export function parseNotesWiring(stdout: string): NotesWiring {
  const rewriteRefs: string[] = [];
  const fetchOf = new Map<string, string[]>(); // remote → its fetch refspecs, in config order
  for (const { key, value } of parseConfigEntries(stdout)) {
    if (key === 'notes.rewriteref') {
      if (value) rewriteRefs.push(value);
      continue;
    }
    const remote = remoteOfKey(key);
    if (remote === null) continue;
    const specs = fetchOf.get(remote) ?? fetchOf.set(remote, []).get(remote)!;
    if (key.endsWith('.fetch') && value) specs.push(value);
  }
  const byName = [...fetchOf].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))); // git remote sorts bytewise
  const fetch = byName.map(([remote, specs]) => notesFetchStateOf(remote, specs));
  return { rewriteRefs, fetch };
}

/**
 * How the notes are wired into git, read for `git drift status` with one git process:
 * `notes.rewriteRef` (notes follow amend and rebase) and each remote's fetch refspecs (does
 * `git fetch` bring its notes). `./config.ts` reads the same keys one call each (`git config
 * --get-all` per key, `git remote`, then one call per remote), which install and uninstall
 * keep using.
 */
import { runGit } from '../git/run.js';
import { legacyNotesFetchRefspec, notesFetchRefspec, type ConfigContext, type NotesFetchState } from './config.js';

/** What `readNotesWiring` finds. */
export interface NotesWiring {
  /** Every `notes.rewriteRef` value in force (all config scopes), in git's order (`readRewriteRefs`). */
  rewriteRefs: string[];
  /** Per configured remote, in `git remote`'s order (sorted by name), how `git fetch` brings its notes (`readNotesFetchStates`). */
  fetch: NotesFetchState[];
}

/**
 * Read `notes.rewriteRef` and every `remote.<name>.*` key with one `git config --null
 * --get-regexp` call (as git resolves them: includes, `-c`, every scope in order). The
 * remotes are the names of the `remote.<name>.*` sections, sorted bytewise, as `git remote`
 * lists them (a name starting with `/` is not a remote to git; `remote.pushDefault` names
 * none). Throws `GitError` when git fails (outside a repository, a malformed config).
 */
export async function readNotesWiring(ctx: ConfigContext): Promise<NotesWiring> {
  const { stdout } = await runGit(['config', '--null', '--get-regexp', '^(notes\\.rewriteref|remote\\..+\\..+)$'], { ...ctx, allowExit: [1] });
  return parseNotesWiring(stdout);
}

/**
 * The `NotesWiring` in the output of `git config --null --get-regexp` (entries `key\nvalue\0`,
 * keys with git's case: section and variable lower-cased, a remote's name as written; a key
 * with no value has no newline: it still names its remote, and gives no value, as `git config
 * --get-all` prints it empty). Pure.
 */
export function parseNotesWiring(stdout: string): NotesWiring {
  const rewriteRefs: string[] = [];
  const fetchOf = new Map<string, string[]>(); // remote → its fetch refspecs, in config order
  for (const entry of stdout.split('\0')) {
    const nl = entry.indexOf('\n');
    const key = nl === -1 ? entry : entry.slice(0, nl);
    const value = nl === -1 ? '' : entry.slice(nl + 1);
    if (key === 'notes.rewriteref') {
      if (value !== '') rewriteRefs.push(value);
      continue;
    }
    const dot = key.lastIndexOf('.');
    const remote = key.slice('remote.'.length, dot);
    if (!key.startsWith('remote.') || !remote || remote.startsWith('/')) continue;
    const specs = fetchOf.get(remote) ?? fetchOf.set(remote, []).get(remote)!;
    if (key.slice(dot + 1) === 'fetch' && value !== '') specs.push(value);
  }
  const byName = [...fetchOf].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))); // git remote sorts bytewise
  const fetch = byName.map(([remote, specs]): NotesFetchState => {
    const state = specs.includes(notesFetchRefspec(remote)) ? 'ok' : specs.includes(legacyNotesFetchRefspec(remote)) ? 'legacy' : 'missing';
    return { remote, state };
  });
  return { rewriteRefs, fetch };
}

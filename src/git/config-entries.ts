/**
 * Reading the output of `git config --null --get-regexp` (git-config(1), `--null`): entries
 * end with NUL, each `key\nvalue`, or the key alone for a key with no value (`[x] flag`).
 * Keys are in git's canonical case: section and variable lower-cased, a subsection (a
 * remote's or branch's name) as written. Pure.
 */

/** One configuration entry: its key, and its value (null for a key with no value). */
export interface ConfigEntry {
  key: string;
  value: string | null;
}

/** The entries of `git config --null --get-regexp` output, in git's order (later values win for single-valued keys). */
export function parseConfigEntries(stdout: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  for (const entry of stdout.split('\0')) {
    if (!entry) continue;
    const nl = entry.indexOf('\n');
    entries.push(nl === -1 ? { key: entry, value: null } : { key: entry.slice(0, nl), value: entry.slice(nl + 1) });
  }
  return entries;
}

/**
 * The remote a `remote.<name>.<variable>` key names, or null: another key, `remote.pushDefault`
 * (no name), or a name starting with `/`, which git does not take as a remote.
 */
export function remoteOfKey(key: string): string | null {
  if (!key.startsWith('remote.')) return null;
  const name = key.slice('remote.'.length, key.lastIndexOf('.'));
  return name && !name.startsWith('/') ? name : null;
}

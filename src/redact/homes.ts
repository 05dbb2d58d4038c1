/**
 * Home directories of other machines: a log recorded over SSH, in a container or on a
 * colleague's laptop names homes (`/Users/<name>/…`, `/home/<name>/…`, `/root/…`) that are
 * not this machine's. For text that must carry no absolute home path (briefs and what is
 * sent to an LLM), each becomes `~`. Pure; POSIX paths only.
 */

/** `/Users/<name>`, `/home/<name>` or `/root`, at a path boundary, with what follows it. */
const OTHER_HOME = /(?<![A-Za-z0-9_.~/\\-])(?:\/(?:Users|home)\/[A-Za-z0-9_-](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?|\/root)(?=\/|(?![A-Za-z0-9_~-]))/g;

/** Replace every absolute home directory in `text` by `~` (`/home/al/x` → `~/x`). */
export function maskHomes(text: string): string {
  return text.includes('/') ? text.replace(OTHER_HOME, '~') : text;
}

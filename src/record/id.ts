/**
 * Short session ids, shared by records, notes and displays (kept apart from the record
 * codec so that displays need not load the frontmatter library).
 */

/** The first 8 letters and digits of a native session id, used in file names and short displays. */
export function shortId(nativeId: string): string {
  return nativeId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
}

/** The short id of a session id `<agent>:<native id>`: `shortId` of its native part. */
export function sessionShortId(sessionId: string): string {
  return shortId(sessionId.slice(sessionId.indexOf(':') + 1));
}

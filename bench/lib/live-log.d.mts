/** Types of `live-log.mjs` (used by test/live-session.test.ts). */

/** Write to `path` about `mb` MiB of copies of `sample` (a Claude Code session's text) as session `sessionId` working in `repo`. Returns the bytes written. */
export function writeReplicatedSession(path: string, sample: string, mb: number, sessionId: string, repo: string): number;

/** Append one prompt, one applied Write of `rel` with `lines` and a closing message to the log at `path`; write the file. Returns the bytes appended. */
export function appendWrite(path: string, sessionId: string, repo: string, rel: string, lines: string[], round: number): number;

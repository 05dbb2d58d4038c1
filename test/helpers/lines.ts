/**
 * The expected-blame test language (after git-ai): `"line".ai()`, `"line".human()`,
 * `"new text".aiModified("what the agent wrote")`. Each call describes one added line of a
 * commit: what the agent wrote (if anything, pending before the commit) and the state
 * attribution must give it.
 */
import type { FileAdditions } from '../../src/git/diff.js';
import type { PendingLine } from '../../src/store/index.js';
import { sessionId, type SessionId } from '../../src/ids.js';
import type { LineState } from '../../src/types.js';

/** The sessions the attribution tests' agent lines belong to. */
export const S1 = sessionId('claude-code', 's1');
export const S2 = sessionId('claude-code', 's2');

/** One expected line: committed text, the agent's text (null: the agent never wrote it), the state and session expected. */
export interface ExpectedLine {
  text: string;
  agentText: string | null;
  state: LineState;
  session: SessionId | null;
}

declare global {
  interface String {
    /** The agent wrote exactly this line (session default `S1`). */
    ai(session?: SessionId): ExpectedLine;
    /** A human wrote this line; no agent did. */
    human(): ExpectedLine;
    /** The agent wrote `agentText`; a human changed it into this line. */
    aiModified(agentText: string, session?: SessionId): ExpectedLine;
  }
}

Object.defineProperties(String.prototype, {
  ai: {
    value(this: string, session = S1): ExpectedLine {
      return { text: String(this), agentText: String(this), state: 'ai', session };
    },
  },
  human: {
    value(this: string): ExpectedLine {
      return { text: String(this), agentText: null, state: 'human', session: null };
    },
  },
  aiModified: {
    value(this: string, agentText: string, session = S1): ExpectedLine {
      return { text: String(this), agentText, state: 'ai-modified', session };
    },
  },
});

/** A file's added lines as one hunk (`null` entries split hunks), from expectations. */
export function additionsOf(path: string, lines: (ExpectedLine | null)[]): FileAdditions {
  const out: FileAdditions = { path, from: null, lines: [], binary: false };
  let hunk = 0;
  let n = 0;
  for (const l of lines) {
    if (l === null) {
      hunk += 1;
      n += 5;
      continue;
    }
    n += 1;
    out.lines.push({ line: n, text: l.text, hunk });
  }
  return out;
}

/** The pending agent lines the expectations imply, in order. */
export function pendingOf(lines: (ExpectedLine | null)[]): PendingLine[] {
  return lines.flatMap((l) => (l && l.agentText !== null && l.session ? [{ text: l.agentText, session: l.session, edit: 'e', at: null }] : []));
}

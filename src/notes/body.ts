/**
 * Reading back the body of a `drift-note/1` note (docs/format.md, "Body"): per session
 * section, its decisions, rejected approaches and open threads as listed. Used when a
 * session is known only from a fetched note, not from this machine's logs. Pure.
 */

/** The listed items of one session section of a note body. */
export interface NoteBodySection {
  /** `<agent> <id8>` from the section heading `## <agent> · <id8> · <model>`. */
  label: string;
  decisions: string[];
  rejected: string[];
  openThreads: string[];
}

const LISTS: Record<string, 'decisions' | 'rejected' | 'openThreads'> = {
  Decisions: 'decisions',
  'Rejected approaches': 'rejected',
  'Open threads': 'openThreads',
};

/**
 * Parse the session sections of a note body. Unknown headings are skipped; a body that is
 * not in the note's layout gives no sections (never throws).
 */
export function parseNoteBody(body: string): NoteBodySection[] {
  const sections: NoteBodySection[] = [];
  let current: NoteBodySection | null = null;
  let list: 'decisions' | 'rejected' | 'openThreads' | null = null;
  for (const line of body.split('\n')) {
    const session = /^## (\S+) · (\S+)(?: · .*)?$/.exec(line);
    if (session) {
      current = { label: `${session[1]} ${session[2]}`, decisions: [], rejected: [], openThreads: [] };
      sections.push(current);
      list = null;
    } else if (line.startsWith('### ')) {
      list = LISTS[line.slice(4).trim()] ?? null;
    } else if (current && list && line.startsWith('- ')) {
      current[list].push(line.slice(2).trim());
    }
  }
  return sections;
}

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

/** One prompt of a session section, as the note body lists it under `### Prompts`. */
export interface NoteBodyPrompt {
  /** `YYYY-MM-DD HH:MM UTC` when the log had a time, else null. */
  at: string | null;
  /** The quoted text (lines joined with `\n`), or the marker line when `drift.prompts=none`. */
  text: string;
}

/**
 * Parse the `### Prompts` lists of a note body: section label (`<agent> <id8>`, as in
 * `parseNoteBody`) → its prompts in order. A numbered item `N. (time)` starts a prompt and
 * the `> ` quote lines after it are its text. Never throws; a body in another layout gives
 * an empty map.
 */
export function parseNoteBodyPrompts(body: string): Map<string, NoteBodyPrompt[]> {
  const out = new Map<string, NoteBodyPrompt[]>();
  let prompts: NoteBodyPrompt[] | null = null;
  let inPrompts = false;
  let current: { at: string | null; lines: string[] } | null = null;
  const close = () => {
    if (current && prompts) prompts.push({ at: current.at, text: current.lines.join('\n').trim() });
    current = null;
  };
  for (const line of body.split('\n')) {
    const session = /^## (\S+) · (\S+)(?: · .*)?$/.exec(line);
    if (session) {
      close();
      prompts = [];
      out.set(`${session[1]} ${session[2]}`, prompts);
      inPrompts = false;
    } else if (line.startsWith('### ')) {
      close();
      inPrompts = line.slice(4).trim() === 'Prompts';
    } else if (prompts && inPrompts) {
      const item = /^\d+\.(?: \((\d{4}-\d\d-\d\d \d\d:\d\d) UTC\))?(?: (.*))?$/.exec(line);
      if (item) {
        close();
        current = { at: item[1] ? `${item[1]} UTC` : null, lines: item[2] ? [item[2]] : [] };
      } else if (current && (line === '>' || line.startsWith('> '))) {
        current.lines.push(line.slice(2));
      }
    }
  }
  close();
  return out;
}

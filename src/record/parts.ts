/**
 * The record of a session rendered in pieces, so that a commit during a long session
 * renders only what the session added: the prompts, decisions and rejected approaches of a
 * record never change once a later prompt has followed them, so their markdown is rendered
 * once and kept in journals (`src/store/record-cache.ts`), and a record is its frontmatter
 * and title, then each section's heading, the journal's bytes, the new items and what is
 * still open. `assembleRecord` of the pieces is `renderRecord` of the whole summary, byte
 * for byte (a test checks it on corpus sessions cut at every event). Pure.
 */
import type { PromptMode } from '../config.js';
import { renderFrontmatter } from '../frontmatter/index.js';
import { renderBlocks } from '../notes/body-render.js';
import { bulletList, headingNode } from '../notes/body-tree.js';
import { listItemText, promptEntryBlocks, rejectedItemText } from '../render/summary.js';
import type { FoldSplit } from '../summary/fold.js';
import type { SessionInfo } from '../types.js';
import { recordData, recordTitle } from './index.js';
import type { JournalAppend, JournalName, PerJournal, RecordPiece } from '../store/record-journal.js';

export { JOURNALS, type JournalName, type PerJournal, type RecordPiece } from '../store/record-journal.js';

/** A record rendered from a split summary (`renderRecordIncrement`): its pieces, and what its journals gain. */
export interface RecordIncrement extends JournalAppend {
  /** The record, in order: `assembleRecord` joins them. */
  pieces: RecordPiece[];
}

/**
 * Render the record of a session whose finished items are `kept` (that many per journal,
 * already rendered in the journals) followed by those of `split` (`splitSummaryOfFold`:
 * every string redacted). `info` is redacted by the caller, as for `renderRecord`.
 */
export function renderRecordIncrement(info: SessionInfo, split: FoldSplit, kept: PerJournal, commits: string[], mode: PromptMode): RecordIncrement {
  const { finished, pending } = split;
  const appended: Record<JournalName, string> = {
    prompts: finished.prompts.map((p, i) => `\n${renderBlocks(promptEntryBlocks(kept.prompts + i + 1, p, mode))}`).join(''),
    decisions: finished.decisions.map(bulletLine).join(''),
    rejected: finished.rejected.map((r) => bulletLine(rejectedItemText(r))).join(''),
  };
  const added = { prompts: finished.prompts.length, decisions: finished.decisions.length, rejected: finished.rejected.length };
  const data = recordData(info, { files: split.files, prompts: kept.prompts + added.prompts, edits: split.edits }, commits);
  const pieces: RecordPiece[] = [renderFrontmatter(`${renderBlocks([headingNode(1, recordTitle(info))])}\n`, data)];
  const section = (heading: string, journal: JournalName | null, tail: string) => {
    if (journal === null ? tail === '' : kept[journal] + added[journal] === 0 && tail === '') return;
    const gap = pieces.length > 1 ? '\n' : '';
    pieces.push(`${gap}${renderBlocks([headingNode(2, heading)])}${journal === 'prompts' ? '' : '\n'}`);
    if (journal !== null && kept[journal] > 0) pieces.push({ journal });
    pieces.push(tail);
  };
  section('Prompts', 'prompts', appended.prompts);
  section('Decisions', 'decisions', appended.decisions + pending.decisions.map(bulletLine).join(''));
  section('Rejected approaches', 'rejected', appended.rejected + pending.rejected.map((r) => bulletLine(rejectedItemText(r))).join(''));
  section('Open threads', null, split.openThreads.map(bulletLine).join(''));
  section('Files touched', null, split.files.map((f) => bulletLine(`\`${f}\``)).join(''));
  return { pieces: pieces.filter((p) => p !== ''), appended, added };
}

/** One item of a bullet list, as the body writer writes it in a list: `- <item>` and a line break. */
function bulletLine(item: string): string {
  return renderBlocks([bulletList([listItemText(item)])]);
}

/** The record text of `pieces`, given each journal's content. Pure. */
export function assembleRecord(pieces: RecordPiece[], journals: Record<JournalName, string>): string {
  return pieces.map((p) => (typeof p === 'string' ? p : journals[p.journal])).join('');
}

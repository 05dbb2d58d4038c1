/**
 * Aider's report of SEARCH/REPLACE blocks that did not apply (`Aider-AI/aider:
 * aider/coders/editblock_coder.py`, `apply_edits`; corpus
 * `aider/AndrewJacop__Simple-Calulator/.aider.chat.history.md` line 1072 and
 * `aider/Aquaticat__Monochromatic`): `# N SEARCH/REPLACE block(s) failed to match!`, then per
 * failed block `## SearchReplaceNoExactMatch: This SEARCH block failed to exactly match lines
 * in <path>` with the block, and, when others worked, `# The other N SEARCH/REPLACE blocks
 * were applied successfully.` Pure.
 */
import type { EditEvent } from '../../types.js';
import { normalizePath, type Proposal } from './blocks.js';

/** How one proposal of the failed reply ended: its index, and its rejection (null: applied). */
export interface Verdict {
  index: number;
  rejection: EditEvent['rejection'];
}

/** The failed blocks named by the report: path and SEARCH text. */
function failedBlocks(report: string): { path: string; search: string; reason: string }[] {
  const out: { path: string; search: string; reason: string }[] = [];
  const lines = report.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^## (SearchReplaceNoExactMatch: .* lines in (.+))$/.exec(lines[i]!.trim());
    if (!m) continue;
    const start = lines.findIndex((l, j) => j > i && /^<{5,9} SEARCH/.test(l));
    const divider = lines.findIndex((l, j) => j > start && /^={5,9}\s*$/.test(l));
    if (start < 0 || divider < 0) continue;
    out.push({ path: normalizePath(m[2]!), search: lines.slice(start + 1, divider).join('\n'), reason: m[1]! });
  }
  return out;
}

/**
 * Settle the unsettled proposals of a reply from aider's failure report: blocks it names are
 * rejected (`tool-error`, reason = its `SearchReplaceNoExactMatch` line); the others are
 * applied when the report says the other blocks were applied, else rejected with the
 * report's first line.
 */
export function settleFailure(report: string, proposals: Proposal[], settled: boolean[]): Verdict[] {
  const failed = failedBlocks(report);
  const othersApplied = /The other \d+ SEARCH\/REPLACE blocks? (?:were|was) applied successfully/.test(report);
  const headline = report.split('\n')[0]!.replace(/^#\s*/, '').trim();
  const verdicts: Verdict[] = [];
  proposals.forEach((p, index) => {
    if (settled[index]) return;
    const hit = failed.findIndex((f) => f.path === p.path && f.search.trim() === (p.search ?? '').trim());
    if (hit >= 0) {
      verdicts.push({ index, rejection: { kind: 'tool-error', reason: failed[hit]!.reason } });
      failed.splice(hit, 1);
    } else if (othersApplied && p.tool === 'search-replace') verdicts.push({ index, rejection: null });
    else verdicts.push({ index, rejection: { kind: 'tool-error', reason: headline } });
  });
  return verdicts;
}

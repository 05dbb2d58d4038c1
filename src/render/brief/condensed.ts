/**
 * The condensed section an LLM compaction adds to a session record: the goal, the settled
 * decisions and the next steps, as an mdast tree serialised by remark. Pure.
 */
import type { Compaction } from '../../brief/material.js';
import { heading, inlineCode, item, list, paragraph, renderMarkdown, root } from '../markdown.js';

/** `## Condensed by <model>` with `### Goal`, `### Decisions`, `### Next steps`. */
export function renderCondensedSection(c: Compaction): string {
  return renderMarkdown(
    root([
      heading(2, `Condensed by ${c.model}`),
      heading(3, 'Goal'),
      paragraph(...inlineCode(c.goal)),
      ...(c.decisions.length > 0 ? [heading(3, 'Decisions'), list(c.decisions.map((d) => item(...inlineCode(d.text), ` — ${d.session}`)))] : []),
      heading(3, 'Next steps'),
      list(
        c.nextSteps.map((s) => item(...inlineCode(s))),
        true,
      ),
    ]),
  );
}

/**
 * Rendering a brief's markdown body from its material (and an LLM compaction when there is
 * one): an mdast tree serialised by remark, never string concatenation. Pure and
 * deterministic; the frontmatter is added by the brief codec (src/record/brief.ts).
 */
import type { RootContent } from 'mdast';
import type { Compaction, HandoffMaterial } from '../../brief/material.js';
import type { TargetGuide } from '../../brief/targets.js';
import { code, codeBlock, heading, inlineCode, item, list, paragraph, quote, renderMarkdown, root, strong } from '../markdown.js';
import { decisionsSection, filesSection, goalSection, promptsSection, rejectedSection, sessionsSection, stateSection, threadsSection, when } from './sections.js';

/** Render the body of a brief addressed to `guide`'s agent. */
export function renderBriefBody(m: HandoffMaterial, compaction: Compaction | null, guide: TargetGuide): string {
  const title = m.branch.branch ?? (m.branch.head ? `detached ${m.branch.head.slice(0, 8)}` : 'no commit yet');
  return renderMarkdown(
    root([
      heading(1, 'Handoff: ', code(title), ` → ${guide.name}`),
      paragraph(
        `A task in progress, packed by git drift for an agent that starts cold. Scope: ${m.scope}. `,
        compaction
          ? `Goal, decisions and next steps condensed by ${compaction.model}; everything else extracted from the agents' logs, the drift notes and git.`
          : "Everything below was extracted from the agents' logs, the drift notes and git, without an LLM.",
      ),
      ...goalSection(m, compaction),
      ...stateSection(m),
      ...sessionsSection(m),
      ...decisionsSection(m, compaction),
      ...rejectedSection(m),
      ...threadsSection(m),
      ...filesSection(m),
      ...promptsSection(m),
      ...resumeSection(m, compaction),
      { type: 'thematicBreak' },
      ...footer(guide),
    ]),
  );
}

/** `## Where to resume`: the last prompt, the agent's last word, the last command and files, and the next steps. */
function resumeSection(m: HandoffMaterial, c: Compaction | null): RootContent[] {
  const r = m.resume;
  const out: RootContent[] = [heading(2, 'Where to resume')];
  if (r.lastPrompt) {
    out.push(paragraph(strong('Last prompt'), ` (${r.lastPrompt.session}, ${when(r.lastPrompt.at)}, ${r.lastPrompt.answered ? 'answered' : 'not answered yet'}):`));
    out.push(r.lastPrompt.text === null ? paragraph('[prompt text not kept: drift.prompts=none]') : quote(r.lastPrompt.text));
  }
  const facts = [];
  if (r.lastMessage) facts.push(item(strong("Agent's last message"), ` (${r.lastMessage.session}): `, ...inlineCode(r.lastMessage.text)));
  if (r.lastCommand) facts.push(item(strong('Last command'), ` (${r.lastCommand.session}): `, code(r.lastCommand.command), r.lastCommand.exitCode === null ? '' : ` → exit ${r.lastCommand.exitCode}`));
  if (r.lastFiles.length > 0) facts.push(item(strong('Last files edited'), ': ', ...r.lastFiles.flatMap((f, i) => (i ? [', ', code(f)] : [code(f)]))));
  if (facts.length > 0) out.push(list(facts));
  out.push(heading(3, 'Next steps'));
  out.push(
    list(
      (c ? c.nextSteps : r.nextSteps).map((s) => item(...inlineCode(s))),
      true,
    ),
  );
  return out;
}

/** The footer addressed to the target agent's user: how to start it, and the first message. */
function footer(guide: TargetGuide): RootContent[] {
  const out: RootContent[] = [heading(2, `For ${guide.name}: how to continue`), paragraph(guide.how)];
  if (guide.command) out.push(paragraph('Command:'), codeBlock(guide.command, 'sh'));
  out.push(paragraph('First message (paste as is):'), codeBlock(guide.firstMessage, 'text'));
  return out;
}

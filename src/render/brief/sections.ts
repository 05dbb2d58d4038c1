/**
 * The sections of a brief as mdast nodes, one function per section (docs/format.md,
 * "The brief"). Pure.
 */
import type { RootContent } from 'mdast';
import type { Capped, Compaction, HandoffMaterial, RejectedApproach } from '../../brief/material.js';
import { code, codeBlock, heading, inlineCode, item, list, paragraph, quote, strong, text, type Inline } from '../markdown.js';

/** `YYYY-MM-DD HH:MM UTC` of an ISO time, or `unknown time`. */
export function when(at: string | null): string {
  return at ? `${at.slice(0, 16).replace('T', ' ')} UTC` : 'unknown time';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A paragraph counting what a capped list left out, or nothing. */
function omitted<T>(c: Capped<T>, what: string): RootContent[] {
  return c.omitted > 0 ? [paragraph(`… and ${c.omitted} more ${what} not shown (older first to go).`)] : [];
}

function by(session: string): Inline[] {
  return [' — ', { type: 'emphasis', children: [text(session)] }];
}

/** `## Goal`: the LLM's goal prose when given, else the first prompt quoted, and the session titles. */
export function goalSection(m: HandoffMaterial, c: Compaction | null): RootContent[] {
  const out: RootContent[] = [heading(2, 'Goal')];
  if (c) out.push(paragraph(...inlineCode(c.goal)));
  const p = m.goal.prompt;
  if (p) {
    out.push(paragraph(c ? 'The first prompt, as the user wrote it ' : 'The first prompt ', `(${p.session}, ${when(p.at)}):`));
    out.push(p.text === null ? paragraph('[prompt text not kept: drift.prompts=none]') : quote(p.text));
  } else if (!c) {
    out.push(paragraph('No prompt in scope: the goal is unknown from the logs.'));
  }
  if (m.goal.titles.length > 0) out.push(paragraph('Session titles: ', ...m.goal.titles.flatMap((t, i) => (i ? ['; ', t] : [t]))));
  return out;
}

/** `## State of the branch`: the branch against its base, uncommitted work, the commits with their notes. */
export function stateSection(m: HandoffMaterial): RootContent[] {
  const b = m.branch;
  const name: Inline[] = b.branch ? ['Branch ', code(b.branch)] : ['Detached HEAD'];
  const head = b.head ? [' at ', code(b.head.slice(0, 8))] : [' with no commit yet'];
  const base = b.base && b.baseName ? [' against ', code(b.baseName), ' (merge base ', code(b.base.slice(0, 8)), ')'] : [];
  const facts = [item(...name, ...head, ...base, '.')];
  if (b.committed)
    facts.push(
      item(`Committed on the branch: ${plural(b.commits.items.length + b.commits.omitted, 'commit')}, +${b.committed.added}/−${b.committed.removed} over ${plural(b.committed.files, 'file')}.`),
    );
  facts.push(item(`Uncommitted: +${b.uncommitted.added}/−${b.uncommitted.removed} over ${plural(b.uncommitted.files, 'tracked file')}, ${b.untracked} untracked.`));
  if (b.remark) facts.push(item(...inlineCode(b.remark)));
  const out: RootContent[] = [heading(2, 'State of the branch'), list(facts)];
  if (b.commits.items.length > 0) {
    out.push(heading(3, 'Commits (most recent first)'));
    out.push(list(b.commits.items.map((c) => item(code(c.sha.slice(0, 8)), ` ${c.subject}`, ...commitNote(c)))));
    out.push(...omitted(b.commits, 'commits'));
  }
  return out;
}

function commitNote(c: HandoffMaterial['branch']['commits']['items'][number]): Inline[] {
  if (!c.lines) return [' — no drift note'];
  const who = c.sessions.length > 0 ? c.sessions.join(', ') : 'human only';
  return [` — ${who}: ${c.lines.ai + c.lines.aiModified} agent lines, ${c.lines.human} human`];
}

/** Most sessions listed one by one. */
export const MAX_SESSIONS = 10;

/** `## Sessions`: one line per session behind the brief, most recent first. */
export function sessionsSection(m: HandoffMaterial): RootContent[] {
  if (m.sessions.length === 0) return [heading(2, 'Sessions'), paragraph('No agent session of this repository is in scope.')];
  const shown: Capped<HandoffMaterial['sessions'][number]> = { items: m.sessions.slice(-MAX_SESSIONS).reverse(), omitted: Math.max(0, m.sessions.length - MAX_SESSIONS) };
  return [
    heading(2, 'Sessions (most recent first)'),
    list(
      shown.items.map((s) =>
        item(
          strong(s.label),
          ` · ${s.model ?? 'unknown model'} · branch ${s.branch ?? 'unknown'} · ${s.started ? `${when(s.started)} → ${when(s.ended)}` : 'times unknown'} · `,
          `${plural(s.prompts, 'prompt')} · ${s.edits.applied} edits applied, ${s.edits.rejected} rejected${s.source === 'note' ? ' · known from a commit note only' : ''}`,
        ),
      ),
    ),
    ...omitted(shown, 'sessions (all are in the frontmatter)'),
  ];
}

/** `## Decisions`: settled decisions with their session (the LLM's when given). */
export function decisionsSection(m: HandoffMaterial, c: Compaction | null): RootContent[] {
  const items = c ? c.decisions : m.decisions.items;
  const out: RootContent[] = [heading(2, 'Decisions (settled)')];
  if (items.length === 0) return [...out, paragraph('None stated.')];
  out.push(list(items.map((d) => item(...inlineCode(d.text), ...by(d.session)))));
  if (!c) out.push(...omitted(m.decisions, 'decisions'));
  return out;
}

const KIND: Record<RejectedApproach['kind'], string> = {
  'user-declined': 'refused by the user',
  'tool-error': 'tool error',
  'hook-blocked': 'blocked by a hook',
  'command-failed': 'command failed',
  reverted: 'undone',
};

/** `## Tried and rejected`: each approach with its actual reason, and the failing output. */
export function rejectedSection(m: Pick<HandoffMaterial, 'rejected'>): RootContent[] {
  const out: RootContent[] = [heading(2, 'Tried and rejected')];
  if (m.rejected.items.length === 0) return [...out, paragraph('Nothing was refused, failed or undone.')];
  out.push(
    list(
      m.rejected.items.map((r) => {
        const line = paragraph(strong(KIND[r.kind]), ': ', ...inlineCode(r.what), ' — ', ...inlineCode(r.reason), ...by(r.session));
        return r.output ? item(line, codeBlock(r.output, 'text')) : item(line);
      }),
    ),
  );
  out.push(...omitted(m.rejected, 'rejected approaches'));
  return out;
}

/** `## Open threads`. */
export function threadsSection(m: HandoffMaterial): RootContent[] {
  const out: RootContent[] = [heading(2, 'Open threads')];
  if (m.openThreads.items.length === 0) return [...out, paragraph('None found.')];
  out.push(list(m.openThreads.items.map((t) => item(`[${t.kind}] `, ...inlineCode(t.text), ...by(t.session)))));
  out.push(...omitted(m.openThreads, 'open threads'));
  return out;
}

/** `## Files in flight`: each file with its excerpt (uncommitted hunks first). */
export function filesSection(m: HandoffMaterial): RootContent[] {
  const out: RootContent[] = [heading(2, 'Files in flight')];
  if (m.files.items.length === 0) return [...out, paragraph('No uncommitted work and no committed file edited by the sessions.')];
  for (const f of m.files.items) {
    out.push(heading(3, code(f.path), ` (${f.state}, ${f.change})`));
    if (f.excerpt) out.push(codeBlock(f.excerpt, f.lang));
    if (f.omittedLines > 0) out.push(paragraph(`(${plural(f.omittedLines, 'more line')} not shown)`));
  }
  out.push(...omitted(m.files, 'files'));
  return out;
}

/** `## Recent prompts`: most recent first. */
export function promptsSection(m: HandoffMaterial): RootContent[] {
  if (m.prompts.items.length === 0) return [];
  return [
    heading(2, 'Recent prompts (most recent first)'),
    list(
      m.prompts.items.map((p) => item(`(${p.session}, ${when(p.at)}) `, ...inlineCode(p.text ?? '[prompt text not kept: drift.prompts=none]'))),
      true,
    ),
    ...omitted(m.prompts, 'prompts'),
  ];
}

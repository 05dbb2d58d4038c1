/**
 * Pure rendering of `git drift blame` (per line, with a footer of shares per owner) and of
 * `git drift blame --line N` (one line's history).
 */
import { styleText } from 'node:util';
import type { BlameLine, BlameShare } from '../blame/index.js';
import type { LineTimeline } from '../blame/timeline.js';
import { sessionShortId } from '../ids.js';
import { escapeTerminal } from './terminal.js';
import { ownValue } from '../records.js';

/** One field of a note or a file on one line, control characters shown as escapes. */
const safe = (text: string): string => escapeTerminal(text, true);

/** Colours per agent on a TTY (node:util `styleText` formats); humans and unknown lines stay plain or dim. */
const AGENT_COLOURS: Record<string, Parameters<typeof styleText>[0]> = {
  'claude-code': 'magenta',
  codex: 'green',
  cursor: 'blue',
  aider: 'yellow',
  gemini: 'cyan',
  opencode: 'red',
  cline: 'blueBright',
};

/** How to paint: `colour` true only when stdout is a TTY and NO_COLOR is unset. */
export interface RenderOptions {
  colour: boolean;
}

function paint(text: string, owner: string, opts: RenderOptions): string {
  if (!opts.colour) return text;
  if (owner === 'unknown') return styleText('dim', text);
  const colour = ownValue(AGENT_COLOURS, owner); // the agent's name comes from a note
  return colour ? styleText(colour, text) : text;
}

/** `<agent> <id8>` for a session id, or '' for none. */
export function sessionLabel(agent: string | null, session: string | null): string {
  if (!session) return '';
  return safe(`${agent ?? session.split(':')[0]} ${sessionShortId(session)}`);
}

/**
 * Terminal text: per line `<sha8> <state> <agent id8> <n>) <text>` (an imported session
 * adds its source: `<agent id8> (git-ai)`; uncommitted lines show `00000000`), then a footer
 * with each owner's share of the lines. Control characters of the notes and the file are
 * shown as escapes (`escapeTerminal`); only the colours are real.
 */
export function renderBlame(lines: BlameLine[], shares: BlameShare[], opts: RenderOptions): string {
  const width = String(lines.at(-1)?.line ?? 1).length;
  const cache = new Map<string, string>();
  const labels = lines.map((l) => {
    const key = `${l.agent}\0${l.session}\0${l.source}`;
    let label = cache.get(key);
    if (label === undefined) cache.set(key, (label = sessionLabel(l.agent, l.session) + (l.source ? ` (${safe(l.source)})` : '')));
    return label;
  });
  const labelWidth = Math.max(0, ...labels.map((l) => l.length));
  const out = lines.map((l, i) => {
    const owner = l.state === 'human' || l.state === 'unknown' ? l.state : (l.agent ?? 'unknown');
    const head = `${l.commit.slice(0, 8)} ${l.state.padEnd(11)} ${labels[i]!.padEnd(labelWidth)} ${String(l.line).padStart(width)})`;
    return `${paint(head, owner, opts)} ${escapeTerminal(l.text)}`;
  });
  out.push('', renderShares(shares, opts));
  return `${out.join('\n')}\n`;
}

/** `claude-code 62.5% (10 lines) · human 37.5% (6 lines)`. */
export function renderShares(shares: BlameShare[], opts: RenderOptions): string {
  return shares.map((s) => paint(`${safe(s.owner)} ${(s.share * 100).toFixed(1)}% (${s.lines} line${s.lines === 1 ? '' : 's'})`, s.owner, opts)).join(' · ');
}

/** Terminal text for one line's history, newest commit first; control characters shown as escapes. */
export function renderTimeline(t: LineTimeline, opts: RenderOptions): string {
  const out = [`Line ${t.line} of ${safe(t.file)}: ${t.commits.length} commit${t.commits.length === 1 ? '' : 's'}, newest first`, ''];
  for (const c of t.commits) {
    const owner = c.state === 'human' || c.state === 'unknown' ? c.state : (c.agent ?? 'unknown');
    const who = c.session ? ` ${sessionLabel(c.agent, c.session)}${c.model ? ` (${safe(c.model)})` : ''}${c.source ? ` imported from ${safe(c.source)}` : ''}` : '';
    const where = c.line === null ? 'removed' : `${safe(c.path)}:${c.line}`;
    out.push(paint(`${c.commit.slice(0, 8)} ${c.date.slice(0, 10)} ${c.state}${who}`, owner, opts) + ` ${safe(c.subject)}`);
    out.push(`    at ${where}`);
    if (c.prompt) out.push(`    prompt: ${safe(c.prompt)}`);
    for (const r of c.rejected) out.push(`    rejected: ${safe(r)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

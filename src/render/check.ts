/**
 * Pure rendering of `git drift check`: terminal text, GitHub Actions workflow commands, or
 * JSON.
 */
import type { CheckedCommit, CheckReport, Policy, PolicyCheck } from '../check/index.js';
import { PARTIAL } from '../check/verdict.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What to do about a commit that failed, in words. */
function advice(c: CheckedCommit): string {
  const short = c.commit.slice(0, 8);
  if (c.status === 'missing') {
    return `no drift note (made with hooks off, or its note was not pushed): run git drift capture ${short} where its agent logs are, then git drift sync`;
  }
  return `invalid drift note: ${c.reason} (capture it again with git drift capture ${short}, or fix it with git notes --ref=drift edit ${short}, then git drift sync)`;
}

/** Whether a passing commit's note is `partial` (its capture stopped at the hook budget). */
const isPartial = (c: CheckedCommit): boolean => c.status === 'ok' && (c.reason?.startsWith(PARTIAL) ?? false);

/** The line about a partial note: it passes, but says how to complete it. */
function partialAdvice(c: CheckedCommit): string {
  return `${c.reason}; it passes, and git drift capture ${c.commit.slice(0, 8)} where its agent logs are, then git drift sync, completes it`;
}

/** The last line: what was checked and the counts. */
function summary(report: CheckReport): string {
  const count = (s: CheckedCommit['status']) => report.commits.filter((c) => c.status === s).length;
  const head = `${report.ok ? 'ok' : 'FAILED'}: ${plural(report.commits.length, 'commit')} checked in ${report.range}`;
  return `${head}: ${count('ok')} ok, ${count('missing')} missing, ${count('invalid')} invalid`;
}

/** One policy line: `policy  agent lines 62.5% of 8 added lines (max 50%): FAILED`. */
function policyLines(policy: Policy | null): { text: string; ok: boolean }[] {
  if (!policy) return [];
  const one = (what: string, c: PolicyCheck | null) =>
    c ? [{ ok: c.ok, text: `${what} ${c.percent.toFixed(1)}% of ${policy.lines.total} added lines (max ${c.max}%): ${c.ok ? 'ok' : 'FAILED'}` }] : [];
  return [...one('agent lines', policy.maxAiPercent), ...one('unknown lines (commits without a valid note)', policy.maxUnknownPercent)];
}

/** Terminal text: the notice, one line per failing commit and per partial note, the policies, then the summary line. */
export function renderCheckText(report: CheckReport): string {
  const lines: string[] = [];
  if (report.notice) lines.push(report.notice);
  for (const c of report.commits) {
    if (c.status !== 'ok') lines.push(`${c.status.padEnd(8)}${c.commit.slice(0, 8)} ${c.subject}: ${advice(c)}`);
    else if (isPartial(c)) lines.push(`${'partial'.padEnd(8)}${c.commit.slice(0, 8)} ${c.subject}: ${partialAdvice(c)}`);
  }
  for (const p of policyLines(report.policy)) lines.push(`policy  ${p.text}`);
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

/** Escape the message of a workflow command (GitHub Actions `::error::`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a property value of a workflow command (`title=…`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands: a `::notice::` for the notice, one
 * `::error title=…::` annotation per failing commit (`::warning` for a commit without a
 * note when `--max-unknown-percent` decides, and for a partial note, which passes), one per failing policy (a plain line for a
 * policy that holds), then the summary as a plain line.
 */
export function renderCheckGithub(report: CheckReport): string {
  const lines: string[] = [];
  if (report.notice) lines.push(`::notice title=${escapeProperty('git drift check')}::${escapeData(report.notice)}`);
  for (const c of report.commits) {
    if (isPartial(c)) lines.push(`::warning title=${escapeProperty(`git drift: partial note on ${c.commit.slice(0, 8)}`)}::${escapeData(`${c.commit.slice(0, 8)} ${c.subject}: ${partialAdvice(c)}`)}`);
    if (c.status === 'ok') continue;
    const title = `git drift: ${c.status} note on ${c.commit.slice(0, 8)}`;
    const level = c.status === 'missing' && report.policy?.maxUnknownPercent ? 'warning' : 'error'; // the unknown share decides
    lines.push(`::${level} title=${escapeProperty(title)}::${escapeData(`${c.commit.slice(0, 8)} ${c.subject}: ${advice(c)}`)}`);
  }
  for (const p of policyLines(report.policy)) {
    lines.push(p.ok ? `policy: ${p.text}` : `::error title=${escapeProperty('git drift: share policy')}::${escapeData(p.text)}`);
  }
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

/** The `--json` output: the report, pretty-printed with 2 spaces, and a newline. */
export function renderCheckJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Attribution accuracy over every real session in the corpus (Claude Code and Codex):
 * each session is replayed into a repository, a human then tweaks some agent lines (the
 * truth for those is `ai-modified`) and adds lines of their own (`human`); everything else
 * the commit adds is the agent's (`ai`). The commit goes through the installed hook and the
 * note's ranges are scored against that truth. Goals (issue 3): ai precision ≥ 0.99, ai
 * recall ≥ 0.97, human recall ≥ 0.97, ai-modified recall ≥ 0.9.
 */
import t from 'tap';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, git, HAS_CORPUS, makeRepo, type makeSandbox, NEEDS_CORPUS } from './helpers/env.js';
import { installDrift, replaySession } from './helpers/replay.js';
import { sandboxTemplate } from './helpers/template.js';
import { parseNote } from '../src/notes/index.js';
import { parseRanges } from '../src/attribution/index.js';

/** Every top-level session log of the two agents (sub-agent transcripts belong to their parent). */
function sessions(agent: 'claude-code' | 'codex'): string[] {
  const out: string[] = [];
  if (!HAS_CORPUS) return out;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'subagents') walk(path);
      } else if (name.endsWith('.jsonl')) out.push(path);
    }
  };
  walk(join(CORPUS, agent));
  return out;
}

/** Words never renamed by the identifier tweak: keywords a human would not rename. */
const KEYWORDS = new Set(
  'and as async await break case catch class const continue def del elif else except export false finally for from function if import in is lambda let new none not null or pass raise return self this throw true try typeof undefined var while with yield'.split(
    ' ',
  ),
);

/** Rename the longest identifier: its first camelCase/snake_case part becomes another word (`userName` → `accountName`), a one-part name another name; null if none. */
function renameIdentifier(l: string): string | null {
  const words = [...l.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].filter((m) => m[0].length >= 4 && !KEYWORDS.has(m[0]) && !/["'`]/.test(l.slice(0, m.index).replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '')));
  if (words.length === 0) return null;
  const w = words.reduce((a, b) => (b[0].length > a[0].length ? b : a));
  const text = w[0];
  const rest = /^([a-z]+(?=[A-Z0-9])|[A-Z][a-z]+(?=[A-Z0-9])|[A-Za-z]+_)(.+)$/.exec(text);
  const renamed = rest ? `${/^[A-Z]/.test(text) ? 'Account' : text.includes('_') ? 'account_' : 'account'}${rest[2]!}` : text === 'renamed' ? 'retitled' : 'renamed';
  return `${l.slice(0, w.index)}${renamed}${l.slice(w.index! + text.length)}`;
}

/** Change the first number (30 → 70) or else the first non-empty string literal's text; null if the line has neither. */
function changeLiteral(l: string): string | null {
  const number = /(?<![A-Za-z0-9_.])\d+(?![A-Za-z0-9_.])/.exec(l);
  if (number) return `${l.slice(0, number.index)}${Number(number[0]) * 2 + 10}${l.slice(number.index + number[0].length)}`;
  const string = /(["'])([^"'\\]{2,})\1/.exec(l);
  if (string) return `${l.slice(0, string.index)}${string[1]}changed by hand${string[1]}${l.slice(string.index + string[0].length)}`;
  return null;
}

/**
 * Five kinds of human change to an agent line, in rotation: re-indent, one character
 * changed, a comment appended, an identifier renamed, a literal changed (the last two
 * fall back to a comment when the line has no identifier or literal to change).
 */
const TWEAKS: ((line: string) => string)[] = [
  (l) => `  ${l}`,
  (l) => {
    const i = l.search(/[A-Za-z](?=[^A-Za-z]*$)/);
    return i < 0 ? `${l}x` : `${l.slice(0, i)}${l[i] === 'q' ? 'z' : 'q'}${l.slice(i + 1)}`;
  },
  (l) => `${l} // checked by hand`,
  (l) => renameIdentifier(l) ?? `${l} // renamed by hand`,
  (l) => changeLiteral(l) ?? renameIdentifier(l) ?? `${l} // changed by hand`,
];

const HUMAN = [
  'const reviewedBy = "release-team"; // added during review',
  '# Reviewed by hand before the 2.3 release, see RELEASE.md',
  'export const FEATURE_FLAG_RETRY = process.env.RETRY === "1";',
  'console.log("debug: cache size", cache.size, "entries");',
  '// TODO(human): revisit the timeout once the upstream fix lands',
];

type State = 'ai' | 'ai-modified' | 'human';
/** Lines whose state differs from the truth, for the report. */
const misses: string[] = [];
const counts = { truth: { ai: 0, 'ai-modified': 0, human: 0 }, hit: { ai: 0, 'ai-modified': 0, human: 0 }, predictedAi: 0, predictedAiRight: 0 };

/** Plant tweaks and human lines in a replayed file; returns the truth per line text occurrence, in file order. */
function plant(path: string, fileIndex: number): State[] {
  const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
  const truth: State[] = lines.map(() => 'ai');
  let k = 0;
  lines.forEach((line, i) => {
    if (line.trim().length < 12 || i % 7 !== 3) return;
    lines[i] = TWEAKS[k++ % TWEAKS.length]!(line);
    truth[i] = 'ai-modified';
  });
  const middle = Math.floor(lines.length / 2);
  const mid = HUMAN.slice(0, 2).map((h) => `${h} [${fileIndex}]`);
  lines.splice(middle, 0, ...mid);
  truth.splice(middle, 0, 'human', 'human');
  lines.push(...HUMAN.slice(2).map((h) => `${h} [${fileIndex}]`));
  truth.push('human', 'human', 'human');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return truth;
}

/** A repository with one commit and git drift installed: built once, restored fresh for each session. */
const installed = sandboxTemplate((sb) => {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  return { repo };
});

for (const agent of ['claude-code', 'codex'] as const) {
  for (const file of sessions(agent)) {
    t.test(`scores attribution of ${agent} ${file.split('/').at(-1)!.slice(0, 36)}`, async (t) => {
      const { sb, repo } = installed(t);
      const replay = replaySession(sb, repo, file, agent);
      const paths = [...replay.agentLines.entries()].filter(([, l]) => l.some((x) => x.trim() !== '')).map(([p]) => p);
      if (paths.length === 0) {
        t.pass('the session made no edit inside the repository');
        return;
      }
      const truths = new Map(paths.map((p, i) => [p, plant(join(repo, p), i)]));
      git(sb, repo, ['add', '-A']);
      git(sb, repo, ['commit', '-q', '-m', 'session work with human changes']);
      const note = parseNote(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']));
      if ('invalid' in note) throw new Error(note.invalid);
      const base = git(sb, repo, ['rev-list', '--count', 'HEAD']) === '1' ? null : 'HEAD^';
      for (const [path, truth] of truths) {
        const predicted = new Map<number, State>();
        const entry = note.files[path] ?? {};
        for (const n of parseRanges(entry.human ?? '')) predicted.set(n, 'human');
        for (const state of ['ai', 'ai-modified'] as const) for (const r of Object.values(entry[state] ?? {})) for (const n of parseRanges(r)) predicted.set(n, state);
        const added = addedLineNumbers(sb, repo, base, path);
        for (const n of added) {
          const want = truth[n - 1]!;
          const got = predicted.get(n);
          counts.truth[want] += 1;
          if (got === want) counts.hit[want] += 1;
          else misses.push(`${want} as ${got ?? 'nothing'}: ${JSON.stringify(readFileSync(join(repo, path), 'utf8').split('\n')[n - 1])}`);
          if (got === 'ai') {
            counts.predictedAi += 1;
            if (want === 'ai') counts.predictedAiRight += 1;
          }
        }
      }
      t.ok(
        note.sessions.some((s) => s.id === `${agent}:${replay.nativeId}`),
        'the note lists the session',
      );
    });
  }
}

/** Line numbers (1-based, in HEAD) that HEAD adds to `path`, read from plain `git diff -U0` hunk headers. */
function addedLineNumbers(sb: ReturnType<typeof makeSandbox>, repo: string, base: string | null, path: string): number[] {
  const diff = base ? git(sb, repo, ['diff', '-U0', base, 'HEAD', '--', path]) : git(sb, repo, ['show', '-U0', '--format=', 'HEAD', '--', path]);
  const out: number[] = [];
  for (const line of diff.split('\n')) {
    const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!m) continue;
    const count = m[2] === undefined ? 1 : Number(m[2]);
    for (let i = 0; i < count; i++) out.push(Number(m[1]) + i);
  }
  return out;
}

t.test('meets the accuracy goals over all sessions', { skip: NEEDS_CORPUS }, async (t) => {
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const aiPrecision = ratio(counts.predictedAiRight, counts.predictedAi);
  const aiRecall = ratio(counts.hit.ai, counts.truth.ai);
  const humanRecall = ratio(counts.hit.human, counts.truth.human);
  const modifiedRecall = ratio(counts.hit['ai-modified'], counts.truth['ai-modified']);
  t.comment(`lines scored: ai ${counts.truth.ai}, ai-modified ${counts.truth['ai-modified']}, human ${counts.truth.human}`);
  for (const miss of misses.slice(0, 40)) t.comment(`miss: ${miss}`);
  t.comment(`ai precision ${aiPrecision.toFixed(4)}, ai recall ${aiRecall.toFixed(4)}, human recall ${humanRecall.toFixed(4)}, ai-modified recall ${modifiedRecall.toFixed(4)}`);
  t.ok(counts.truth.ai > 1000 && counts.truth['ai-modified'] > 100 && counts.truth.human > 30, 'enough lines were scored to mean something');
  t.ok(aiPrecision >= 0.99, `ai precision ${aiPrecision}`);
  t.ok(aiRecall >= 0.97, `ai recall ${aiRecall}`);
  t.ok(humanRecall >= 0.97, `human recall ${humanRecall}`);
  t.ok(modifiedRecall >= 0.9, `ai-modified recall ${modifiedRecall}`);
});

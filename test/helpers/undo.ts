/**
 * Shared set-up of the undo and redo acceptance tests (test/undo-redo*.test.ts): a real
 * Claude Code session from the corpus replayed and committed through the installed hooks,
 * with planted human retouches and lines, then one history move; `git drift blame --json`
 * must give the same owners for the same line content before and after.
 */
import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, git, HAS_CORPUS, makeRepo, NEEDS_CORPUS, type Sandbox } from './env.js';
import { drift, installDrift, replaySession } from './replay.js';
import { type Counts, emptyCounts, renderScores, type State } from './scores.js';
import { sandboxTemplate } from './template.js';

/**
 * A session with edits on two files (split moves need two), small enough to keep the file
 * fast; `UNDO_ALL=1` adds every Claude Code session whose edits land in the repository
 * (R3zil__duck_town's edit files outside its recorded working directory: nothing to replay).
 */
export const SESSIONS = ['git-ai-project__git-ai/example-claude-code.jsonl'];
export const MORE = [
  'LaEsperantisto__fihter/projects/-home-aster-dev-rust-Obstruct/15799b31-0eab-4065-b952-3b76c514677c.jsonl',
  'd-kimuson__claude-code-viewer/projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl',
  '213MD__my-profile-site/projects/-Users-marklin-workspace-my-profile-site/8aa38336-8954-412e-8870-f0873618235e.jsonl',
  'Tar-ive__brain-system/projects/-home-tarive/8a5d0d23-b010-4b48-a41c-af16f4d65f57.jsonl',
  'chiphuyen__sniffly/-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl',
];

interface BlameLine {
  text: string;
  /** `unknown`: the line comes from a commit with no note (the replay's commit of what was there before the session, made with git drift off). */
  state: State | 'unknown';
  agent: string | null;
  session: string | null;
}

/** Words a planted rename leaves alone: keywords and built-ins (a human renames their own names). */
const KEYWORDS = new Set('const let var function return import export from class def self this true false null none await async'.split(' '));

/**
 * Rename the longest identifier of a line (issue 14: `setInputValue` → `resetInputValue`): a
 * camelCase name gets another first word, any other name a suffix; null when the line has
 * no identifier of 4 characters or more outside the keywords.
 */
export function renameIdentifier(line: string): string | null {
  const words = [...line.matchAll(/[A-Za-z_$][\w$]*/g)].filter((m) => m[0].length >= 4 && !KEYWORDS.has(m[0].toLowerCase()));
  const longest = words.sort((a, b) => b[0].length - a[0].length || a.index! - b.index!)[0];
  if (!longest) return null;
  const name = longest[0];
  const renamed = /^[a-z]+[A-Z]/.test(name) ? name.replace(/^[a-z]+/, 'reset') : name.includes('_') ? `${name}_next` : `${name}Next`;
  return line.slice(0, longest.index) + renamed + line.slice(longest.index! + name.length);
}

/** Change the first number (doubled) or, with none, the first quoted string (another word appended) of a line; null when it has neither (`timeout: 30` → `timeout: 60`). */
export function changeLiteral(line: string): string | null {
  const number = /(?<![\w.])\d+(?![\w.])/.exec(line);
  if (number) return line.slice(0, number.index) + String(Number(number[0]) * 2) + line.slice(number.index + number[0].length);
  const quoted = /(["'])([^"'\\]*)\1/.exec(line);
  if (!quoted) return null;
  const at = quoted.index + 1 + quoted[2]!.length;
  return `${line.slice(0, at)}${quoted[2] ? ' ' : ''}edited${line.slice(at)}`;
}

/** Human changes to an agent line, in rotation: re-indent, a comment appended, an identifier renamed, a literal changed (each of the last two falls back to a re-indent where the line has none). */
const TWEAKS: ((line: string) => string)[] = [(l) => `  ${l}`, (l) => `${l} // checked by hand`, (l) => renameIdentifier(l) ?? `  ${l}`, (l) => changeLiteral(l) ?? `  ${l}`];
const HUMAN = [
  'const reviewedBy = "release-team"; // added during review',
  '# Reviewed by hand before the 2.3 release, see RELEASE.md',
  '// TODO(human): revisit the timeout once the upstream fix lands',
];

/**
 * Plant retouches and human lines in a replayed file; adds the truth per line text to
 * `truth`. `agentLines` are the session's lines in the file (`Replayed.agentLines`): the
 * others were there before the session (the replay's human commit) and stay human,
 * retouched or not.
 */
function plant(path: string, fileIndex: number, truth: Map<string, State[]>, agentLines: string[]): void {
  const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
  const left = new Map<string, number>();
  for (const l of agentLines) left.set(l, (left.get(l) ?? 0) + 1);
  const states: State[] = lines.map((l) => {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    return n > 0 ? 'ai' : 'human';
  });
  let k = 0;
  lines.forEach((line, i) => {
    if (line.trim().length < 12 || i % 7 !== 3) return;
    lines[i] = TWEAKS[k++ % TWEAKS.length]!(line);
    if (states[i] === 'ai') states[i] = 'ai-modified';
  });
  const middle = Math.floor(lines.length / 2);
  lines.splice(middle, 0, `${HUMAN[0]} [${fileIndex}]`);
  states.splice(middle, 0, 'human');
  lines.push(...HUMAN.slice(1).map((h) => `${h} [${fileIndex}]`));
  states.push('human', 'human');
  writeFileSync(path, `${lines.join('\n')}\n`);
  lines.forEach((l, i) => {
    const list = truth.get(l) ?? truth.set(l, []).get(l)!;
    list.push(states[i]!);
  });
}

/** `git drift blame --json` of every path, in `cwd`. */
function blameAll(sb: Sandbox, cwd: string, paths: string[]): BlameLine[] {
  return paths.flatMap((p) => (JSON.parse(drift(sb, cwd, ['blame', '--json', p])) as { lines: BlameLine[] }).lines);
}

/** Per line text, the sorted owners blame gives its occurrences. */
function ownersByText(lines: BlameLine[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    const list = out.get(l.text) ?? out.set(l.text, []).get(l.text)!;
    list.push(`${l.state} ${l.agent ?? ''} ${l.session ?? ''}`.trim());
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Counts per move and session (`<move>\t<session file>`), printed at the end with UNDO_SCORES=1, written as JSON into UNDO_SCORES_DIR when set. */
const scores = new Map<string, Counts>();

function score(key: string, lines: BlameLine[], truth: Map<string, State[]>): void {
  const counts = scores.get(key) ?? scores.set(key, emptyCounts()).get(key)!;
  const left = new Map([...truth].map(([k, v]) => [k, [...v]]));
  for (const l of lines) {
    const want = left.get(l.text)?.shift();
    // git's diff may take a copy of a line the session added (`}`) as the one the pre-session commit had: not this commit's line.
    if (!want || l.text.trim() === '' || l.state === 'unknown') continue;
    counts.truth[want] += 1;
    if (l.state === want) counts.hit[want] += 1;
    if (l.state === 'ai') {
      counts.predictedAi += 1;
      if (want === 'ai') counts.predictedAiRight += 1;
    }
  }
}

export interface Setup {
  sb: Sandbox;
  repo: string;
  paths: string[];
  truth: Map<string, State[]>;
  before: BlameLine[];
  session: string;
}

/**
 * A repository with the session's work committed through the hooks: on `main`, or on a
 * `feature` branch (then main is checked out again) when `branch` is set.
 */
function build(sb: Sandbox, corpusFile: string, branch: boolean): Omit<Setup, 'sb'> {
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const replayed = replaySession(sb, repo, join(CORPUS, 'claude-code', corpusFile), 'claude-code');
  const paths = [...replayed.agentLines.keys()].filter((p) => replayed.agentLines.get(p)!.length > 0).sort();
  const truth = new Map<string, State[]>();
  paths.forEach((p, i) => plant(join(repo, p), i, truth, replayed.agentLines.get(p)!));
  if (branch) git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  git(sb, repo, ['add', '-A']);
  git(sb, repo, ['commit', '-q', '-m', 'agent work']);
  const before = blameAll(sb, repo, paths);
  if (branch) git(sb, repo, ['checkout', '-q', 'main']);
  return { repo, paths, truth, before, session: `claude-code:${replayed.nativeId}` };
}

/** The set-ups of `build` per session file and `branch`, each built once per test file and restored fresh for every move. */
const builds = new Map<string, ReturnType<typeof sandboxTemplate<Omit<Setup, 'sb'>>>>();

function setUp(t: Test, corpusFile: string, branch = false): Setup {
  const key = `${branch}\t${corpusFile}`;
  const take =
    builds.get(key) ??
    builds
      .set(
        key,
        sandboxTemplate((sb) => build(sb, corpusFile, branch)),
      )
      .get(key)!;
  return take(t);
}

/** The same owners for the same line content after the move, and some agent lines among them. */
function expectSame(t: Test, s: Setup, key: string, cwd = s.repo): void {
  const after = blameAll(s.sb, cwd, s.paths);
  score(key, after, s.truth);
  const was = ownersByText(s.before);
  const now = ownersByText(after);
  const differ = [...was].filter(([text, owners]) => JSON.stringify(now.get(text)) !== JSON.stringify(owners));
  t.ok(
    s.before.some((l) => l.state === 'ai' && l.session === s.session),
    'the session owned agent lines before the move',
  );
  t.same(
    differ.slice(0, 5).map(([text]) => ({ text, after: now.get(text) })),
    differ.slice(0, 5).map(([text, owners]) => ({ text, after: owners })),
    `every line keeps its state, agent and session (${differ.length} of ${was.size} differ)`,
  );
}

export function commitAll(sb: Sandbox, cwd: string, message: string): void {
  git(sb, cwd, ['add', '-A']);
  if (git(sb, cwd, ['status', '--porcelain']) !== '') git(sb, cwd, ['commit', '-q', '-m', message]);
}

/** One history move, run in the set-up repository; returns the worktree to blame in when it is not the repository's main one (anything else is ignored). */
export type Move = (s: Setup) => unknown;

/**
 * Register one test per move, each over the default sessions (every session with
 * `UNDO_ALL=1`); with `UNDO_SCORES=1` the ai/human scores over them are printed at the end.
 */
export function testMoves(moves: [name: string, branch: boolean, move: Move][]): void {
  t.setTimeout(process.env.UNDO_ALL === '1' ? 6 * 3600_000 : 900_000);
  const files = process.env.UNDO_ALL === '1' ? [...SESSIONS, ...MORE] : SESSIONS;
  for (const [name, branch, move] of moves) {
    t.test(`keeps every line's owner through ${name}`, { skip: NEEDS_CORPUS }, async (t) => {
      for (const file of HAS_CORPUS ? files : []) {
        await t.test(file.split('/').at(-1)!.slice(0, 36), async (t) => {
          const s = setUp(t, file, branch);
          const moved = move(s);
          const cwd = typeof moved === 'string' ? moved : s.repo;
          expectSame(t, s, `${name}\t${file}`, cwd);
          writeScores();
        });
      }
    });
  }
  // Once per process: a group file (test/group-undo.test.ts) calls testMoves for each of its files.
  if (!scoresPrinted) {
    scoresPrinted = true;
    t.teardown(printScores);
  }
}

/** Whether testMoves has registered printScores (it prints the counts of every file of the process). */
let scoresPrinted = false;

/** Write the counts so far to UNDO_SCORES_DIR when set (one JSON file per test process, rewritten after each session and move, so a run cut short still tells). */
function writeScores(): void {
  const dir = process.env.UNDO_SCORES_DIR;
  if (dir) writeFileSync(join(dir, `scores-${process.pid}.json`), JSON.stringify(Object.fromEntries(scores)));
}

/** Print the scores per move and over all (UNDO_SCORES=1). */
function printScores(): void {
  writeScores();
  if (process.env.UNDO_SCORES === '1') console.error(renderScores(scores));
}

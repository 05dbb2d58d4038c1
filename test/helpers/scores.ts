/**
 * The accuracy scores of the undo and redo tests (test/helpers/undo.ts): counts of lines per
 * true state and per state blame gave, and their table per move and over all moves (printed
 * by `UNDO_SCORES=1`, merged over test processes by scripts/undo-accuracy.ts). No tap here,
 * so a script can import it.
 */

/** A line's attribution state, as `git drift blame --json` gives it. */
export type State = 'ai' | 'ai-modified' | 'human';

/** Counts behind the scores of one move (or of all): lines per true state, lines blame got right, lines blame called `ai` and how many of those were. */
export interface Counts {
  truth: Record<State, number>;
  hit: Record<State, number>;
  predictedAi: number;
  predictedAiRight: number;
}

/** Zero counts. */
export function emptyCounts(): Counts {
  return { truth: { ai: 0, 'ai-modified': 0, human: 0 }, hit: { ai: 0, 'ai-modified': 0, human: 0 }, predictedAi: 0, predictedAiRight: 0 };
}

/** Add `b`'s counts into `a`. */
export function addCounts(a: Counts, b: Counts): void {
  for (const k of ['ai', 'ai-modified', 'human'] as const) {
    a.truth[k] += b.truth[k];
    a.hit[k] += b.hit[k];
  }
  a.predictedAi += b.predictedAi;
  a.predictedAiRight += b.predictedAiRight;
}

/** A markdown table of the scores per move and over all moves, from counts keyed `<move>\t<session file>`. */
export function renderScores(counts: Map<string, Counts>): string {
  const byMove = new Map<string, Counts>();
  const all = emptyCounts();
  for (const [key, c] of counts) {
    const move = key.split('\t')[0]!;
    addCounts(byMove.get(move) ?? byMove.set(move, emptyCounts()).get(move)!, c);
    addCounts(all, c);
  }
  const r = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(3));
  const row = (name: string, c: Counts) =>
    `| ${name} | ${r(c.hit.ai, c.truth.ai)} | ${r(c.predictedAiRight, c.predictedAi)} | ${r(c.hit.human, c.truth.human)} | ${r(c.hit['ai-modified'], c.truth['ai-modified'])} | ${c.truth.ai} / ${c.truth.human} / ${c.truth['ai-modified']} |`;
  return [
    'undo-redo scores',
    '| move | ai recall | ai precision | human recall | ai-modified recall | lines ai / human / ai-modified |',
    '|---|---|---|---|---|---|',
    ...[...byMove].map(([move, c]) => row(move, c)),
    row('**all moves**', all),
  ].join('\n');
}

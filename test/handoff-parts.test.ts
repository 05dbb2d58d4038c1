/**
 * The pure parts behind briefs and LLM compaction: diff hunks, note bodies read back,
 * other machines' home paths, prices, validation of an LLM answer, shell quoting of the
 * target command, and the word budget.
 */
import t from 'tap';
import { parseHunks } from '../src/git/changes.js';
import { parseNoteBody } from '../src/notes/body.js';
import { maskHomes } from '../src/redact/homes.js';
import { costUsd, estimateCostUsd, priceOf } from '../src/llm/pricing.js';
import { parseCompaction } from '../src/llm/compact.js';
import { shellQuote, targetGuide } from '../src/brief/targets.js';
import { fitBrief, countWords } from '../src/handoff/index.js';
import { MAX_BRIEF_WORDS, shrink } from '../src/handoff/extract/index.js';
import type { HandoffMaterial } from '../src/brief/material.js';
import { renderBriefBody } from '../src/render/brief/index.js';
import { withCondensed } from '../src/record/index.js';
import { extractSession } from '../src/handoff/extract/session.js';
import type { DriftEvent } from '../src/types.js';

t.test('splits a diff into files and hunks, with renames, new, deleted and quoted paths', async (t) => {
  const patch = [
    'diff --git a/src/a.ts b/src/a.ts',
    'index 1..2 100644',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -1,2 +1,2 @@',
    ' keep',
    '-old',
    '+new',
    '@@ -10 +10 @@',
    '-x',
    '+y',
    'diff --git a/old.txt b/new.txt',
    'similarity index 90%',
    'rename from old.txt',
    'rename to new.txt',
    '--- a/old.txt',
    '+++ b/new.txt',
    '@@ -1 +1 @@',
    '-a',
    '+b',
    'diff --git a/gone.txt b/gone.txt',
    'deleted file mode 100644',
    '--- a/gone.txt',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-bye',
    'diff --git "a/caf\\303\\251.md" "b/caf\\303\\251.md"',
    'new file mode 100644',
    '--- /dev/null',
    '+++ "b/caf\\303\\251.md"',
    '@@ -0,0 +1 @@',
    '+hello',
    'diff --git a/img.png b/img.png',
    'Binary files a/img.png and b/img.png differ',
  ].join('\n');
  const files = parseHunks(patch);
  t.same(
    files.map((f) => [f.path, f.change, f.hunks.length, f.binary]),
    [
      ['src/a.ts', 'modified', 2, false],
      ['new.txt', 'renamed', 1, false],
      ['gone.txt', 'deleted', 1, false],
      ['café.md', 'added', 1, false],
      ['img.png', 'modified', 0, true],
    ],
  );
  t.equal(files[0]!.hunks[0], '@@ -1,2 +1,2 @@\n keep\n-old\n+new');
});

t.test('reads the lists of each session section back from a note body', async (t) => {
  const body = [
    '## claude-code · 5f1c2a3b · claude-sonnet-4-5',
    '',
    '### Prompts',
    '',
    '1. (2026-11-20 09:00 UTC)',
    '> - not a list item',
    '',
    '### Decisions',
    '',
    '- Keep greet.',
    '',
    '### Rejected approaches',
    '',
    '- `src/greet.js` (Edit, user-declined): the user declined the edit',
    '',
    '## codex · 019ac364 · unknown model',
    '',
    '### Open threads',
    '',
    '- todo: write tests',
    '',
    '### Files touched',
    '',
    '- `a.ts`',
  ].join('\n');
  t.same(parseNoteBody(body), [
    { label: 'claude-code 5f1c2a3b', decisions: ['Keep greet.'], rejected: ['`src/greet.js` (Edit, user-declined): the user declined the edit'], openThreads: [] },
    { label: 'codex 019ac364', decisions: [], rejected: [], openThreads: ['todo: write tests'] },
  ]);
  t.same(parseNoteBody('no sections here\n- stray'), []);
});

t.test("masks any home directory, not only this machine's", async (t) => {
  t.equal(maskHomes('cp /Users/tarive/python/x.py /home/bob/y and /root/.ssh/z'), 'cp ~/python/x.py ~/y and ~/.ssh/z');
  t.equal(maskHomes('at /home/bob.'), 'at ~.');
  t.equal(maskHomes('keep /opt/home/bob/x, /homework/a and https://host/home/u/p'), 'keep /opt/home/bob/x, /homework/a and https://host/home/u/p');
});

t.test('prices calls per model, with dated ids, the long-prompt band and unknown models', async (t) => {
  const u = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 });
  t.equal(costUsd('claude-sonnet-5-5', u(1_000_000, 1_000_000)), 12);
  t.equal(costUsd('claude-sonnet-4-5-20250929', u(1_000_000, 0)), 3, 'a dated id takes its family price');
  t.equal(costUsd('claude-haiku-5-5', u(100_000, 1_000)), 0.0105, 'up to 100,000 prompt tokens: $0.10/$0.50');
  t.equal(costUsd('claude-haiku-5-5', u(100_001, 1_000)), 0.0525005, 'beyond: $0.50/$2.50 on every token');
  t.equal(costUsd('claude-opus-5', { inputTokens: 0, outputTokens: 0, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 }), 6.75);
  t.same(priceOf('claude-sonnet-5-5-20261001').known, true);
  t.same(priceOf('some-future-model').known, false);
  t.equal(costUsd('some-future-model', u(1_000_000, 0)), 10, 'unknown models cost the most');
  t.equal(estimateCostUsd('claude-sonnet-5-5', 3000, 1000), 0.012, '3,000 characters ≈ 1,000 tokens, plus the output limit');
});

const material: HandoffMaterial = {
  scope: 'branch feature',
  branch: {
    branch: 'feature',
    head: 'a'.repeat(40),
    baseName: 'main',
    base: 'b'.repeat(40),
    commits: { items: [], omitted: 0 },
    committed: { added: 1, removed: 0, files: 1 },
    uncommitted: { added: 0, removed: 0, files: 0 },
    untracked: 0,
    remark: null,
  },
  sessions: [
    {
      id: 'codex:019ac364-aaaa',
      agent: 'codex',
      label: 'codex 019ac364',
      model: null,
      branch: 'feature',
      started: null,
      ended: null,
      title: null,
      prompts: 1,
      edits: { applied: 0, rejected: 0 },
      source: 'log',
    },
  ],
  goal: { prompt: { session: 'codex 019ac364', at: null, text: 'Build it.' }, titles: [] },
  prompts: { items: [], omitted: 0 },
  decisions: { items: [], omitted: 0 },
  rejected: { items: [], omitted: 0 },
  openThreads: { items: [], omitted: 0 },
  files: { items: [], omitted: 0 },
  resume: { lastPrompt: null, lastMessage: null, lastCommand: null, lastFiles: [], nextSteps: ['Ask.'] },
};

t.test("accepts only an LLM answer of the schema's shape", async (t) => {
  const ok = parseCompaction(
    {
      goal: ' Ship it. ',
      decisions: [
        { text: 'Use X.', session: 'codex 019ac364' },
        { text: 'Use Y.', session: 'someone' },
      ],
      nextSteps: ['Do A.'],
    },
    material,
    'm',
  );
  t.same(ok, {
    model: 'm',
    goal: 'Ship it.',
    decisions: [
      { text: 'Use X.', session: 'codex 019ac364' },
      { text: 'Use Y.', session: 'unknown session' },
    ],
    nextSteps: ['Do A.'],
  });
  t.equal(parseCompaction(null, material, 'm'), null);
  t.equal(parseCompaction({ goal: '', decisions: [], nextSteps: ['a'] }, material, 'm'), null, 'an empty goal');
  t.equal(parseCompaction({ goal: 'g', decisions: [], nextSteps: [] }, material, 'm'), null, 'no next step');
  t.equal(parseCompaction({ goal: 'g', decisions: ['text'], nextSteps: ['a'] }, material, 'm'), null, 'a decision that is not an object');
  t.equal(parseCompaction({ goal: 'g', decisions: 'none', nextSteps: ['a'] }, material, 'm'), null);
});

t.test('quotes the first message for the shell in the target command', async (t) => {
  t.equal(shellQuote("it's"), `'it'\\''s'`);
  const claude = targetGuide('claude-code', '.prompts/handoffs/x.md');
  t.equal(claude.command, `claude ${shellQuote(claude.firstMessage)}`);
  t.match(claude.firstMessage, /\.prompts\/handoffs\/x\.md/);
  t.match(targetGuide('gemini', 'b.md').firstMessage, /@b\.md/);
  t.equal(targetGuide('aider', 'b.md').command, `aider --read 'b.md'`);
  t.equal(targetGuide('cursor', 'b.md').command, null);
  t.match(targetGuide('generic', null).how, /Paste this whole brief/);
});

t.test('shrinks a brief that would pass the word budget', async (t) => {
  const line = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
  const big: HandoffMaterial = {
    ...material,
    files: {
      items: Array.from({ length: 12 }, (_, i) => ({
        path: `f${i}.ts`,
        state: 'uncommitted' as const,
        change: 'modified',
        excerpt: Array(40).fill(`+${line}`).join('\n'),
        lang: 'diff',
        omittedLines: 0,
      })),
      omitted: 0,
    },
    decisions: { items: Array.from({ length: 12 }, () => ({ text: line, session: 'codex 019ac364' })), omitted: 0 },
  };
  const front = { drift: 1 as const, branch: 'feature', base: 'main', baseCommit: null, head: null, to: 'generic', sessions: [], agents: [], generated: '2026-11-20T12:00:00.000Z', llm: 'none' };
  const render = (m: HandoffMaterial) => renderBriefBody(m, null, targetGuide('generic', null));
  t.ok(countWords(render(big)) > MAX_BRIEF_WORDS, 'the material is too big at first');
  const text = fitBrief(front, big, render);
  t.ok(countWords(text) <= MAX_BRIEF_WORDS, `fitted: ${countWords(text)} words`);
  t.match(text, /more lines? not shown/, 'the cut is said');
  t.equal(shrink({ ...material, files: { items: [], omitted: 0 } }), null, 'a small brief has nothing left to cut');
});

t.test("puts the condensed section after a record's title, replacing an earlier one", async (t) => {
  const record = "---\ndrift: 1\nagent: codex\nstarted: '2026-11-20T09:00:00.000Z'\n---\n# codex session 019ac364\n\n## Prompts\n\n1. hi\n";
  const once = withCondensed(record, '## Condensed by m1\n\n### Goal\n\nOne.\n', 'm1');
  t.equal(once, "---\ndrift: 1\nagent: codex\nstarted: '2026-11-20T09:00:00.000Z'\nllm: m1\n---\n# codex session 019ac364\n\n## Condensed by m1\n\n### Goal\n\nOne.\n\n## Prompts\n\n1. hi\n");
  const twice = withCondensed(once, '## Condensed by m2\n\n### Goal\n\nTwo.\n', 'm2');
  t.equal(twice, once.replace(/m1/g, 'm2').replace('One.', 'Two.'), 'replaced, not added');
});

t.test('finds undone edits, failing commands and tests, and an unanswered last prompt in a session', async (t) => {
  const session = 'codex:019ac364-f0dc-7043-9750-594e12f5fd21';
  let n = 0;
  const base = () => ({ id: `e${n++}`, session, at: `2026-11-20T10:00:${String(n).padStart(2, '0')}Z` });
  const edit = (path: string, op: 'create' | 'update' | 'delete') => ({
    ...base(),
    kind: 'edit' as const,
    tool: 'apply_patch',
    path: `/repo/${path}`,
    op,
    movedTo: null,
    added: [],
    removed: [],
    outcome: 'applied' as const,
    rejection: null,
  });
  const command = (text: string, exitCode: number, output = '') => ({ ...base(), kind: 'command' as const, command: text, exitCode, output });
  const events: DriftEvent[] = [
    { ...base(), kind: 'prompt', text: 'Add a parser.' },
    edit('src/a.ts', 'update'),
    command('git checkout -- src/a.ts', 0),
    edit('scratch.py', 'create'),
    edit('scratch.py', 'delete'),
    command('cargo build', 101, 'error[E0425]: cannot find value `x`'),
    command('cargo build', 0),
    command('npm test', 1, 'not ok 3 - parses the header'),
    { ...base(), kind: 'message', text: 'The test still fails.' },
    { ...base(), kind: 'prompt', text: 'Why does the header test fail?' },
  ];
  const facts = extractSession(
    { info: { id: session, agent: 'codex', nativeId: session.slice(6), model: null, branch: 'main', cwd: '/repo', started: null, ended: null, version: null, title: null }, events, commits: [] },
    (p) => (p.startsWith('/repo/') ? p.slice(6) : null),
    'summary',
  );
  t.same(
    facts.rejected.map((r) => [r.kind, r.what, r.reason]),
    [
      ['reverted', '`src/a.ts`', 'edited, then undone by the agent with `git checkout -- src/a.ts`'],
      ['reverted', '`scratch.py`', 'the agent created the file, then deleted it'],
      ['command-failed', '`cargo build`', 'exit 101 (the same command passed later)'],
      ['command-failed', '`npm test`', 'exit 1'],
    ],
  );
  t.equal(facts.rejected[2]!.output, 'error[E0425]: cannot find value `x`', 'the failing output is kept');
  t.same(
    facts.threads.map((x) => x.kind),
    ['unanswered', 'failing-test'],
  );
  t.match(facts.threads[1]!.text, /^failing tests: `npm test` \(exit 1\): not ok 3 - parses the header$/);
  t.equal(facts.lastPromptAnswered, false);
  t.equal(facts.session.label, 'codex 019ac364');
});

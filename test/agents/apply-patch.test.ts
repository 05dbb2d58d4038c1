import t from 'tap';
import { parseApplyPatch } from '../../src/agents/apply-patch.js';

t.test('parses Add, Delete and an Update with several hunks, keeping patch order', async (t) => {
  const patch = [
    '*** Begin Patch',
    '*** Add File: docs/new.md',
    '+# Title',
    '+',
    '+body',
    '*** Delete File: old/gone.py',
    '*** Update File: src/app.py',
    '@@ def main():',
    '     x = 1',
    '-    y = 2',
    '+    y = 3',
    '+    z = 4',
    '@@',
    ' return x',
    '-print(y)',
    '*** End Patch',
  ].join('\n');
  const { ops, problems } = parseApplyPatch(patch);
  t.same(problems, []);
  t.same(
    ops.map((o) => [o.op, o.path, o.line]),
    [
      ['create', 'docs/new.md', 2],
      ['delete', 'old/gone.py', 6],
      ['update', 'src/app.py', 7],
    ],
  );
  t.same(ops[0]!.added, ['# Title', '', 'body']);
  t.same(ops[0]!.removed, []);
  t.same(ops[1]!.added, []);
  const update = ops[2]!;
  t.equal(update.hunks.length, 2);
  t.equal(update.hunks[0]!.header, 'def main():');
  t.equal(update.hunks[1]!.header, '');
  t.same(update.hunks[0]!.oldLines, ['    x = 1', '    y = 2']);
  t.same(update.hunks[0]!.newLines, ['    x = 1', '    y = 3', '    z = 4']);
  t.same(update.added, ['    y = 3', '    z = 4']);
  t.same(update.removed, ['    y = 2', 'print(y)']);
  t.equal(update.movedTo, null);
});

t.test('turns Update File + Move to into a move and marks End of File hunks', async (t) => {
  const patch = [
    '*** Begin Patch',
    '*** Update File: lib/a.ts',
    '*** Move to: lib/b.ts',
    '@@',
    ' export const a = 1;',
    '-export const old = 2;',
    '+export const renamed = 2;',
    '*** End of File',
    '*** End Patch',
  ].join('\n');
  const { ops, problems } = parseApplyPatch(patch);
  t.same(problems, []);
  t.equal(ops.length, 1);
  t.equal(ops[0]!.op, 'move');
  t.equal(ops[0]!.path, 'lib/a.ts');
  t.equal(ops[0]!.movedTo, 'lib/b.ts');
  t.equal(ops[0]!.hunks[0]!.endOfFile, true);
  t.same(ops[0]!.added, ['export const renamed = 2;']);
  t.same(ops[0]!.removed, ['export const old = 2;']);
});

t.test('finds the envelope inside a heredoc, accepts CRLF and a first hunk without @@', async (t) => {
  const text = "apply_patch << 'PATCH'\r\n*** Begin Patch\r\n*** Update File: a.txt\r\n-old\r\n+new\r\n\r\n*** End Patch\r\nPATCH";
  const { ops, problems } = parseApplyPatch(text);
  t.same(problems, []);
  t.equal(ops.length, 1);
  t.equal(ops[0]!.line, 3, 'line numbers count from the start of the given text');
  t.equal(ops[0]!.hunks[0]!.header, null);
  t.same(ops[0]!.added, ['new']);
  t.same(ops[0]!.removed, ['old']);
  t.same(ops[0]!.hunks[0]!.newLines, ['new', ''], 'an empty line in a hunk is an empty context line');
});

t.test('a malformed, truncated patch gives the ops parsed so far and problems, without throwing', async (t) => {
  const text = [
    '*** Begin Patch',
    'stray text before any file',
    '*** Add File: ok.txt',
    '+fine',
    'not a plus line',
    '*** Frobnicate File: x',
    '*** Update File: empty.txt',
    '*** Update File: half.txt',
    '@@',
    '+kept',
    '!bad marker',
  ].join('\n');
  const { ops, problems } = parseApplyPatch(text);
  t.same(
    ops.map((o) => [o.op, o.path, o.added]),
    [
      ['create', 'ok.txt', ['fine']],
      ['update', 'empty.txt', []],
      ['update', 'half.txt', ['kept']],
    ],
  );
  t.same(
    problems.map((p) => p.line),
    [2, 5, 6, 7, 11, null],
  );
  t.match(problems[problems.length - 1]!.message, /End Patch/);
  t.match(problems[3]!.message, /empty\.txt has no hunk/);
});

t.test('text without a patch yields no ops and one problem', async (t) => {
  const { ops, problems } = parseApplyPatch('echo hello');
  t.same(ops, []);
  t.equal(problems.length, 1);
  t.match(problems[0]!.message, /Begin Patch/);
});

t.test('Move to after a hunk is a problem, not a move', async (t) => {
  const text = '*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\n*** Move to: b\n*** End Patch\n';
  const { ops, problems } = parseApplyPatch(text);
  t.equal(ops[0]!.op, 'update');
  t.equal(ops[0]!.movedTo, null);
  t.same(
    problems.map((p) => p.line),
    [6],
  );
});

/**
 * The branded identifiers are checked where they enter: a full object name, a path that
 * stays in the work tree, a session id; git's post-rewrite input keeps only well-formed pairs.
 */
import t from 'tap';
import { parseRepoPath, parseSessionId, parseSha, assertSha, sessionId } from '../src/ids.js';
import { parseRewrites } from '../src/hooks/post-rewrite.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(64);

t.test('a sha is a full object name, SHA-1 or SHA-256, nothing else', async (t) => {
  t.equal(parseSha(`${A}\n`), A, 'trailing newline of git output ignored');
  t.equal(parseSha(B), B);
  t.equal(parseSha('a'.repeat(41)), null, 'neither length');
  t.equal(parseSha('abc1234'), null, 'an abbreviation is not a sha');
  t.equal(parseSha('HEAD'), null, 'a revision is not a sha');
  t.equal(parseSha(A.toUpperCase()), null, 'git prints lowercase');
  t.throws(() => assertSha('fatal: bad object', 'commit'), /unexpected commit/);
});

t.test('a repo path stays inside the work tree', async (t) => {
  t.equal(parseRepoPath('src/./a/../b.ts'), 'src/b.ts', 'normalised');
  t.equal(parseRepoPath('dir/'), 'dir');
  for (const bad of ['', '.', '/etc/passwd', '../x', 'a/../../x', 'C:/x', 'a\0b']) t.equal(parseRepoPath(bad), null, JSON.stringify(bad));
});

t.test('a session id is <agent>:<native id>', async (t) => {
  t.equal(parseSessionId('claude-code:5f1c2a3b-1'), 'claude-code:5f1c2a3b-1');
  t.equal(sessionId('codex', 'x'), 'codex:x');
  for (const bad of ['5f1c2a3b', 'claude-code:', ':x', 'Codex:x', 'codex:a\nb']) t.equal(parseSessionId(bad), null, JSON.stringify(bad));
});

t.test("post-rewrite keeps only git's well-formed old → new pairs", async (t) => {
  t.same(parseRewrites(`${A} ${B}\n${A} ${'c'.repeat(40)} extra\nnot a line\n${'d'.repeat(45)} ${A}\n`), [
    { from: A, to: B },
    { from: A, to: 'c'.repeat(40) },
  ]);
});

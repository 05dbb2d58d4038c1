/**
 * The interop codecs on hostile and odd input (pure): git-ai notes that must be refused,
 * Agent Trace files in each accepted shape, the batched diff splitter, paths git ends with
 * a tab, and terminal output of foreign text.
 */
import t from 'tap';
import { parseGitAiNote, GIT_AI_NOTE_MAX_BYTES } from '../src/interop/git-ai/parse.js';
import { parseAgentTraces } from '../src/interop/agent-trace/parse.js';
import { splitByCommit } from '../src/git/additions.js';
import { parseUnifiedZero } from '../src/git/diff.js';
import { renderImport } from '../src/render/interop.js';

const META = (extra = '') => `{"schema_version":"authorship/3.0.0","base_commit_sha":"abc","prompts":{"0123456789abcdef":{"agent_id":{"tool":"claude","id":"c1","model":"m"}}}${extra}}`;
const note = (entry: string, meta = META()) => `a.ts\n${entry}\n---\n${meta}\n`;

t.test('refuses git-ai notes that do not follow the standard, with the reason', async (t) => {
  const reason = (text: string) => {
    const parsed = parseGitAiNote(text);
    return 'invalid' in parsed ? parsed.invalid : null;
  };
  t.equal(reason(note('  0123456789abcdef 1-3,7')), null, 'a good note');
  t.equal(reason(note('  0123456789abcdef 1-3').replace(/\n/g, '\r\n')), null, 'CRLF line ends');
  t.match(reason(note('  0123456789abcdef 0-3')), /ranges N or A-B/, 'line 0');
  t.match(reason(note('  0123456789abcdef 5-3')), /ranges N or A-B/, 'a range that ends before it starts');
  t.match(reason(note('  0123456789abcdef 1-99999999999')), /ranges N or A-B/, 'a line number too large to be real');
  t.match(reason(note('   0123456789abcdef 1')), /not "<key> <ranges>"/, 'three spaces of indentation');
  t.match(reason(note('  zzzz 1')), /not a session, prompt or human key/);
  t.match(reason(note('  0123456789abcdef 1', META().replace('3.0.0', '2.0.0'))), /authorship\/3\.x\.y/);
  t.match(reason(note('  0123456789abcdef 1', META().replace('"c1"', '"c\\u001b[2J"'))), /control characters/, 'an id with an escape sequence');
  t.match(reason(note('  0123456789abcdef 1', '{not json')), /not JSON/);
  t.match(reason('a.ts\n  0123456789abcdef 1\n'), /no `---` line/);
  t.match(reason(`${'x'.repeat(GIT_AI_NOTE_MAX_BYTES)}\n---\n{}`), /larger than/);
});

t.test('reads Agent Trace files as one record, an array, or JSON lines, and reports what it cannot read', async (t) => {
  const record = { version: '0.1.0', id: 'r1', timestamp: '2026-01-01T00:00:00Z', files: [{ path: 'a', conversations: [{ ranges: [{ start_line: 1, end_line: 2 }] }] }] };
  t.equal(parseAgentTraces(JSON.stringify(record)).records.length, 1, 'one record');
  t.equal(parseAgentTraces(JSON.stringify([record, record])).records.length, 2, 'an array');
  const lines = parseAgentTraces(`${JSON.stringify(record)}\n\n{oops\n${JSON.stringify({ ...record, files: 'x' })}\n`);
  t.equal(lines.records.length, 1, 'JSON lines');
  t.same(
    lines.problems.map((p) => p.at),
    ['line 3', 'line 4'],
  );
  t.match(lines.problems[1]!.reason, /not an Agent Trace record: files/);
  t.same(parseAgentTraces('  \n'), { records: [], problems: [] }, 'an empty file');
});

t.test('cuts batched diff-tree output at its commit lines', async (t) => {
  const a = 'a'.repeat(40);
  const b = 'b'.repeat(40);
  const out = splitByCommit(`${a}\ndiff --git a/x b/x\n+${b}\n${b}\n`);
  t.same([...out.keys()], [a, b]);
  t.equal(out.get(a), `diff --git a/x b/x\n+${b}\n`, 'a patch line that holds a sha is not a commit line');
  t.equal(out.get(b), '', 'a commit with no patch');
});

t.test('reads a path with a space without the tab git puts after it', async (t) => {
  const patch = 'diff --git a/read me.md b/read me.md\nnew file mode 100644\n--- /dev/null\t\n+++ b/read me.md\t\n@@ -0,0 +1 @@\n+hi\n';
  t.same(
    parseUnifiedZero(patch).map((f) => f.path),
    ['read me.md'],
  );
});

t.test('escapes control characters of foreign reasons in the text output', async (t) => {
  const text = renderImport({ source: 'git-ai', imported: 0, merged: 0, unchanged: 0, skipped: [{ commit: 'c'.repeat(40), reason: 'bad \u001b[2J key' }] }, 'refs/notes/ai');
  t.match(text, /bad \\x1b\[2J key/);
  t.notMatch(text, /\u001b/);
});

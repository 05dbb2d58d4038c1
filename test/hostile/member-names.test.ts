/**
 * Names read from notes, logs and paths are data, also when they are Object's members
 * (`constructor`, `toString`, `__proto__`): a lookup table keyed by them must not find
 * Object's function there. Each case crashed or printed a function before.
 */
import t from 'tap';
import { parseNoteBody } from '../../src/notes/body.js';
import { renderBlame } from '../../src/render/blame.js';
import { languageOf } from '../../src/handoff/extract/files.js';
import type { BlameLine } from '../../src/blame/index.js';

const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

t.test("a note body's headings named like Object members are unknown headings, and parsing never throws", async (t) => {
  for (const name of NAMES) {
    const body = `## claude-code · 5f1c2a3b · model\n\n### ${name}\n\n- an item\n\n### Decisions\n\n- keep it\n`;
    const sections = parseNoteBody(body);
    t.same(
      sections.map((s) => [s.label, s.decisions, s.rejected, s.openThreads]),
      [['claude-code 5f1c2a3b', ['keep it'], [], []]],
      `### ${name}`,
    );
  }
});

t.test('blame paints an agent named like an Object member as an agent it has no colour for', async (t) => {
  for (const name of NAMES) {
    const line: BlameLine = { line: 1, commit: 'a'.repeat(40), state: 'ai', agent: name, session: `${name}:0123456789abcdef`, model: null, source: null, prompt: null, text: 'x' };
    const out = renderBlame([line], [{ owner: name, lines: 1, share: 1 }], { colour: true });
    t.match(out, /x/, `agent ${name}: rendered`);
    t.notMatch(out, /native code|\[object/, `agent ${name}: no function or object printed`);
  }
});

t.test('a file extension named like an Object member has no fence language', async (t) => {
  for (const name of NAMES) t.equal(languageOf(`src/odd.${name}`), null, `.${name}`);
  t.equal(languageOf('src/a.ts'), 'ts', 'a known extension still has its language');
});

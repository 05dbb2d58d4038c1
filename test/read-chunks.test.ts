/**
 * `git drift log`, `check` and `blame` over notes they have seen before load no note
 * parser: their command chunks, and every chunk those import statically, hold no YAML
 * library (gray-matter, js-yaml, yaml), no zod, no note codec (`src/notes/index.ts`) and
 * no secret rules (`src/redact/`). Those come only through a dynamic import, when a note
 * not in the note-head cache (or, for check, not in the verdict cache) must be parsed.
 * Checked on esbuild's metafile of the real build.
 */
import t from 'tap';
import { readBuildMeta, reachableInputs } from './helpers/build-meta.js';

const meta = readBuildMeta();
const reachable = (entry: string, staticOnly: boolean) => reachableInputs(meta, entry, staticOnly);

/** What parses or judges a note: the YAML libraries, zod, the note codec, the secret rules. */
const PARSER = /node_modules\/(gray-matter|js-yaml|yaml|zod)\/|^src\/notes\/index\.ts$|^src\/redact\//;

for (const command of ['log', 'check', 'blame']) {
  t.test(`git drift ${command} loads the note parser only when a note was not seen before`, async (t) => {
    const chunk = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === `src/commands/${command}.ts`);
    t.ok(chunk, `the build has a chunk for ${command}`);
    t.same(
      reachable(chunk!, true).filter((i) => PARSER.test(i)),
      [],
      'nothing of it in what the command loads at start',
    );
    t.ok(
      reachable(chunk!, false).some((i) => i === 'src/notes/index.ts'),
      'the check sees the note codec where it is loaded lazily',
    );
  });
}

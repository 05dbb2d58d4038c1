/**
 * `git drift log`, `check` and `blame` over notes they have seen before load no note
 * parser: their command chunks, and every chunk those import statically, hold no YAML
 * library (gray-matter, js-yaml, yaml), no zod, no note codec (`src/notes/index.ts`) and
 * no secret rules (`src/redact/`). Those come only through a dynamic import, when a note
 * not in the note-head cache (or, for check, not in the verdict cache) must be parsed.
 * The same holds for their start-up bundles (`dist/quick-<command>.cjs`, one CommonJS file
 * each, src/quick/), read on the source import graph, where a dynamic import stays lazy; and
 * such a bundle holds its own command only: no yargs program, no other command's module.
 * Checked on esbuild's metafile of the real build.
 */
import t from 'tap';
import { readBuildMeta, reachableInputs, reachableSources } from './helpers/build-meta.js';

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

for (const command of ['log', 'check', 'blame', 'status']) {
  t.test(`git drift ${command}'s start-up bundle holds its command only, and no note parser at start`, async (t) => {
    t.ok(meta.outputs[`dist/quick-${command}.cjs`], `the build wrote dist/quick-${command}.cjs`);
    const entry = `src/quick/${command}.ts`;
    const all = reachableSources(meta, entry);
    t.ok(all.includes(`src/commands/${command}.ts`), 'it holds the command');
    t.same(
      all.filter((i) => (/^src\/commands\/(?!io\.ts$|output\.ts$)/.test(i) && i !== `src/commands/${command}.ts`) || /^src\/cli(-yargs)?\.ts$|node_modules\/yargs\//.test(i)),
      [],
      'no other command, no yargs program (yargs-parser reads the line; a line it declines goes to the full command line)',
    );
    if (command === 'status') return;
    t.same(
      reachableSources(meta, entry, true).filter((i) => PARSER.test(i)),
      [],
      'no note parser in what it runs at start',
    );
    t.ok(all.includes('src/notes/index.ts'), 'the note codec is there, behind a dynamic import');
  });
}

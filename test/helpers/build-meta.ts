/**
 * esbuild's metafile of the real build (`dist/meta.json`, written by scripts/build.mjs), and
 * what an output chunk loads, for the tests that check which libraries a command or a hook
 * reaches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT } from './env.js';

/** One import in the metafile: the imported path, how (`import-statement`, `dynamic-import`, `require-call`…), external or not. */
export type MetaImport = { path: string; kind: string; external?: boolean };

/** The metafile's shape, as far as the tests read it (esbuild's `Metafile`). */
export interface BuildMeta {
  inputs: Record<string, { imports: MetaImport[] }>;
  outputs: Record<string, { inputs: Record<string, unknown>; imports?: MetaImport[]; entryPoint?: string }>;
}

/** Read `dist/meta.json`. Throws when there is no build. */
export function readBuildMeta(): BuildMeta {
  return JSON.parse(readFileSync(join(PROJECT, 'dist', 'meta.json'), 'utf8')) as BuildMeta;
}

/**
 * The source inputs of output `entry` (e.g. `dist/cli.bundle.js`) and of every output chunk
 * it imports, statically or (unless `staticOnly`) also dynamically.
 */
export function reachableInputs(meta: BuildMeta, entry: string, staticOnly = false): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const out = todo.pop()!;
    if (seen.has(out) || !meta.outputs[out]) continue;
    seen.add(out);
    for (const imp of meta.outputs[out]!.imports ?? []) if (imp.path.startsWith('dist/') && (!staticOnly || imp.kind === 'import-statement')) todo.push(imp.path);
  }
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
}

/**
 * Source modules reachable from `entry` on the import graph: through imports and requires,
 * and (unless `staticOnly`) dynamic imports; never through a module in `skip`.
 */
export function reachableSources(meta: BuildMeta, entry: string, staticOnly = false, skip: string[] = []): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const input = todo.pop()!;
    if (seen.has(input) || !meta.inputs[input] || skip.includes(input)) continue;
    seen.add(input);
    for (const imp of meta.inputs[input]!.imports) if (!imp.external && (!staticOnly || imp.kind !== 'dynamic-import')) todo.push(imp.path);
  }
  return [...seen];
}

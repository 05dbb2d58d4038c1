/**
 * The hook path stays light: the hook bundle must not contain the CLI framework, an LLM
 * SDK or a markdown AST (STYLE.md), checked on esbuild's metafile of the real build.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT } from './helpers/env.js';

t.test('the hook bundle loads no yargs, LLM SDK or remark', async (t) => {
  const meta = JSON.parse(readFileSync(join(PROJECT, 'dist', 'meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  const hook = Object.entries(meta.outputs).find(([name]) => name.endsWith('hook.bundle.js'));
  t.ok(hook, 'the build wrote a hook bundle');
  const inputs = Object.keys(hook![1].inputs);
  t.ok(inputs.some((i) => i.includes('src/capture/index.ts')), 'it holds the capture code');
  t.same(inputs.filter((i) => /node_modules\/(yargs|@anthropic-ai|remark|unified|mdast)/.test(i)), [], 'no heavy libraries');
  const cli = Object.entries(meta.outputs).find(([name]) => name.endsWith('cli.bundle.js'))!;
  t.ok(Object.keys(cli[1].inputs).some((i) => i.includes('node_modules/yargs')), 'the check sees yargs where it is used');
});

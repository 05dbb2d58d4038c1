// Issue 12, property tests: each agent reader fed mutated real corpus lines (truncated,
// bytes flipped, duplicated, fields dropped, huge strings, wrong types) never lets a throw
// escape and finishes each input in bounded time; a secret planted in a prompt and read
// back by a reader is gone once redacted, as capture redacts every string it writes.
import t from 'tap';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { READERS } from '../../src/agents/index.js';
import type { LogFile } from '../../src/agents/reader.js';
import type { AgentId } from '../../src/types.js';
import { redact } from '../../src/redact/index.js';
import { CORPUS, NEEDS_CORPUS } from '../helpers/env.js';

/** Corpus folder of each agent whose reader parses text chunks. */
const FOLDERS: Partial<Record<AgentId, string>> = { 'claude-code': 'claude-code', codex: 'codex', gemini: 'gemini-cli', cursor: 'cursor', cline: 'cline', aider: 'aider' };
/** Bound on one parse of one mutated input, in ms: far above a normal parse, far below a hang. */
const MAX_MS = 2000;

/** Up to `n` text files of a corpus folder, smallest first. */
function sampleFiles(dir: string, n: number): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(?:jsonl?|md|txt|history)$|history/.test(e.name) && statSync(p).size < 4_000_000) out.push(p);
    }
  };
  walk(dir);
  return out.sort((a, b) => statSync(a).size - statSync(b).size).slice(0, n);
}

/** A mutation of one JSON line: each keeps the input hostile but plausible. */
function mutate(line: string, kind: number, at: number, junk: string): string {
  const i = line.length === 0 ? 0 : at % line.length;
  switch (kind) {
    case 0:
      return line.slice(0, i); // truncated
    case 1:
      return line.slice(0, i) + String.fromCharCode((line.charCodeAt(i) ^ 0x5a) & 0xffff) + line.slice(i + 1); // a byte flipped
    case 2:
      return `${line}\n${line}`; // duplicated
    case 3:
      return line.replace(/"[A-Za-z_]+":\s*("(?:[^"\\]|\\.)*"|[-\d.]+|true|false|null|\{\}|\[\]),?/, ''); // a field dropped
    case 4:
      return line.replace(/"((?:[^"\\]|\\.)*)"/, `"${junk.repeat(Math.ceil(200_000 / Math.max(1, junk.length)))}"`); // a huge string
    case 5:
      return line.replace(/:\s*("(?:[^"\\]|\\.)*"|\{|\[)/, ': 12345, "x": ['); // wrong type
    default:
      return line.replace(/"(?:[^"\\]|\\.)*"/g, '[]'); // every string an array
  }
}

for (const [agent, folder] of Object.entries(FOLDERS) as [AgentId, string][]) {
  const reader = READERS[agent];
  t.test(`${agent}: mutated corpus lines never throw out of the reader, nor hang`, { skip: NEEDS_CORPUS }, async (t) => {
    const files = sampleFiles(join(CORPUS, folder), 3);
    t.ok(files.length > 0, `corpus files for ${agent}`);
    const lines = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .slice(0, 60),
    );
    const file: LogFile = { agent, path: files[0]!, sessionNativeId: 'prop-session', sidechain: false };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: lines.length - 1 }), fc.integer({ min: 0, max: 6 }), fc.nat(), fc.string({ maxLength: 8 }), (li, kind, at, junk) => {
        const text = `${mutate(lines[li]!, kind, at, junk)}\n`;
        const start = performance.now();
        reader.parseChunk(text, 0, reader.initialState(file), file);
        const ms = performance.now() - start;
        return ms < MAX_MS;
      }),
      { numRuns: 150, seed: 12 },
    );
  });
}

t.test('claude-code: a secret planted in a prompt is gone from everything the reader gives, once redacted', async (t) => {
  const reader = READERS['claude-code'];
  const file: LogFile = { agent: 'claude-code', path: '/nonexistent/s.jsonl', sessionNativeId: 'prop-session', sidechain: false };
  const HEX = '0123456789abcdef';
  fc.assert(
    fc.property(
      fc.string({ minLength: 32, maxLength: 32, unit: fc.constantFrom(...HEX) }),
      fc.constantFrom('the Twilio auth token is ', 'export OPENAI_API_KEY=sk-proj-', 'shopify token shpat_', 'the db password is Pw9!'),
      (hex, lead) => {
        const secret = lead.startsWith('the db') ? `${hex.slice(0, 10)}x` : hex;
        const prompt = `${lead}${secret} please deploy`;
        const line = JSON.stringify({ type: 'user', sessionId: 'prop-session', uuid: 'u1', timestamp: '2026-01-01T00:00:00Z', cwd: '/repo', message: { role: 'user', content: prompt } });
        const result = reader.parseChunk(`${line}\n`, 0, reader.initialState(file), file);
        const read = JSON.stringify(result);
        const out = redact(read, { home: null, roots: [], patterns: [] });
        return read.includes(secret) && !out.includes(secret); // the reader kept the prompt; redaction removed the secret
      },
    ),
    { numRuns: 100, seed: 13 },
  );
  t.pass('no planted secret survives');
});

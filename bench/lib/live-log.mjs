/**
 * A live Claude Code session of any size, made from a real corpus session (for the live
 * session bench and its test): copies of its lines one after the other, each copy with its
 * own line uuids and tool-use ids (so no event repeats another), all under one session id,
 * with the recorded cwd rewritten to the repository. And one more edit in Claude Code's own
 * line format, to grow it by.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const esc = (s) => JSON.stringify(s).slice(1, -1);

/**
 * Write to `path` about `mb` MiB of copies of `sample` (a Claude Code session's text) as
 * session `sessionId` working in `repo`. Returns the bytes written.
 */
export function writeReplicatedSession(path, sample, mb, sessionId, repo) {
  const cwd = JSON.parse(`"${/"cwd":"((?:[^"\\]|\\.)*)"/.exec(sample)[1]}"`);
  const text = sample.split(esc(cwd)).join(esc(repo));
  const own = /"sessionId":"([0-9a-f-]{36})"/.exec(text)?.[1];
  const copies = Math.max(1, Math.round((mb * 1024 * 1024) / Buffer.byteLength(text)));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '');
  let bytes = 0;
  for (let k = 0; k < copies; k++) {
    const copy = text.replace(UUID, (u) => (u === own ? sessionId : k === 0 ? u : uuidOf(`${u}:${k}`))).replace(/toolu_[A-Za-z0-9]+/g, (id) => (k === 0 ? id : `${id}_${k}`));
    appendFileSync(path, copy);
    bytes += Buffer.byteLength(copy);
  }
  return bytes;
}

function uuidOf(seed) {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Append to the session log at `path` one prompt, one applied Write of `rel` (under `repo`)
 * holding `lines`, and the agent's closing message, as Claude Code logs them; write the
 * file. Returns the bytes appended to the log.
 */
export function appendWrite(path, sessionId, repo, rel, lines, round) {
  const content = `${lines.join('\n')}\n`;
  const file = join(repo, rel);
  const base = { cwd: repo, sessionId, version: '2.0.28', gitBranch: 'main', timestamp: `2026-01-02T00:${String(round % 60).padStart(2, '0')}:00.000Z` };
  const id = `toolu_live_${round}`;
  const text = [
    { ...base, type: 'user', uuid: `p-${round}`, message: { role: 'user', content: `Write ${rel}, round ${round}` } },
    {
      ...base,
      type: 'assistant',
      uuid: `a-${round}`,
      message: { id: `m-${round}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name: 'Write', input: { file_path: file, content } }] },
    },
    {
      ...base,
      type: 'user',
      uuid: `u-${round}`,
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] },
      toolUseResult: { type: 'create', filePath: file, content, structuredPatch: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: lines.length, lines: lines.map((l) => `+${l}`) }] },
    },
    {
      ...base,
      type: 'assistant',
      uuid: `d-${round}`,
      message: { id: `n-${round}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: `Wrote ${rel}. It holds round ${round}.` }] },
    },
  ]
    .map((l) => `${JSON.stringify(l)}\n`)
    .join('');
  appendFileSync(path, text);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return Buffer.byteLength(text);
}

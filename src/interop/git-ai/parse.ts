/**
 * Parsing git-ai authorship notes (pure): the v3 note of `refs/notes/ai` (an attestation
 * section, a line `---`, JSON metadata; git-ai-project/git-ai
 * `specs/git_ai_standard_v3.0.0.md`, samples in `../shared/corpus/git-ai/`) and the legacy
 * `authorship/0.0.1` blob of `refs/ai/authorship/<commit>`. Both become one shape, `GitAiNote`.
 * Foreign input: a note that does not parse is `{invalid}` with the reason, never a guess.
 */
import { firstIssue, gitAiLegacy, gitAiMetadata } from '../schemas.js';
import { parseGitAiKey } from './keys.js';
import { parseRangeIntervals } from '../../notes/ranges.js';

/** Largest git-ai note read, in bytes; a larger one is skipped. */
export const GIT_AI_NOTE_MAX_BYTES = 4 * 1024 * 1024;

/** A conversation named by a note: git-ai's `agent_id` and `human_author`. */
export interface GitAiAgent {
  tool: string;
  /** The tool's conversation id. */
  id: string;
  model: string | null;
  /** `human_author`: an email or `Name <email>`, or null. */
  humanAuthor: string | null;
}

/** One attestation entry: a key and its 1-based inclusive line intervals, in the order written. */
export interface GitAiEntry {
  key: string;
  ranges: [number, number][];
}

/** A parsed git-ai note. */
export interface GitAiNote {
  /** `authorship/3.0.0`, or `authorship/0.0.1` for a legacy blob. */
  schemaVersion: string;
  /** `base_commit_sha` (null for a legacy blob). */
  baseCommit: string | null;
  /** The attestation section, per file in the order written. */
  files: { path: string; entries: GitAiEntry[] }[];
  /** Keys of the attestation section (`s_…`, 16/7-hex prompt keys) → conversation. */
  agents: Map<string, GitAiAgent>;
  /** Known humans: `h_…` → `Name <email>`. */
  humans: Map<string, string>;
}

/** Why a note could not be read. */
export interface InvalidGitAiNote {
  invalid: string;
}

/**
 * Parse a v3 git-ai note. Accepts pretty-printed or compact JSON, unsorted ranges, legacy
 * prompt keys beside session keys and CRLF line ends; paths are taken as written, or as a
 * JSON string when quoted. Every key of the attestation section must be a known shape and,
 * except known humans, have its conversation in the metadata.
 */
export function parseGitAiNote(text: string): GitAiNote | InvalidGitAiNote {
  if (Buffer.byteLength(text, 'utf8') > GIT_AI_NOTE_MAX_BYTES) return { invalid: `larger than ${GIT_AI_NOTE_MAX_BYTES} bytes` };
  const lines = text.split(/\r?\n/);
  const sep = lines.indexOf('---');
  if (sep < 0) return { invalid: 'no `---` line between the attestations and the metadata' };
  const meta = readMetadata(lines.slice(sep + 1).join('\n'));
  if ('invalid' in meta) return meta;
  const files = readAttestations(lines.slice(0, sep));
  if ('invalid' in files) return files;
  const note: GitAiNote = { schemaVersion: meta.schema_version, baseCommit: meta.base_commit_sha, files, agents: new Map(), humans: new Map() };
  for (const [key, p] of Object.entries(meta.prompts)) note.agents.set(key, toAgent(p));
  for (const [key, s] of Object.entries(meta.sessions ?? {})) note.agents.set(key, toAgent(s));
  for (const [key, h] of Object.entries(meta.humans ?? {})) note.humans.set(key, h.author);
  const unknown = unresolvedKey(note);
  return unknown ? { invalid: unknown } : note;
}

type Meta = ReturnType<typeof gitAiMetadata.parse>;

function readMetadata(json: string): Meta | InvalidGitAiNote {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return { invalid: `the metadata is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = gitAiMetadata.safeParse(value);
  return parsed.success ? parsed.data : { invalid: `the metadata does not fit authorship/3.0.0: ${firstIssue(parsed.error)}` };
}

function toAgent(a: { agent_id: { tool: string; id: string; model?: string | null }; human_author?: string | null }): GitAiAgent {
  return { tool: a.agent_id.tool, id: a.agent_id.id, model: a.agent_id.model ?? null, humanAuthor: a.human_author ?? null };
}

/** The attestation section: paths at column 0, entries indented exactly two spaces. */
function readAttestations(lines: string[]): GitAiNote['files'] | InvalidGitAiNote {
  const files: GitAiNote['files'] = [];
  for (const [i, line] of lines.entries()) {
    if (line === '') continue;
    if (line.startsWith('  ')) {
      const current = files[files.length - 1];
      if (!current) return { invalid: `line ${i + 1}: an entry before any file path` };
      const m = /^ {2}(\S+) (\S+)$/.exec(line);
      const ranges = m ? parseGitAiRanges(m[2]!) : null;
      if (!m || !ranges) return { invalid: `line ${i + 1}: not "<key> <ranges>" with ranges N or A-B (1 ≤ A ≤ B)` };
      current.entries.push({ key: m[1]!, ranges });
      continue;
    }
    const path = readPath(line);
    if (path === null) return { invalid: `line ${i + 1}: a file path that does not parse` };
    files.push({ path, entries: [] });
  }
  return files;
}

function readPath(line: string): string | null {
  if (!line.startsWith('"')) return line.startsWith(' ') ? null : line;
  try {
    const path = JSON.parse(line) as unknown;
    return typeof path === 'string' && path !== '' ? path : null;
  } catch {
    return line.endsWith('"') && line.length > 2 ? line.slice(1, -1) : null;
  }
}

/** `1-10,15,3` as intervals in the order written, or null when a part is not N or A-B with 1 ≤ A ≤ B (`parseRangeIntervals`, the note's own range syntax). */
export function parseGitAiRanges(text: string): [number, number][] | null {
  return parseRangeIntervals(text);
}

function unresolvedKey(note: GitAiNote): string | null {
  for (const file of note.files) {
    for (const { key } of file.entries) {
      const k = parseGitAiKey(key);
      if (!k) return `file ${file.path}: "${key}" is not a session, prompt or human key`;
      const lookup = k.kind === 'session' ? k.session : k.kind === 'prompt' ? k.prompt : null;
      if (lookup !== null && !note.agents.has(lookup)) return `file ${file.path}: key ${key} has no entry in the metadata`;
    }
  }
  return null;
}

/** Author names of a legacy blob that are agents (lower-cased), when `agent_metadata` does not say. */
const LEGACY_AGENT_NAMES = /^(claude|claude code|codex|cursor|copilot|github copilot|gemini|windsurf|aider|opencode|cline|amp)$/i;

/**
 * Parse a legacy `authorship/0.0.1` blob into a `GitAiNote`: each agent author becomes a
 * conversation (its `agent_metadata` when given, else the tool named by the author and the
 * id `legacy-<commit 12>`), keyed `legacy:<n>`; other authors are known humans.
 */
export function parseGitAiLegacy(text: string, commit: string): GitAiNote | InvalidGitAiNote {
  if (Buffer.byteLength(text, 'utf8') > GIT_AI_NOTE_MAX_BYTES) return { invalid: `larger than ${GIT_AI_NOTE_MAX_BYTES} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { invalid: `the legacy blob is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = gitAiLegacy.safeParse(value);
  if (!parsed.success) return { invalid: `the legacy blob does not fit authorship/0.0.1: ${firstIssue(parsed.error)}` };
  const note: GitAiNote = { schemaVersion: 'authorship/0.0.1', baseCommit: null, files: [], agents: new Map(), humans: new Map() };
  const keys = new Map<string, string>();
  for (const [path, file] of Object.entries(parsed.data.files)) {
    const entries: GitAiEntry[] = [];
    for (const a of file.authors) {
      const meta = a.agent_metadata;
      const isAgent = !!meta || LEGACY_AGENT_NAMES.test(a.author.trim());
      const tool = meta?.tool ?? a.author.trim().split(/\s+/)[0]!.toLowerCase();
      const name = isAgent ? `${tool}\0${meta?.id ?? ''}` : `human\0${a.author}`;
      let key = keys.get(name);
      if (!key) {
        key = isAgent ? `legacy:${keys.size}` : `h_legacy:${keys.size}`;
        keys.set(name, key);
        if (isAgent) note.agents.set(key, { tool, id: meta?.id ?? `legacy-${commit.slice(0, 12)}`, model: meta?.model ?? null, humanAuthor: null });
        else note.humans.set(key, a.author);
      }
      const ranges = a.lines.map((l): [number, number] => (typeof l === 'number' ? [l, l] : l));
      if (ranges.some(([s, e]) => e < s)) return { invalid: `file ${path}: a line range ends before it starts` };
      entries.push({ key, ranges });
    }
    note.files.push({ path, entries });
  }
  return note;
}

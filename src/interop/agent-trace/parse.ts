/**
 * Reading Agent Trace records (pure, lenient): a file holding one record, a JSON array of
 * records, or JSON lines (the reference implementation's `.agent-trace/traces.jsonl`).
 * Source: cursor/agent-trace `README.md` (spec 0.1.0) and `reference/trace-store.ts`.
 * Each record is checked with zod; one that does not fit is reported, never guessed.
 */
import { agentTraceRecord, firstIssue, type AgentTraceRecordInput } from '../schemas.js';

/** Largest trace file read, in bytes. */
export const TRACE_FILE_MAX_BYTES = 256 * 1024 * 1024;

/** Most records read from one file. */
export const TRACE_MAX_RECORDS = 1_000_000;

/** A record that could not be read: where it was (1-based line for JSON lines, else 0-based index) and why. */
export interface TraceProblem {
  at: string;
  reason: string;
}

/** The records of a trace file and the problems found. */
export interface ParsedTraces {
  records: AgentTraceRecordInput[];
  problems: TraceProblem[];
}

/**
 * Parse the text of a trace file: a JSON object, a JSON array of objects, or one JSON
 * object per line (blank lines skipped). Never throws.
 */
export function parseAgentTraces(text: string): ParsedTraces {
  const out: ParsedTraces = { records: [], problems: [] };
  const trimmed = text.trim();
  if (trimmed === '') return out;
  let whole: unknown;
  let isWhole = true;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    isWhole = false;
  }
  if (isWhole) {
    const items = Array.isArray(whole) ? whole : [whole];
    items.slice(0, TRACE_MAX_RECORDS).forEach((item, i) => take(out, item, Array.isArray(whole) ? `record ${i}` : 'record'));
    return out;
  }
  const lines = trimmed.split('\n');
  for (let i = 0; i < lines.length && out.records.length < TRACE_MAX_RECORDS; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      out.problems.push({ at: `line ${i + 1}`, reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    take(out, value, `line ${i + 1}`);
  }
  return out;
}

function take(out: ParsedTraces, value: unknown, at: string): void {
  const parsed = agentTraceRecord.safeParse(value);
  if (parsed.success) out.records.push(parsed.data);
  else out.problems.push({ at, reason: `not an Agent Trace record: ${firstIssue(parsed.error)}` });
}

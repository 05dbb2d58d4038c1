/**
 * Where a command prints: the shared sink lookup that lets tests capture a command's
 * output without touching the process's standard output, and the terminal-safe writer.
 */
import type { Args } from '../cli.js';
import { escapeTerminal } from '../render/terminal.js';

/** Anything text can be written to (a stream, or a test's collector). */
export interface Sink {
  write(text: string): unknown;
}

/**
 * Write text meant for a terminal (never JSON) to `sink`, control characters shown as
 * escapes (`escapeTerminal`): notes and agent logs can carry escape sequences.
 */
export function writeText(sink: Sink, text: string): void {
  sink.write(escapeTerminal(text));
}

/** `args.stdout` when a caller (a test) gives one with a `write(text)` method, else the process's standard output. */
export function output(args: Args): Sink {
  const sink = args.stdout as { write?: unknown } | undefined;
  return sink && typeof sink.write === 'function' ? (sink as Sink) : process.stdout;
}

/**
 * Where a command prints (`CommandIO.stdout`, `stderr`: the process's streams, or a test's
 * collector), and the terminal-safe writer.
 */
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

/**
 * User patterns from `git config drift.redact.pattern` (multi-valued): JavaScript regex
 * sources, each match redacted as kind `pattern`. A leading `(?i)` (as gitleaks and
 * other tools write it) makes the pattern case-insensitive.
 */
import { RANK, type RankedSpan } from './spans.js';

/** A pattern that could not be compiled, with the engine's message. */
export interface InvalidPattern {
  pattern: string;
  message: string;
}

/** What `compilePatterns` made of the configured sources. */
export interface CompiledPatterns {
  regexes: RegExp[];
  invalid: InvalidPattern[];
}

/** Compile one source: Unicode mode first, then legacy mode. Throws the engine's SyntaxError. */
function compileOne(source: string): RegExp {
  const insensitive = source.startsWith('(?i)');
  const body = insensitive ? source.slice(4) : source;
  const flags = insensitive ? 'gi' : 'g';
  try {
    return new RegExp(body, `${flags}u`);
  } catch {
    return new RegExp(body, flags);
  }
}

/**
 * Compile user pattern sources. Empty, non-string or invalid sources are collected in
 * `invalid` (never thrown); duplicates are compiled once.
 */
export function compilePatterns(sources: readonly unknown[]): CompiledPatterns {
  const regexes: RegExp[] = [];
  const invalid: InvalidPattern[] = [];
  for (const source of new Set(sources)) {
    if (typeof source !== 'string' || source.length === 0) {
      invalid.push({ pattern: String(source), message: 'empty or not a string' });
      continue;
    }
    try {
      regexes.push(compileOne(source));
    } catch (error) {
      invalid.push({ pattern: source, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { regexes, invalid };
}

/** Non-empty matches of the user patterns in `text`, kind `pattern`. */
export function findPatterns(text: string, regexes: readonly RegExp[]): RankedSpan[] {
  const out: RankedSpan[] = [];
  for (const re of regexes) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (m[0].length > 0) out.push({ kind: 'pattern', index: m.index, length: m[0].length, rank: RANK.pattern });
    }
  }
  return out;
}

/**
 * The shape of a vendor rule as scripts/gitleaks-rules.mjs writes it from gitleaks'
 * configuration (gitleaks' `[[rules]]` and `[allowlist]` tables, its regexes translated
 * from Go RE2 to flag-free JavaScript sources).
 */

/** One of a rule's allowlists: a finding it matches is not a secret. */
export interface VendorAllowlist {
  /** `or`: any regex or stopword matching is enough; `and`: every condition given must match. */
  condition: 'or' | 'and';
  /** What `regexes` are tested against: the secret, the whole match, or the match's line. */
  target: 'secret' | 'match' | 'line';
  /** JavaScript regex sources. */
  regexes: string[];
  /** Lower-case words; a secret containing one (case-insensitively) is allowed. */
  stopwords: string[];
  /** Whether gitleaks also limits it to paths or commits, which text has not: with `and`, the allowlist never applies. */
  pathsOrCommits: boolean;
}

/** One gitleaks rule. */
export interface VendorRule {
  /** gitleaks' rule id (`twilio-api-key`), also the kind of `[REDACTED:<kind>]`. */
  id: string;
  /** JavaScript regex source, without flags. */
  regex: string;
  /** Capture group holding the secret; 0: the first non-empty group, or the whole match without groups. */
  secretGroup: number;
  /** Shannon entropy (bits per character) the secret must exceed; 0: none. */
  entropy: number;
  /** Whether gitleaks' regex began with `[\w.-]{0,50}?` (dropped from `regex`): a `match` allowlist then sees that much more to the left. */
  leadIn: boolean;
  /** Lower-case words one of which the text must contain for the rule to run; empty: always runs. */
  keywords: string[];
  allowlists: VendorAllowlist[];
}

/** gitleaks' global allowlist, applied to every rule's secret. */
export interface GlobalAllowlist {
  regexes: string[];
  stopwords: string[];
}

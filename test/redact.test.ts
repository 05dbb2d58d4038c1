import t from 'tap';
import { SECRET_KINDS, compileRedactOptions, findSecrets, redact, relativizePath, type RedactOptions } from '../src/redact/index.js';

// Fake secrets are assembled at run time so this file holds nothing a scanner would flag.
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const B62 = UPPER + LOWER + DIGITS;
const B64URL = B62 + '-_';

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
const b64url = (s: string): string => Buffer.from(s).toString('base64url');

const NONE: RedactOptions = { home: null, roots: [], patterns: [] };

const keyBody = Array.from({ length: 6 }, (_, i) => fake(B62 + '+/', 64, 900 + i)).join('\n');
const pem = (label: string): string => `-----BEGIN ${label} PRIVATE ` + `KEY-----\n${keyBody}\n-----END ${label} PRIVATE ` + 'KEY-----';

/** Planted secrets: each `secret` must vanish from `text` and leave `[REDACTED:kind]`; `keep` must stay. */
const PLANTED: { name: string; text: string; secret: string; kind: string; keep?: string[] }[] = [
  ...[
    ['anthropic', 'sk-ant-' + 'api03-' + fake(B64URL, 93, 1) + 'AA'],
    ['openai', 'sk-' + fake(B62, 20, 2) + 'T3Blbk' + 'FJ' + fake(B62, 20, 3)],
    ['openai', 'sk-' + 'proj-' + fake(B64URL, 120, 4)],
    ['github', 'gh' + 'p_' + fake(B62, 36, 5)],
    ['github', 'gh' + 'o_' + fake(B62, 36, 6)],
    ['github', 'github' + '_pat_' + fake(B62, 22, 7) + '_' + fake(B62, 59, 8)],
    ['aws', 'AK' + 'IA' + fake(UPPER + DIGITS, 16, 9)],
    ['aws', 'AS' + 'IA' + fake(UPPER + DIGITS, 16, 10)],
    ['google', 'AI' + 'za' + fake(B64URL, 35, 11)],
    ['slack', 'xo' + 'xb-' + fake(DIGITS, 12, 12) + '-' + fake(DIGITS, 13, 13) + '-' + fake(B62, 24, 14)],
    ['stripe', 'sk' + '_live_' + fake(B62, 24, 15)],
    ['stripe', 'rk' + '_live_' + fake(B62, 24, 16)],
    ['huggingface', 'hf' + '_' + fake(UPPER + LOWER, 34, 17)],
    ['npm', 'np' + 'm_' + fake(B62, 36, 18)],
    ['gitlab', 'gl' + 'pat-' + fake(B64URL, 20, 19)],
    ['jwt', b64url('{"alg":"HS256","typ":"JWT"}') + '.' + b64url('{"sub":"1234567890","iat":1516239022}') + '.' + fake(B64URL, 43, 20)],
    ['high-entropy', fake(B62 + '+/', 44, 21) + '=='],
  ].map(([kind = '', secret = ''], i) => ({
    name: `${kind} key in prose (${i})`,
    text: `Here it is: ${secret} — please keep it safe.`,
    secret,
    kind,
    keep: ['Here it is: ', ' — please keep it safe.'],
  })),
  {
    name: 'provider key inside an env assignment is named after the provider',
    text: 'export OPENAI_API_KEY=' + 'sk-' + 'proj-' + fake(B64URL, 60, 22),
    secret: 'sk-' + 'proj-' + fake(B64URL, 60, 22),
    kind: 'openai',
    keep: ['export OPENAI_API_KEY='],
  },
  { name: 'whole private key block', text: `key:\n${pem('RSA')}\nthanks`, secret: keyBody, kind: 'private-key', keep: ['key:\n', '\nthanks'] },
  { name: 'OpenSSH private key block', text: pem('OPENSSH'), secret: keyBody, kind: 'private-key' },
  {
    name: 'private key with no END line (truncated log)',
    text: `-----BEGIN PRIVATE ` + `KEY-----\n${keyBody}\n${fake(B62, 30, 23)}`,
    secret: fake(B62, 30, 23),
    kind: 'private-key',
  },
  {
    name: 'truncated private key stops before the prose that follows',
    text: `-----BEGIN EC PRIVATE ` + `KEY-----\n${keyBody}\n\nWhy does ssh reject it?`,
    secret: keyBody.split('\n')[5]!,
    kind: 'private-key',
    keep: ['\n\nWhy does ssh reject it?'],
  },
  {
    name: 'private key inside a JSON string with escaped newlines',
    text: JSON.stringify({ key: pem('RSA') }),
    secret: keyBody.split('\n')[2]!,
    kind: 'private-key',
    keep: ['{"key":"'],
  },
  {
    name: 'user and password in a database URL',
    text: 'DATABASE_URL postgres://admin:' + 'Tr0ub4dor&3x' + '@db.internal:5432/app',
    secret: 'Tr0ub4dor&3x',
    kind: 'url-credentials',
    keep: ['postgres://[REDACTED:url-credentials]@db.internal:5432/app'],
  },
  {
    name: 'token as the user of a git remote URL',
    text: 'git remote add origin https://' + fake(B62, 40, 24) + '@github.com/owner/repo.git',
    secret: fake(B62, 40, 24),
    kind: 'url-credentials',
    keep: ['https://[REDACTED:url-credentials]@github.com/owner/repo.git'],
  },
  {
    name: 'provider token inside a URL is named after the provider',
    text: 'https://x-access-token:' + 'gh' + 's_' + fake(B62, 36, 25) + '@github.com/o/r',
    secret: fake(B62, 36, 25),
    kind: 'github',
    keep: ['https://[REDACTED:github]@github.com/o/r'],
  },
  { name: 'env token', text: 'FOO_TOKEN=abc123', secret: 'abc123', kind: 'assignment', keep: ['FOO_TOKEN='] },
  { name: 'exported quoted key', text: 'export FOO_KEY="abc def"', secret: 'abc def', kind: 'assignment', keep: ['export FOO_KEY="', '"'] },
  { name: 'JSON password', text: '{"user": "bob", "password": "hunter2"}', secret: 'hunter2', kind: 'assignment', keep: ['"password": "'] },
  { name: 'YAML password', text: 'db:\n  password: s3cr3t-value\n  user: bob', secret: 's3cr3t-value', kind: 'assignment', keep: ['  password: ', '\n  user: bob'] },
  { name: 'YAML API_KEY', text: 'API_KEY: qwertyuiop', secret: 'qwertyuiop', kind: 'assignment', keep: ['API_KEY: '] },
  { name: 'PASSWD in env form', text: 'PASSWD=letmein ./run.sh', secret: 'letmein', kind: 'assignment', keep: [' ./run.sh'] },
  { name: 'camelCase key in code', text: 'const client = new Client({ apiKey: "zxcvbnm123" });', secret: 'zxcvbnm123', kind: 'assignment' },
  { name: 'CLI flag', text: 'mytool --token=opensesame42 --verbose', secret: 'opensesame42', kind: 'assignment', keep: [' --verbose'] },
  { name: 'CLI flag and its value', text: 'mysql --password hunter2 -u root', secret: 'hunter2', kind: 'assignment', keep: ['mysql --password ', ' -u root'] },
  { name: 'CLI flag, quoted value', text: "curl --api-key 'Zx9 Qw8Er7' https://api.example.com", secret: 'Zx9 Qw8Er7', kind: 'assignment', keep: ["--api-key '", "' https://api.example.com"] },
  { name: 'CLI flag value ending a sentence', text: 'Run it with --auth-token opensesame42.', secret: 'opensesame42', kind: 'assignment', keep: ['--auth-token ', '.'] },
  ...[32, 40, 48].map((n, i) => ({
    name: `lower-case base36 token of ${n} characters`,
    text: `The deploy token is ${fake(LOWER + DIGITS, n, 40 + i)} for now.`,
    secret: fake(LOWER + DIGITS, n, 40 + i),
    kind: 'high-entropy',
    keep: ['The deploy token is ', ' for now.'],
  })),
  // Seeds whose tokens have few digits (base32 has 6 digits in 32 symbols), so few class changes.
  ...(
    [
      [32, 51],
      [40, 53],
    ] as const
  ).map(([n, seed]) => ({
    name: `base32 token of ${n} characters with few digits`,
    text: `TOTP seed: ${fake('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', n, seed)}`,
    secret: fake('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', n, seed),
    kind: 'high-entropy',
  })),
  {
    name: 'upper-case base32 token',
    text: `otpauth secret ${fake(UPPER + '234567', 32, 44)} in the QR code`,
    secret: fake(UPPER + '234567', 32, 44),
    kind: 'high-entropy',
  },
  { name: 'secret in a URL query', text: 'GET /cb?client_secret=topsecret42&x=1', secret: 'topsecret42', kind: 'assignment' },
  {
    name: 'JSON inside a JSON string',
    text: JSON.stringify({ content: JSON.stringify({ db_password: 'pa55word!' }) }),
    secret: 'pa55word!',
    kind: 'assignment',
  },
  {
    name: 'Authorization header',
    text: 'curl -H "Authorization: Bearer ' + fake(B64URL, 40, 26) + '" https://api.example.com',
    secret: fake(B64URL, 40, 26),
    kind: 'bearer',
    keep: ['Authorization: Bearer [REDACTED:bearer]"'],
  },
  {
    name: 'Slack webhook',
    text: 'https://hooks.slack.com/services/T' + fake(UPPER + DIGITS, 8, 27) + '/B' + fake(UPPER + DIGITS, 8, 28) + '/' + fake(B62, 24, 29),
    secret: fake(B62, 24, 29),
    kind: 'slack',
    keep: ['https://hooks.slack.com/[REDACTED:slack]'],
  },
];

t.test('planted secrets vanish and leave their marker', async (t) => {
  for (const p of PLANTED) {
    const out = redact(p.text, NONE);
    t.notOk(out.includes(p.secret), `${p.name}: secret is gone`);
    t.ok(out.includes(`[REDACTED:${p.kind}]`), `${p.name}: marked ${p.kind} in ${JSON.stringify(out.slice(0, 200))}`);
    for (const k of p.keep ?? []) t.ok(out.includes(k), `${p.name}: keeps ${JSON.stringify(k)}`);
  }
});

/** Look-alikes that are not secrets: each must come back unchanged. */
const SURVIVORS: string[] = [
  'commit 3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a fixes it',
  'sha256 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881',
  'session 5f1c2a3b-9d4e-4f6a-8b7c-1d2e3f4a5b6c started',
  'see the task-list and ask-anthropic-for-help-with-this-long-thing pages',
  'risk-assessment-framework-for-2024-projects-and-more',
  'The quick brown fox jumps over the lazy dog. Tokens, keys and passwords matter.',
  'const token = getToken();',
  'const token = getToken()',
  'let apiKey = config.apiKey',
  'interface Props {\n  token: string;\n  password: string\n}',
  'KEY=',
  'FOO_TOKEN=',
  'PASSWORD=$DB_PASSWORD',
  'token: ${{ secrets.GITHUB_TOKEN }}',
  'labels:\n  key: app\n  monkey=banana',
  'max_tokens=4096 and MAX_TOKENS=8192',
  'client.create(api_key=api_key)',
  'password: please reset it tomorrow',
  'this_is_a_very_long_function_name_in_snake_case',
  'getUser2FactorAuthenticationSettingsV2Handler',
  'k8sDeploymentControllerV1beta1ReplicaSet2Manager',
  'SOME_VERY_LONG_CONSTANT_NAME_V2_FOR_TESTING',
  'my-package-name-with-version-1-2-3-and-more-stuff',
  'src/components/user-profile-v2/avatar-loader/index',
  '/opt/projects/drift/src/components/UserProfile2/AvatarLoader',
  Buffer.from('a'.repeat(60)).toString('base64'),
  'https://github.com/owner/repo/blob/3f2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a/src/Foo2Bar.ts',
  'https://docs.example.com/document/d/1aBcD3fGhIjKlMnOpQrStUvWxYz0123456789/edit',
  'ssh://git@github.com/owner/repo.git and git@github.com:owner/repo.git',
  'mail alice@example.com or https://alice@bitbucket.org/team/repo',
  'integrity sha512-' + Buffer.from(fake(B62, 64, 30)).toString('base64'),
  'use a Bearer token for auth',
  '~/.claude/projects/-home-alice-code-app/8a5d0d23-b010-4b48-a41c-af16f4d65f57.jsonl',
  'sessions/2026/04/07/rollout-2026-04-07T23-24-08-019d688b-3b5f-72c0-8028-4a4af562b9f5.jsonl',
  "print(f'Processing token: {token}') and tokenizer.add_special_tokens({'pad_token': '[PAD]'})",
  "console.error('Error resetting password:', error, 'will retry');",
  'sk-short and sk-learn-compatible-estimator-wrapper-class',
  'hf_transformers_model_loader_configuration and hf_transformersmodelloaderconfiguration',
  'already [REDACTED:openai] and FOO_TOKEN=[REDACTED:assignment]',
  '----------------------------------------\n========================================',
  'héllo wörld 👋🏽 مرحبا 你好',
  'pass the --token flag, or --password instead; see --api-key <key> and --secret $SECRET',
  'mytool --token --verbose and --password "" and --token "$GITHUB_TOKEN"',
  'build-artifacts-for-release-candidate-2024-05-17-linux',
  'generated/protobuf/v1beta2/user-service-client-stubs2024',
  'node_modules/typescript/lib/lib.es2022.intl.d.ts',
  'AWS_REGION_US_EAST_1_BUCKET_NAME_2024_BACKUP_V2',
  'cache_key_linux_x64_node20_npm10_2024_11_22_build7',
  'PYTHON3_11_VENV_SITE_PACKAGES_TORCH2_CUDA12_WHEELS',
  'test-fixtures-utf8-crlf-bom-v3-windows1252-latin1-mixed',
];

t.test('look-alikes survive unchanged', async (t) => {
  for (const text of SURVIVORS) {
    t.equal(redact(text, NONE), text, JSON.stringify(text));
    t.same(findSecrets(text), [], `no findings in ${JSON.stringify(text)}`);
  }
});

t.test('a private key block without END stops where key material stops', async (t) => {
  const begin = '-----BEGIN PRIVATE ' + 'KEY-----';
  t.equal(redact(`how do I parse ${begin} headers in Go?`, NONE), 'how do I parse [REDACTED:private-key] headers in Go?');
  const flat = `${begin} ${keyBody.replace(/\n/g, ' ')}`;
  t.equal(redact(`KEY="${flat}`, NONE), 'KEY="[REDACTED:private-key]', 'key flattened onto one line');
  const headers = `${begin}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B\n\n${keyBody}\n[truncated]`;
  t.equal(redact(headers, NONE), '[REDACTED:private-key]\n[truncated]', 'RFC 1421 headers and their blank line');
});

t.test('findSecrets reports kind, index and length of each secret, in order', async (t) => {
  const gh = 'gh' + 'p_' + fake(B62, 36, 40);
  const aws = 'AK' + 'IA' + fake(UPPER + DIGITS, 16, 41);
  const text = `first ${gh} then PASSWORD=hunter2 and ${aws} done`;
  const found = findSecrets(text);
  t.same(
    found.map((f) => f.kind),
    ['github', 'assignment', 'aws'],
  );
  t.same(
    found.map((f) => text.slice(f.index, f.index + f.length)),
    [gh, 'hunter2', aws],
  );
  t.same(findSecrets(redact(text, NONE)), [], 'nothing left after redaction');
  t.same(findSecrets('ticket ACME-123456', ['ACME-[0-9]{6}']), [{ kind: 'pattern', index: 7, length: 11 }]);
});

t.test('user patterns redact their matches; invalid ones are reported, not thrown', async (t) => {
  const opts: RedactOptions = { home: null, roots: [], patterns: ['ACME-[0-9]{6}', '(unclosed', '(?i)internal\\.corp'] };
  t.equal(redact('ticket ACME-123456 on Internal.Corp', opts), 'ticket [REDACTED:pattern] on [REDACTED:pattern]');
  const compiled = compileRedactOptions(opts);
  t.same(
    compiled.invalidPatterns.map((p) => p.pattern),
    ['(unclosed'],
  );
  t.match(compiled.invalidPatterns[0]?.message, /Invalid regular expression/);
  t.equal(redact('ACME-000001', compiled), '[REDACTED:pattern]');
  t.equal(redact('x', { home: null, roots: [], patterns: ['.*', 'x*'] }), '[REDACTED:pattern]', 'empty matches are skipped');
});

t.test('paths become repo-relative, then home becomes ~', async (t) => {
  const opts: RedactOptions = { home: '/home/alice', roots: ['/home/alice/code/app/', '/work/repo', '/work/repo-wt'], patterns: [] };
  const cases: [string, string][] = [
    ['edit /work/repo/src/a.ts now', 'edit src/a.ts now'],
    ['cd /work/repo && ls', 'cd . && ls'],
    ['cd /work/repo/ && ls', 'cd ./ && ls'],
    ['"/work/repo-wt/lib/x.ts"', '"lib/x.ts"'],
    ['/work/repository/x and /work/repo.bak', '/work/repository/x and /work/repo.bak'],
    ['/home/alice/code/app/src/b.ts', 'src/b.ts'],
    ['/home/alice/.claude/projects/x.jsonl', '~/.claude/projects/x.jsonl'],
    ['HOME=/home/alice', 'HOME=~'],
    ['PATH=/usr/bin:/home/alice/bin', 'PATH=/usr/bin:~/bin'],
    ['it is in /home/alice.', 'it is in ~.'],
    ['/home/alicex/a and /home/alice2 and /x/home/alice/y', '/home/alicex/a and /home/alice2 and /x/home/alice/y'],
    ['file:///home/alice/a', 'file:///home/alice/a'],
  ];
  for (const [input, want] of cases) t.equal(redact(input, opts), want, input);
  const short: RedactOptions = { home: '/home/al', roots: [], patterns: [] };
  t.equal(redact('/home/alice/x and /home/al/x', short), '/home/alice/x and ~/x', '/home/al does not match inside /home/alice');
});

t.test('relativizePath handles one path', async (t) => {
  const opts: RedactOptions = { home: '/home/alice', roots: ['/home/alice/code/app', '/work/repo'], patterns: [] };
  t.equal(relativizePath('/work/repo', opts), '.');
  t.equal(relativizePath('/work/repo/', opts), '.');
  t.equal(relativizePath('/work/repo/src/a.ts', opts), 'src/a.ts');
  t.equal(relativizePath('/home/alice/code/app/x', opts), 'x', 'longest root first');
  t.equal(relativizePath('/home/alice/notes.md', opts), '~/notes.md');
  t.equal(relativizePath('/home/alice', opts), '~');
  t.equal(relativizePath('/home/alicex/y', opts), '/home/alicex/y');
  t.equal(relativizePath('/etc/hosts', opts), '/etc/hosts');
  t.equal(relativizePath('src/a.ts', opts), 'src/a.ts');
  t.equal(relativizePath('/work/x', { home: null, roots: ['relative', '/'], patterns: [] }), '/work/x', 'ignores bad roots');
});

/** A mixed document with every planted secret, prose, code and paths. */
function corpus(): string {
  return [
    'I am working in /work/repo/src on the login flow; my notes are in /home/alice/notes.',
    ...PLANTED.map((p) => p.text),
    ...SURVIVORS,
    'function f() {\n  return fetch(url, { headers: { Authorization: `Bearer ${token}` } });\n}',
  ].join('\n');
}

t.test('redaction is idempotent and leaves nothing for findSecrets', async (t) => {
  const opts: RedactOptions = { home: '/home/alice', roots: ['/work/repo'], patterns: ['ACME-[0-9]+'] };
  for (const text of [corpus(), ...PLANTED.map((p) => p.text)]) {
    const once = redact(text, opts);
    t.equal(redact(once, opts), once);
    t.same(findSecrets(once, opts.patterns), []);
  }
});

t.test('random inputs never throw and redact idempotently', async (t) => {
  const alphabet = 'aZ09+/=_-:@."\'\\ \n\t[]{}()$~/sk-ant-ghp_AKIA://PASSWORD=token: eyJ.\u00e9\ud800\udc00\ud83d\ude00\u0000';
  const opts: RedactOptions = { home: '/home/a', roots: ['/r'], patterns: ['[RED]+', '.{5}x'] };
  let failures = 0;
  for (let i = 0; i < 400; i++) {
    const text = fake(alphabet, 50 + (i % 7) * 40, 1000 + i) + fake(B62, i % 60, 2000 + i);
    const once = redact(text, opts);
    if (redact(once, opts) !== once || findSecrets(once, opts.patterns).length > 0) failures++;
  }
  t.equal(failures, 0);
});

t.test('odd input never throws', async (t) => {
  const odd = ['', '\ud800', '\udfff\ud800', '\u0000'.repeat(100), '👩‍👩‍👧‍👦'.repeat(50), 'a\u202eb', 'x'.repeat(200_000)];
  for (const text of odd) t.doesNotThrow(() => redact(text, NONE));
  const bad = { home: 42, roots: 'nope', patterns: [null] } as unknown as RedactOptions;
  t.equal(redact('FOO_TOKEN=abc /home/x', bad), 'FOO_TOKEN=[REDACTED:assignment] /home/x');
  t.equal(redact(undefined as unknown as string, NONE), '');
  t.equal(redact('PASSWORD=x', undefined as unknown as RedactOptions), 'PASSWORD=[REDACTED:assignment]');
  t.same(findSecrets(42 as unknown as string), []);
  t.equal(relativizePath(undefined as unknown as string, NONE), '');
});

/** Milliseconds of CPU (user + system, this process) that `fn` takes. */
function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

t.test('1 MB of text is redacted in linear time', async (t) => {
  const opts = compileRedactOptions({ home: '/home/alice', roots: ['/work/repo'], patterns: ['ACME-[0-9]+'] });
  const doc = corpus();
  const big = doc.repeat(Math.ceil(1_048_576 / doc.length)).slice(0, 1_048_576);
  // CPU time of this process, not wall time: on a loaded machine a linear pass can wait
  // seconds for a core, which says nothing about how the patterns scale.
  let out = '';
  const ms = cpuMs(() => (out = redact(big, opts)));
  t.comment(`1 MB mixed text: ${ms.toFixed(0)} ms of CPU`);
  t.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  t.notOk(out.includes(PLANTED[0]!.secret));
  const pathological = [
    'a'.repeat(1 << 20),
    'sk-'.repeat(350_000),
    'a='.repeat(500_000),
    'password: '.repeat(100_000),
    'x://'.repeat(250_000),
    '/home/alice'.repeat(90_000),
    ('-----BEGIN RSA PRIVATE ' + 'KEY-----\n').repeat(30_000),
    '"a'.repeat(500_000),
    'x_token="'.repeat(110_000),
    'my-api-token.'.repeat(80_000),
    ('eyJ' + 'a'.repeat(12) + '.').repeat(60_000),
    'Bearer '.repeat(140_000),
    fake(B62 + '+/', 1 << 20, 7),
  ];
  for (const text of pathological) {
    const took = cpuMs(() => redact(text, opts));
    t.ok(took < 3000, `${JSON.stringify(text.slice(0, 12))}… took ${took.toFixed(0)} ms of CPU`);
  }
});

t.test('every kind written is listed in SECRET_KINDS', async (t) => {
  for (const p of PLANTED) t.ok(SECRET_KINDS.includes(p.kind), p.kind);
});

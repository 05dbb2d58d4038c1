/**
 * `renderFrontmatter` writes the bytes gray-matter's `stringify(body, data)` writes (the
 * frontmatter block, then the body with one line break added when it has none), while
 * handing gray-matter only the block: records and notes keep their exact bytes. Unlike
 * gray-matter, it never reads a body that starts with a `---` block as more frontmatter
 * (the bodies git drift writes start with a heading).
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import matter from 'gray-matter';
import { renderFrontmatter } from '../src/frontmatter/index.js';

const BODIES = [
  '',
  '\n',
  'x',
  'x\n',
  'a\n\n',
  'text\n---\nnot: frontmatter\n---\n',
  `# session\n\n${Array.from({ length: 2000 }, (_, i) => `${i + 1}. (2026-01-02 10:00 UTC)\n> prompt ${i} with: colons, 'quotes' and ---`).join('\n')}\n`,
];
const DATA: object[] = [
  {},
  { drift: 1 },
  {
    drift: 1,
    agent: 'claude-code',
    session: 'claude-code:be0c4e11-0000-4000-8000-000000000000',
    model: null,
    started: '2026-01-02T10:00:00.000Z',
    commits: ['2751d605a515a1e27740e5738fc5fb410d3d9cf4'],
    files: ['a.txt', 'dir/b: c.txt', "it's"],
    prompts: 1205,
    edits: { applied: 6679, rejected: 238 },
  },
];

t.test('the same bytes as gray-matter stringify for every body and data shape', async (t) => {
  for (const body of BODIES) {
    for (const data of DATA) {
      t.equal(renderFrontmatter(body, data), matter.stringify(body, data), `body of ${body.length} bytes, data keys ${Object.keys(data).join(',') || '(none)'}`);
    }
  }
});

t.test('a body that starts with a --- block is written as it is, never read as more frontmatter', async (t) => {
  const body = '---\nnot: frontmatter\n---\nrest\n';
  t.equal(renderFrontmatter(body, { drift: 1 }), `---\ndrift: 1\n---\n${body}`);
});

t.test('lists of git object names: the same bytes as gray-matter, whatever names they hold', async (t) => {
  const sha = (i: number) => createHash('sha1').update(String(i)).digest('hex');
  const names = Array.from({ length: 2000 }, (_, i) => sha(i));
  // Texts js-yaml must quote or that are not object names: every list holding one goes to js-yaml whole.
  const odd = [
    '1234567890123456789012345678901234567890', // an int
    '0123456701234567012345670123456701234567', // an octal int
    '1234567e12345678901234567890123456789012', // a float
    'eeeeeee',
    '12345e6',
    'ABCDEF0123456789ABCDEF0123456789ABCDEF01', // upper case
    'abc123', // 6 digits: too short
    `${'a'.repeat(65)}`, // too long
    'git-drift-object-name-list',
    'a'.repeat(40),
    '',
  ];
  const many = names.slice(0, 128); // the shortest list written line by line
  const lists: unknown[] = [names, many, names.slice(0, 127), names.slice(0, 1), [], ...odd.map((o) => [...many, o]), [...many, 7], [...many, [sha(1)]], [...many, { commit: sha(2) }]];
  for (const [i, list] of lists.entries()) {
    const data = { drift: 1, session: 'claude-code:x', commits: list, files: ['a.txt'], shas: names.slice(100, 200), 'two words': names.slice(200, 300), marker: 'git-drift-object-name-list' };
    t.equal(renderFrontmatter('# r\n', data), matter.stringify('# r\n', data), `list ${i} (${Array.isArray(list) ? list.length : 0} items)`);
  }
  t.equal(renderFrontmatter('', { commits: many }), `---\ncommits:\n${many.map((n) => `  - ${n}\n`).join('')}---\n\n`, 'a block sequence of plain names');
  for (const key of ['no', 'y', 'null', 'true', 'on', 'off']) {
    const data = { drift: 1, [key]: many, commits: names.slice(128, 256) };
    t.equal(renderFrontmatter('', data), matter.stringify('', data), `a key js-yaml quotes ('${key}')`);
  }
  const shared = many;
  for (const data of [
    { commits: shared, again: shared },
    { commits: shared, nested: { list: [shared] } },
  ]) {
    t.equal(renderFrontmatter('', data), matter.stringify('', data), `a list held twice (${Object.keys(data).join(', ')}): js-yaml's anchor and alias`);
  }
});

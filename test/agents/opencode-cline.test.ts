/**
 * Tests for the OpenCode and Cline readers over their corpus samples (counts made with the
 * sqlite3 CLI in immutable mode and jq, see the comments); neither sample holds an edit.
 */
import t from 'tap';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { opencodeReader, opencodeHome } from '../../src/agents/opencode/index.js';
import { clineReader, clineHome } from '../../src/agents/cline/index.js';
import { uiMessageEvents } from '../../src/agents/cline/messages.js';
import type { LogFile } from '../../src/agents/reader.js';
import { CORPUS, NEEDS_CORPUS } from '../helpers/env.js';

const OC = join(CORPUS, 'opencode/Saintcyberwarrior__dotfiles/opencode');
const WEEK = '/Users/gravity/Documents/mirror/Work/Chalmers_QAproj/QAOA_practice/Maxcut_practice/Week_11';

/*
 * opencode-stable.db (`sqlite3 'file:…?immutable=1'`): 1 session (directory …/Week_11,
 * version 1.2.25), 2 messages (a user message with one text part "hello", an assistant
 * message that is an APIError with no part), so 1 prompt, 0 replies, 0 edits. The legacy
 * JSON tree: 1 session, a user message whose text part asks about surface codes, an
 * assistant message with an error and no part, `path.cwd` under /nix/store.
 */
t.test('reads the OpenCode database and legacy JSON sessions of the corpus', { skip: NEEDS_CORPUS }, async (t) => {
  const files = await opencodeReader.discover({ env: { OPENCODE_DATA_DIR: OC }, roots: [join(WEEK, '..')] });
  t.same(
    files.map((f) => f.path.slice(OC.length)),
    ['/opencode-stable.db', '/project/global/storage/session/info/ses_4343439b2ffe8vCbtGr04gHePJ.json'],
  );
  const db = await opencodeReader.readSnapshot!(files[0]!, {});
  t.same(db.diagnostics, []);
  t.same(
    db.sessions!.map((s) => [s.nativeId, s.cwd, s.model, s.version]),
    [['ses_2c01b767bffeLXd7d6ewFC78It', WEEK, 'deepseek-reasoner', '1.2.25']],
  );
  t.same(
    db.events.map((e) => [e.kind, 'text' in e ? e.text : '']),
    [['prompt', 'hello']],
  );
  const other = await opencodeReader.readSnapshot!({ ...files[0]!, roots: ['/elsewhere'] }, {});
  t.same([other.sessions, other.events], [[], []], "another project's sessions are not read");
  t.equal(await opencodeReader.probe(files[1]!), '/nix/store/ppk3skznrmkrcx3pknp0337d9sv97lsd-system-path/bin');
  const legacy = await opencodeReader.readSnapshot!(files[1]!, {});
  t.same(
    legacy.events.map((e) => e.kind),
    ['prompt'],
  );
  t.equal(legacy.session.version, '0.5.28');
  t.same(readdirSync(OC).sort(), ['opencode-stable.db', 'project'], 'no -wal or -shm created beside the database');
  t.equal(opencodeHome({ HOME: '/h' }), '/h/.local/share/opencode');
  t.equal(opencodeHome({ HOME: '/h', XDG_DATA_HOME: '/x' }), '/x/opencode');
});

/*
 * ui_messages.json (jq): the first entry is `say:"text"` "yo wassup" (the task), then 14
 * `say:"user_feedback"` → 15 prompts; every other `say:"text"` is a partial/empty stream
 * entry → 0 replies; 15 `say:"tool"` are readFile/searchFiles → 0 edits; no `ask:"command"`.
 * The cwd comes from "# Current Working Directory (c:/Users/Haram/Desktop/flutter_application_1)".
 */
t.test('reads the Cline task of the corpus', { skip: NEEDS_CORPUS }, async (t) => {
  const file: LogFile = { agent: 'cline', path: join(CORPUS, 'cline/haram-333__fineye/ui_messages.json'), sessionNativeId: '1767644899093', sidechain: false };
  t.equal(await clineReader.probe(file), 'c:/Users/Haram/Desktop/flutter_application_1');
  const r = await clineReader.readSnapshot!(file, {});
  t.same(
    r.events.map((e) => e.kind),
    Array(15).fill('prompt'),
  );
  t.same([r.session.model, r.session.started], ['x-ai/grok-code-fast-1', '2026-01-05T20:28:19.093Z']);
  t.equal(clineHome({ HOME: '/h' }), '/h/.cline/data');
  t.equal(clineHome({ HOME: '/h', CLINE_DIR: '/c' }), '/c/data');
});

t.test('Cline: a task of unanswered edit asks is read in linear time, every ask declined', async (t) => {
  const ask = (i: number) => ({ ts: 1795168800000 + i, type: 'ask', ask: 'tool', text: JSON.stringify({ tool: 'newFileCreated', path: `f${i}.js`, content: 'x\n' }) });
  const task = (n: number) => [{ ts: 1795168799000, type: 'say', say: 'task', text: 'many files' }, ...Array.from({ length: n }, (_, i) => ask(i))];
  const { events } = uiMessageEvents(task(100_000), 'cline:1', '/repo');
  const edits = events.filter((e) => e.kind === 'edit');
  t.equal(edits.length, 100_000, 'every ask is an edit');
  t.ok(
    edits.every((e) => e.outcome === 'rejected'),
    'none was answered: all declined',
  );
  // Linear, counted rather than timed: how many times the reader looks at a message of a task
  // of 2,000 asks (a scan forward from each ask looked about 2,000,000 times).
  let looks = 0;
  const counted = new Proxy(task(2_000), {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) looks++;
      return Reflect.get(target, key, receiver);
    },
  });
  t.equal(uiMessageEvents(counted, 'cline:1', '/repo').events.filter((e) => e.kind === 'edit').length, 2_000);
  t.ok(looks <= 10 * 2_001, `each message looked at a bounded number of times (${looks} looks at 2,001 messages)`);
});

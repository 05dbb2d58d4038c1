/**
 * Issue 12, item 9: escape sequences from notes and agent logs (prompts, model, branch,
 * ids, reasons, file names) reach the terminal as visible text, OSC 52 included, from
 * `log`, `blame`, `blame --line`, `sessions`, `handoff --print` and `check`; `--json`
 * output keeps them exact.
 */
import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { escapeTerminal } from '../../src/render/terminal.js';
import { PROJECT, git, makeRepo, makeSandbox } from '../helpers/env.js';
import { installDrift } from '../helpers/replay.js';
import { LiveSession } from '../helpers/session.js';

/** OSC 52: write "pwned" to the clipboard. */
const OSC52 = '\u001b]52;c;cHduZWQ=\u0007';
/** Clear the screen, then a bidi override. */
const CLEAR = '\u001b[2J\u001b[H';
const RLO = '\u202e';
/** Any character a terminal acts on that must never be printed raw. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

t.test('item 9: escapeTerminal shows controls as text and leaves the rest alone', async (t) => {
  t.equal(escapeTerminal(`a${OSC52}b`), 'a\\x1b]52;c;cHduZWQ=\\x07b');
  t.equal(escapeTerminal(`x\r${RLO}y\u009b\u007f`), 'x\\x0d\\u202ey\\x9b\\x7f');
  t.equal(escapeTerminal('line 1\n\tline 2 C:\\dir é 😀'), 'line 1\n\tline 2 C:\\dir é 😀', 'newline, tab, backslashes and Unicode text are kept');
  t.equal(escapeTerminal('a\nb\tc', true), 'a\\x0ab\\x09c', 'inline: newline and tab too');
});

t.test('item 9: log, blame, blame --line, check, sessions and handoff --print print no raw escape', async (t) => {
  const sb = makeSandbox('drift-hostile-');
  t.teardown(sb.cleanup);
  const repo = makeRepo(sb);
  installDrift(sb, repo);
  const session = new LiveSession(sb, repo, 'e5c0e5c0-0000-4000-8000-000000000009');
  session.prompt(`Add a file${OSC52} please${CLEAR}`).write('a.txt', `one${CLEAR}\n`);
  git(sb, repo, ['add', 'a.txt']);
  git(sb, repo, ['commit', '-q', '-m', `add a${OSC52}`]);
  // A teammate's note: escapes in the model, the branch, the body, and a file name.
  const id = 'claude-code:e5c0e5c0-0000-4000-8000-000000000009';
  const note = `---\ndrift: 1\nsessions:\n  - id: '${id}'\n    agent: claude-code\n    model: ${JSON.stringify(`m${OSC52}`)}\n    branch: ${JSON.stringify(`b${RLO}`)}\n    prompts: 1\n    edits:\n      applied: 1\n      rejected: 0\n    record: r.md\n    asked:\n      - ${JSON.stringify(`ask${CLEAR}`)}\nfiles:\n  a.txt:\n    ai:\n      '${id}': '1'\n    prompt:\n      '${id}#0': '1'\n  ${JSON.stringify(`x${CLEAR}.txt`)}:\n    human: '1-2,1'\n---\n\nbody${OSC52}\n`;
  execFileSync('git', ['notes', '--ref=drift', 'add', '-f', '-F', '-', 'HEAD'], { cwd: repo, env: sb.env, input: note, stdio: 'pipe' });
  const run = (args: string[]) => spawnSync(process.execPath, [join(PROJECT, 'bin', 'git-drift'), ...args], { cwd: repo, env: sb.env, encoding: 'utf8' });

  for (const args of [['log'], ['blame', 'a.txt'], ['blame', '--line', '1', 'a.txt'], ['check', 'HEAD~1..HEAD'], ['sessions'], ['handoff', '--print']]) {
    const out = run(args);
    t.notMatch(out.stdout, RAW, `git drift ${args.join(' ')} prints no raw control character`);
    t.ok(out.stdout.length > 0, `git drift ${args.join(' ')} printed something`);
  }
  t.match(run(['log']).stdout, 'm\\x1b]52;c;cHduZWQ=\\x07', "log shows the model's OSC 52 as text");
  t.match(run(['check', 'HEAD~1..HEAD']).stdout, 'x\\x1b[2J\\x1b[H.txt', "check shows the file name's escapes as text");
  const json = JSON.parse(run(['log', '--json']).stdout) as { sessions: { model: string }[] }[];
  t.equal(json[0]!.sessions[0]!.model, `m${OSC52}`, 'log --json keeps the model exact');
});

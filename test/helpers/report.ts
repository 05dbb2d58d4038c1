/**
 * A repository for report tests: commits by two authors on three days, notes written as a
 * teammate's clone would have pushed them (two agents, a human-only note, a commit without
 * a note, a merge), and prompts that carry markup (`<script>`, `<img onerror>`) which the
 * page must show as text.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderNote, type Note } from '../../src/notes/index.js';
import { git, makeRepo, type Sandbox } from './env.js';

/** The session ids the fixture's notes use. */
export const CLAUDE = 'claude-code:5f1c2a3b-7d4e-4c1a-9b2f-3e8d6a1c0b9e';
export const CODEX = 'codex:0199a0f2-1111-7222-8333-944455556666';
/** A prompt that would run script if it were ever put into the page as markup. */
export const SCRIPT_PROMPT = '<script>window.__pwned = "script"</script> add the app entry point';
/** A prompt body line that would run script through an image error handler. */
export const IMG_PROMPT = '<img src=x onerror="window.__pwned = \'img\'"> and keep it small';

function commit(sb: Sandbox, repo: string, message: string, date: string, author = 'Ada Lovelace <ada@example.com>'): string {
  const [, name, email] = /^(.*) <(.*)>$/.exec(author)!;
  const env = { ...sb.env, GIT_DRIFT: '0', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email };
  git({ ...sb, env }, repo, ['add', '-A']);
  git({ ...sb, env }, repo, ['commit', '-q', '-m', message]);
  return git(sb, repo, ['rev-parse', 'HEAD']);
}

function note(sb: Sandbox, repo: string, sha: string, n: Note): void {
  git(sb, repo, ['notes', '--ref=drift', 'add', '-f', '-F', '-', sha], renderNote(n));
}

function write(repo: string, rel: string, lines: string[]): void {
  mkdirSync(join(repo, rel, '..'), { recursive: true });
  writeFileSync(join(repo, rel), `${lines.join('\n')}\n`);
}

/**
 * Make the fixture repository `<sandbox>/<name>` (hooks not installed; notes added by
 * hand). History, oldest first: initial (no note); claude-code writes src/app.js (4 ai
 * lines, 2 human); on a branch codex writes src/lib.py (3 ai, 1 ai-modified, 1 human),
 * merged with --no-ff (no note); a human-only commit with a note; a commit without a note
 * that changes src/app.js line 2. Returns the repository's path.
 */
export function makeReportRepo(sb: Sandbox, name = 'repo'): string {
  const repo = makeRepo(sb, name);
  write(repo, 'src/app.js', ['export function main() {', '  return run();', '}', 'main();', '// reviewed by hand', 'export default main;']);
  const a = commit(sb, repo, 'Add the app entry point', '2026-11-18T10:00:00Z');
  note(sb, repo, a, {
    drift: 1,
    sessions: [
      {
        id: CLAUDE,
        agent: 'claude-code',
        model: 'claude-sonnet-4-5',
        branch: 'main',
        prompts: 2,
        edits: { applied: 3, rejected: 1 },
        record: '.prompts/sessions/2026-11-18-claude-code-5f1c2a3b.md',
        asked: [SCRIPT_PROMPT],
      },
    ],
    files: { 'src/app.js': { ai: { [CLAUDE]: '1-4' }, human: '5-6', prompt: { [`${CLAUDE}#0`]: '1-4' } } },
    body: [
      '## claude-code · 5f1c2a3b · claude-sonnet-4-5',
      '',
      '### Prompts',
      '',
      '1. (2026-11-18 09:50 UTC)',
      `> ${SCRIPT_PROMPT}`,
      '',
      '2. (2026-11-18 09:55 UTC)',
      `> ${IMG_PROMPT}`,
      '',
      '### Decisions',
      '',
      '- Keep main() tiny and call run().',
      '',
      '### Rejected approaches',
      '',
      '- `src/app.js` (Edit, user-declined): the user declined the edit — then the user said: "no classes <b>please</b>"',
      '',
      '### Files touched',
      '',
      '- `src/app.js`',
      '',
    ].join('\n'),
  });
  git(sb, repo, ['checkout', '-q', '-b', 'feature']);
  write(repo, 'src/lib.py', ['def run():', '    return 42', '', '    # tuned by hand', 'VERSION = "1.0"']);
  const b = commit(sb, repo, 'Add lib.run', '2026-11-19T11:00:00Z', 'Grace Hopper <grace@example.com>');
  note(sb, repo, b, {
    drift: 1,
    sessions: [{ id: CODEX, agent: 'codex', model: 'gpt-5-codex', branch: 'feature', prompts: 1, edits: { applied: 2, rejected: 0 }, record: '.prompts/sessions/2026-11-19-codex-0199a0f2.md' }],
    files: { 'src/lib.py': { ai: { [CODEX]: '1-3' }, 'ai-modified': { [CODEX]: '4' }, human: '5' } },
    body: ['## codex · 0199a0f2 · gpt-5-codex', '', '### Prompts', '', '1. (2026-11-19 10:40 UTC)', '> write lib.run returning 42', ''].join('\n'),
  });
  git(sb, repo, ['checkout', '-q', 'main']);
  const env = { ...sb.env, GIT_DRIFT: '0', GIT_AUTHOR_DATE: '2026-11-19T12:00:00Z', GIT_COMMITTER_DATE: '2026-11-19T12:00:00Z' };
  git({ ...sb, env }, repo, ['merge', '-q', '--no-ff', '-m', 'Merge branch feature', 'feature']);
  write(repo, 'NOTES.txt', ['human notes', 'second line']);
  const d = commit(sb, repo, 'Add notes by hand', '2026-11-20T09:00:00Z', 'Grace Hopper <grace@example.com>');
  note(sb, repo, d, { drift: 1, sessions: [], files: { 'NOTES.txt': { human: '1-2' } }, body: '' });
  write(repo, 'src/app.js', ['export function main() {', '  return run() ?? 0;', '}', 'main();', '// reviewed by hand', 'export default main;']);
  commit(sb, repo, 'Fall back to 0', '2026-11-20T15:00:00Z');
  return repo;
}

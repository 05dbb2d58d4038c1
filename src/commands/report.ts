/**
 * `git drift report [<range>] [--output FILE] [--open]`: write one self-contained HTML page
 * (src/report) with the range's stats, files, a per-line file view and the sessions, and
 * optionally open it with the platform's opener.
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { script, style } from 'drift:report-assets';
import type { Args, CommandIO, ExitCode } from './io.js';
import { readDriftConfig, readRepo } from '../git/repo.js';
import { gitText, ProcessError, runCommand, runGit } from '../git/run.js';
import { parseSettings } from '../config.js';
import { writeExclude } from '../install/exclude.js';
import { writeInside } from '../fs/inside.js';
import { readReport } from '../report/index.js';
import { renderReportHtml } from '../report/html.js';

/** Where the page goes without `--output`, relative to the work tree's top level. */
export const DEFAULT_REPORT = '.prompts/report.html';

/** Write the page, print its path and size; with `--open`, open it (a missing opener is one stderr line, never a failure). */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const repo = await readRepo(args.cwd);
  const range = typeof args.range === 'string' ? args.range : undefined;
  const data = await readReport(args.cwd, range);
  const html = renderReportHtml(data, { script, style });
  const given = typeof args.output === 'string' ? resolve(args.cwd, args.output) : null;
  const path = given ?? resolve(repo.root, DEFAULT_REPORT);
  if (given) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, html);
  } else {
    await keepIgnored(repo.root, repo.commonDir);
    await writeInside(repo.root, DEFAULT_REPORT, html);
  }
  const shown = relative(args.cwd, path) || path;
  const kb = (Buffer.byteLength(html, 'utf8') / 1024).toFixed(0);
  const { commits } = data.stats;
  io.stdout.write(
    `wrote ${shown} (${kb} KB: ${commits.total} commit${commits.total === 1 ? '' : 's'}, ${data.sessions.length} session${data.sessions.length === 1 ? '' : 's'}, ${data.files.length} file${data.files.length === 1 ? '' : 's'})\n`,
  );
  if (args.open === true) await openPage(path, io);
  return 0;
}

/**
 * Keep the default page out of commits like the other local files under `.prompts/`: put
 * git drift's block for `drift.records` in `info/exclude` when missing; when git still would not ignore
 * the page (`drift.records=tree`, or a `.gitignore` of the user's), add it to this clone's
 * `info/exclude`, which is never committed.
 */
async function keepIgnored(root: string, commonDir: string): Promise<void> {
  await writeExclude(commonDir, parseSettings(await readDriftConfig(root)).records);
  const { exitCode } = await runGit(['check-ignore', '-q', '--no-index', DEFAULT_REPORT], { cwd: root, allowExit: [1] });
  if (exitCode === 0) return;
  const exclude = resolve(root, await gitText(['rev-parse', '--git-path', 'info/exclude'], { cwd: root }));
  const current = await readFile(exclude, 'utf8').catch(() => '');
  await mkdir(dirname(exclude), { recursive: true });
  await appendFile(exclude, `${current && !current.endsWith('\n') ? '\n' : ''}# git drift report (local page)\n/${DEFAULT_REPORT}\n`);
}

/** The platform's opener for a file: `open` on macOS, `explorer` on Windows, `xdg-open` elsewhere. */
export function opener(platform: NodeJS.Platform = process.platform): string {
  return platform === 'darwin' ? 'open' : platform === 'win32' ? 'explorer' : 'xdg-open';
}

/** Open `path` with the platform's opener; when there is none or it fails, say so in one `git-drift:` line. */
async function openPage(path: string, io: CommandIO): Promise<void> {
  const program = opener();
  try {
    await runCommand(program, [path], { cwd: io.cwd, allowExit: process.platform === 'win32' ? [1] : [] });
  } catch (err) {
    if (!(err instanceof ProcessError)) throw err;
    io.stderr.write(`git-drift: could not open the report with ${program} (${err.exitCode === null ? 'not found' : `exit ${err.exitCode}`}); open ${path} in a browser\n`);
  }
}

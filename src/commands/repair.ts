/**
 * `git drift repair <commit|range> [--from <range>] [--json]`: give the commits a server
 * made (a squash merge's commit, a rebase merge's commits) the notes of the pull request's
 * original commits, re-mapped onto them. Writes notes only; push them with `git push
 * <remote> refs/notes/drift` (or the pre-push hook) afterwards.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { GitError } from '../git/run.js';
import { UserError } from '../errors.js';
import { openCaptureContext } from '../capture/index.js';
import { findOriginalsBySessions, repairCommits, resolveCommits, type RepairReport } from '../capture/repair.js';
import { NOTES_REF } from '../notes/ref.js';
import { writeText } from './output.js';

/** Resolve targets and originals, repair, print. Exit 1 when nothing could be repaired. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const target = String(args.target);
  const from = typeof args.from === 'string' ? args.from : null;
  const ctx = await openCaptureContext(args.cwd, io.env);
  const targets = await resolve(ctx.repo.root, target);
  let originals = from ? await resolve(ctx.repo.root, from) : [];
  if (targets.length === 0) throw new UserError(`"${target}" names no commit`);
  if (!from) {
    if (target.includes('..')) throw new UserError("a range of rebased commits needs --from <base>..<head>: the pull request's original commits");
    originals = await findOriginalsBySessions(ctx, targets[0]!);
    if (originals.length === 0)
      throw new UserError(`found no original commits for ${targets[0]!.slice(0, 8)} (no Drift-Session trailer naming an annotated commit outside its history); name them with --from <base>..<head>`);
  }
  const report = await repairCommits(ctx, targets, originals);
  if (args.json) io.stdout.write(`${JSON.stringify(toJson(report), null, 2)}\n`);
  else writeText(io.stdout, renderReport(report));
  return report.repaired.length > 0 ? 0 : 1;
}

/** `resolveCommits`, with a git failure turned into a message for the user. */
async function resolve(cwd: string, rev: string): Promise<string[]> {
  try {
    return await resolveCommits(cwd, rev);
  } catch (err) {
    if (err instanceof GitError) throw new UserError(`cannot resolve "${rev}": ${err.stderr.split('\n')[0]}`);
    throw err;
  }
}

/** The `--json` shape (docs/format.md): repaired commits with their originals and line counts, and skipped ones with a reason. */
export function toJson(report: RepairReport) {
  return {
    repaired: report.repaired.map((r) => ({ commit: r.commit, from: r.from, sessions: r.result.sessions, lines: r.result.lines })),
    skipped: report.skipped,
  };
}

function renderReport(report: RepairReport): string {
  const out = report.repaired.map((r) => {
    const { ai, aiModified, human } = r.result.lines;
    return `repaired ${r.commit.slice(0, 8)} from ${r.from.length} commit${r.from.length === 1 ? '' : 's'}: ${r.result.sessions.length} session${r.result.sessions.length === 1 ? '' : 's'}, ai ${ai}, ai-modified ${aiModified}, human ${human}`;
  });
  for (const s of report.skipped) out.push(`skipped ${s.commit.slice(0, 8)}: ${s.reason}`);
  if (report.repaired.length > 0) out.push(`Push the notes: git push <remote> ${NOTES_REF}`);
  return `${out.join('\n')}\n`;
}

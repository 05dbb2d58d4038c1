/**
 * `drift_rejected`: the approaches that were tried and rejected, with their reasons — on a
 * branch, exactly the "Tried and rejected" list of its handoff brief; on a file, what every
 * local session and the notes of the commits that touched the file record about it.
 */
import { repoRelative } from '../../repo/scope.js';
import type { SessionContext } from '../../repo/context.js';
import { UserError } from '../../errors.js';
import { readCommitLog, resolveCommit } from '../../git/branch.js';
import { repeats } from '../../handoff/extract/index.js';
import { noteOnlyFacts } from '../../handoff/extract/notes.js';
import { extractSession } from '../../handoff/extract/session.js';
import { readMaterial, readValidNotes } from '../../handoff/index.js';
import type { RejectedApproach } from '../../brief/material.js';
import { redactBrief } from '../../handoff/redaction.js';
import type { HandoffSession } from '../../handoff/sessions.js';
import { renderMarkdown, root } from '../../render/markdown.js';
import { rejectedSection } from '../../render/brief/sections.js';
import { openContext, readSessions, repoFile } from '../repo.js';
import { rejectedInput, rejectedOutput } from '../schemas.js';
import type { DriftTool } from './index.js';

/** `drift_rejected`: for a branch, the brief's list; for a file, every rejection recorded on it. */
export const rejectedTool: DriftTool<typeof rejectedInput, typeof rejectedOutput> = {
  name: 'drift_rejected',
  title: 'What was tried and rejected',
  description:
    'Approaches already tried and rejected, most recent first, each with its actual reason: edits the user refused, tool errors, edits blocked by a hook, failing commands, edits undone. Give `file` for what was rejected on that file (every local session, and the drift notes of the commits that touched it), or `branch` (default: the current branch) for the list its handoff brief gives under "Tried and rejected". Check it before retrying an approach.',
  input: rejectedInput,
  output: rejectedOutput,
  async answer(args, bound) {
    if (args.file !== undefined && args.branch !== undefined) throw new UserError('give either file or branch, not both');
    if (args.file !== undefined) {
      const file = repoFile(bound, args.file);
      const { ctx, sessions } = await readSessions(bound);
      const rejected = await rejectedOnFile(ctx, sessions, file);
      return answer({ scope: `file ${file}`, file, rejected, omitted: 0 });
    }
    const { material } = await readMaterial(await openContext(bound), { branch: args.branch }, false);
    return answer({ scope: material.scope, file: null, rejected: material.rejected.items, omitted: material.rejected.omitted });
  },
};

function answer(structured: { scope: string; file: string | null; rejected: RejectedApproach[]; omitted: number }) {
  const text = `Scope: ${structured.scope}\n\n${renderMarkdown(root(rejectedSection({ rejected: { items: structured.rejected, omitted: structured.omitted } })))}`;
  return { text, structured };
}

/**
 * The rejected approaches about `path` (repo-relative) that the local `sessions` and the
 * valid notes of the commits of HEAD that touched `path` record (a session known from both
 * is read from its log), redacted, repeats told once, most recent first.
 */
async function rejectedOnFile(ctx: SessionContext, sessions: HandoffSession[], path: string): Promise<RejectedApproach[]> {
  const root = ctx.repo.root;
  const commits = (await resolveCommit(root, 'HEAD')) ? await readCommitLog(root, ['HEAD'], [path]) : [];
  const notes = await readValidNotes(
    root,
    commits.map((c) => c.sha),
  );
  const relative = (p: string) => repoRelative(p, ctx.scope);
  const facts = [...noteOnlyFacts(commits, notes, new Set(sessions.map((s) => s.info.id))), ...sessions.map((s) => extractSession(s, relative, ctx.settings.prompts))];
  const quoted = `\`${path}\``; // How an item names a file it is about (`what`); commands name no file.
  const items = facts
    .flatMap((f) => f.rejected)
    .filter((r) => r.kind !== 'command-failed' && r.what.includes(quoted))
    .sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
  return redactBrief(ctx.redactor, repeats(items));
}

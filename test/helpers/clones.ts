/**
 * Two clones of one bare remote with git drift installed in both (so each fetches the
 * other's notes into `refs/notes/drift-remote/origin`): the set-up of the tests that move
 * notes between clones.
 */
import { join } from 'node:path';
import { addBareRemote, git, makeRepo, type Sandbox } from './env.js';
import { installInProcess } from './replay.js';

/** Paths of the bare remote (`<root>/remote.git`) and of the clones `<root>/a` (made first, pushed) and `<root>/b` (cloned from the remote). */
export interface TwoClones {
  bare: string;
  a: string;
  b: string;
}

/** Make `a` with one commit on `main`, push it to a new bare remote, clone that as `b`, and install git drift in both. */
export async function makeTwoClones(sb: Sandbox): Promise<TwoClones> {
  const a = makeRepo(sb, 'a');
  const bare = addBareRemote(sb, a);
  const b = join(sb.root, 'b');
  git(sb, sb.root, ['clone', '-q', bare, b]);
  await installInProcess(sb, a);
  await installInProcess(sb, b);
  return { bare, a, b };
}

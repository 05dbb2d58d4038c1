/**
 * The hand-over of `NODE_EXTRA_CA_CERTS` around the hooks' Node. Node reads the file it
 * names at start-up, before any of our code runs (measured: 20 ms with one certificate,
 * 65 ms with a system bundle of 144, per run), and a hook opens no TLS connection. So the
 * hook blocks (hooks/) and the husky and lefthook lines (src/install/managers.ts) start
 * `git-drift-hook` with it emptied and its value in `SAVED_CA_CERTS`, and the dispatcher
 * (src/hook.ts) puts it back before anything starts a process.
 */

/** Where the hook's command line puts the `NODE_EXTRA_CA_CERTS` it starts the hook without. */
export const SAVED_CA_CERTS = 'GIT_DRIFT_NODE_EXTRA_CA_CERTS';

/**
 * The assignments that start a command without `NODE_EXTRA_CA_CERTS` and hand its value
 * over, followed by a space, for a POSIX sh command line: `${NAME-}` (safe under `set -u`),
 * or `$NAME` where `{…}` means something else (lefthook's templates). The hook blocks in
 * hooks/ spell the `sh` form out (a test checks they match).
 */
export function caCertsHandover(style: 'sh' | 'lefthook'): string {
  const value = style === 'sh' ? '${NODE_EXTRA_CA_CERTS-}' : '$NODE_EXTRA_CA_CERTS';
  return `${SAVED_CA_CERTS}=${value} NODE_EXTRA_CA_CERTS= `;
}

/**
 * Give `env` back the `NODE_EXTRA_CA_CERTS` the command line moved to `SAVED_CA_CERTS` (an
 * empty value meaning it was not set), and drop `SAVED_CA_CERTS`, so the processes the hook
 * starts (git, the background record compaction that calls the LLM API) get the user's
 * environment. Without `SAVED_CA_CERTS` (a block written by an older install, a hook run by
 * hand) `env` is left as it is. Mutates `env`.
 */
export function restoreExtraCaCerts(env: NodeJS.ProcessEnv): void {
  const saved = env[SAVED_CA_CERTS];
  if (saved === undefined) return;
  delete env[SAVED_CA_CERTS];
  if (saved) env.NODE_EXTRA_CA_CERTS = saved;
  else delete env.NODE_EXTRA_CA_CERTS;
}

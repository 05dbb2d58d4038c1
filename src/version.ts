/** The version of git drift itself, read from the package.json shipped beside its code. */
import { readFileSync } from 'node:fs';
import { UserError } from './errors.js';

/**
 * The version of this package, from its `package.json` (shipped in every install): the
 * nearest one named `git-drift` above this module, which may sit in `src/`, `dist/` or
 * `dist/chunks/`. Throws a `UserError` when none is found: a broken install.
 */
export function readPackageVersion(): string {
  for (const up of ['../', '../../', '../../../']) {
    let pkg: { name?: unknown; version?: unknown };
    try {
      pkg = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), 'utf8')) as typeof pkg;
    } catch {
      continue;
    }
    if (pkg.name === 'git-drift' && typeof pkg.version === 'string') return pkg.version;
  }
  throw new UserError('cannot find the package.json of git drift beside its code; reinstall it');
}

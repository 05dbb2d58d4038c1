/**
 * Hook managers (husky, lefthook): recognising a repository whose hooks one of them owns,
 * the exact lines the user adds to its configuration instead of a block we would write,
 * and whether those lines are there.
 */
import { readdir, stat } from 'node:fs/promises';
import { readRegularText } from '../fs/read.js';
import { join, relative, sep } from 'node:path';
import type { Repo } from '../git/repo.js';
import { HOOK_NAMES, type HookName } from './hooks.js';
import { caCertsHandover } from './ca-certs.js';

/** A hook manager that owns the hooks of a repository. */
export interface HookManager {
  kind: 'husky' | 'lefthook';
  /** Why we think so, in words for the user (e.g. `core.hooksPath points into .husky`). */
  why: string;
  /**
   * Absolute path of what the user edits: the husky directory (`<root>/.husky`; the
   * hook files go inside it) or the lefthook configuration file.
   */
  config: string;
}

/** lefthook's configuration file names, in its own lookup order. */
const LEFTHOOK_FILES = ['.lefthook.yml', 'lefthook.yml', '.lefthook.yaml', 'lefthook.yaml', '.config/lefthook.yml', '.config/lefthook.yaml'];

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** A hook-manager file of the work tree or hooks directory: never a FIFO or device (`../fs/read.ts`), at most 1 MiB. */
async function readText(path: string): Promise<string | null> {
  try {
    return await readRegularText(path, { maxBytes: 1024 * 1024 });
  } catch {
    return null;
  }
}

function detectHuskyPath(repo: Repo): HookManager | null {
  const parts = repo.hooksDir.replace(/[\\/]+$/, '').split(sep);
  const at = parts.lastIndexOf('.husky');
  if (at === -1 || at < parts.length - 2 || (at === parts.length - 2 && parts[at + 1] !== '_')) return null;
  const dir = parts.slice(0, at + 1).join(sep);
  return { kind: 'husky', why: `core.hooksPath points into ${relative(repo.root, dir) || dir}`, config: dir };
}

async function detectLefthook(repo: Repo): Promise<HookManager | null> {
  for (const name of LEFTHOOK_FILES) {
    const path = join(repo.root, name);
    if ((await readText(path)) !== null) return { kind: 'lefthook', why: `${name} is at the repository root`, config: path };
  }
  let names: string[] = [];
  try {
    names = await readdir(repo.hooksDir);
  } catch {
    return null;
  }
  for (const name of names.filter((n) => !n.endsWith('.sample'))) {
    const text = await readText(join(repo.hooksDir, name));
    if (text?.includes('lefthook')) {
      return { kind: 'lefthook', why: `the ${name} hook runs lefthook`, config: join(repo.root, 'lefthook.yml') };
    }
  }
  return null;
}

/**
 * The hook manager that owns `repo.hooksDir`: husky when `core.hooksPath` points into a
 * `.husky` directory (`.husky` or `.husky/_`) or `.husky/` exists at the root; lefthook
 * when its configuration file is at the root or a hook file runs lefthook; else null.
 */
export async function detectManager(repo: Repo): Promise<HookManager | null> {
  const husky = detectHuskyPath(repo);
  if (husky) return husky;
  const huskyDir = join(repo.root, '.husky');
  if (await isDir(huskyDir)) return { kind: 'husky', why: '.husky/ is at the repository root', config: huskyDir };
  return detectLefthook(repo);
}

/**
 * The one line that runs git drift from a husky hook file: silent when `git-drift-hook`
 * is not on PATH (husky puts `node_modules/.bin` there), never failing the hook. Like the
 * hook blocks (hooks/), it starts Node without `NODE_EXTRA_CA_CERTS` (./ca-certs.ts). Pure.
 */
export function huskyLine(hook: HookName): string {
  const stdin = hook === 'pre-push' ? ' </dev/null' : '';
  return `command -v git-drift-hook >/dev/null 2>&1 && ${caCertsHandover('sh')}git-drift-hook ${hook} "$@"${stdin} || true`;
}

/**
 * The lefthook configuration that runs git drift from every hook (YAML, top-level keys),
 * starting Node without `NODE_EXTRA_CA_CERTS` as `huskyLine` does (`caCertsHandover`). Pure.
 */
export function lefthookSnippet(): string {
  const lines: string[] = [];
  for (const hook of HOOK_NAMES) {
    const args = hook === 'post-commit' ? '' : ' {0}';
    lines.push(`${hook}:`, '  commands:', '    git-drift:', `      run: ${caCertsHandover('lefthook')}git-drift-hook ${hook}${args} || true`);
    if (hook === 'post-rewrite') lines.push('      use_stdin: true');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What the user adds for `manager`, as text for the terminal: per husky hook file its
 * line, or the lefthook YAML. Paths relative to `root`. Pure.
 */
export function renderManagerInstructions(manager: HookManager, root: string): string {
  const where = relative(root, manager.config) || manager.config;
  const head = `${manager.kind} manages the hooks of this repository (${manager.why}); git drift wrote no hook file.`;
  if (manager.kind === 'lefthook') {
    const body = lefthookSnippet().replace(/^/gm, '  ').trimEnd();
    return `${head}\nAdd this to ${where} (merge with hooks already there), then run \`lefthook install\`:\n\n${body}\n`;
  }
  const files = HOOK_NAMES.map((hook) => {
    const last = hook === 'post-rewrite' ? ' (as the last line: it reads standard input)' : '';
    return `  ${join(where, hook)}${last}:\n    ${huskyLine(hook)}`;
  });
  return `${head}\nAdd one line to each husky hook file (create the file if missing):\n\n${files.join('\n')}\n`;
}

/**
 * Whether the manager's configuration already runs git drift for `hook`: the husky hook
 * file or the lefthook configuration mentions `git-drift-hook <hook>`.
 */
export async function managerRunsHook(manager: HookManager, hook: HookName): Promise<{ wired: boolean; path: string }> {
  const path = manager.kind === 'husky' ? join(manager.config, hook) : manager.config;
  const text = await readText(path);
  return { wired: text?.includes(`git-drift-hook ${hook}`) ?? false, path };
}

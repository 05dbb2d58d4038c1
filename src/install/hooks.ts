/**
 * The git drift block inside git hook files: rendering it from the shim templates in
 * `hooks/`, planning its insertion, update and removal (pure, keeping every line of the
 * user's own), and applying a plan to the file.
 */
import { access, chmod, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { readRegularText } from '../fs/read.js';
import { constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The git hooks git drift installs, in install order. */
export const HOOK_NAMES = ['post-commit', 'prepare-commit-msg', 'pre-push', 'post-rewrite', 'post-merge'] as const;

/** One of the hooks git drift installs. */
export type HookName = (typeof HOOK_NAMES)[number];

/** First characters of the line that opens our block. */
export const BLOCK_BEGIN = '# >>> git-drift >>>';
/** First characters of the line that closes our block. */
export const BLOCK_END = '# <<< git-drift <<<';
/** The first line of a hook file git drift creates. */
export const NEW_HOOK_HEAD = '#!/bin/sh\n';
/** The placeholder in the templates replaced by the absolute path of `bin/git-drift-hook`. */
export const HOOK_PLACEHOLDER = '__DRIFT_HOOK__';

/** Shells whose syntax the block is written in (POSIX sh and its supersets). */
const SH_COMPATIBLE = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh', 'busybox']);

/** Where our block sits in a hook file: character offsets, `end` just past its last newline. */
export type BlockSpan = { start: number; end: number };

/**
 * Find our block in a hook file's text. Returns null when there is none, or `'broken'`
 * when only one of the two marker lines is there (the file was edited by hand). Pure.
 */
export function findBlock(text: string): BlockSpan | null | 'broken' {
  const begin = /^# >>> git-drift >>>.*$/m.exec(text);
  const endRe = /^# <<< git-drift <<<.*(\n|$)/gm;
  if (!begin) return endRe.test(text) ? 'broken' : null;
  endRe.lastIndex = begin.index;
  const end = endRe.exec(text);
  if (!end) return 'broken';
  return { start: begin.index, end: end.index + end[0].length };
}

/**
 * The block for one hook: the template with `__DRIFT_HOOK__` replaced by `hookEntry`
 * (escaped for the single quotes it sits in), ending with a newline. Pure.
 */
export function renderBlock(template: string, hookEntry: string): string {
  const quoted = hookEntry.replace(/'/g, `'\\''`);
  const block = template.split(HOOK_PLACEHOLDER).join(quoted);
  return block.endsWith('\n') ? block : `${block}\n`;
}

/**
 * The interpreter a hook file's `#!` line names (`sh`, `bash`, `python3`…; through
 * `/usr/bin/env` too), or null when the file has no `#!` line (git runs it with sh). Pure.
 */
export function interpreterOf(text: string): string | null {
  const m = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  if (!m || m[1] === undefined) return null;
  const base = m[1].slice(m[1].lastIndexOf('/') + 1);
  if (base === 'env' && m[2]) return m[2].slice(m[2].lastIndexOf('/') + 1);
  return base;
}

/** What installing would do to one hook file. `text` is the new content (null: no write). */
export interface InstallPlan {
  action: 'create' | 'insert' | 'update' | 'unchanged' | 'skip';
  text: string | null;
  /** For `skip`: why, in words for the user. */
  reason: string | null;
}

/**
 * Plan installing `block` into a hook file whose current text is `current` (null: no
 * file). A new file gets `#!/bin/sh` and the block; an existing one gets the block right
 * after its `#!` line (so a trailing `exit 0` cannot skip it), every other line kept; an
 * outdated block is replaced in place; the same block again changes nothing. Files in
 * another language, or with a half-removed block, are skipped with a reason. Pure.
 */
export function planInstall(current: string | null, block: string): InstallPlan {
  if (current === null) return { action: 'create', text: NEW_HOOK_HEAD + block, reason: null };
  const span = findBlock(current);
  if (span === 'broken') {
    return { action: 'skip', text: null, reason: `it has only one of the "${BLOCK_BEGIN}" / "${BLOCK_END}" lines; remove the leftover by hand and install again` };
  }
  if (span) {
    if (current.slice(span.start, span.end) === block) return { action: 'unchanged', text: null, reason: null };
    return { action: 'update', text: current.slice(0, span.start) + block + current.slice(span.end), reason: null };
  }
  const shell = interpreterOf(current);
  if (shell !== null && !SH_COMPATIBLE.has(shell)) {
    return { action: 'skip', text: null, reason: `it is a ${shell} script; call git-drift-hook from it yourself` };
  }
  if (!current.startsWith('#!')) return { action: 'insert', text: block + current, reason: null };
  const nl = current.indexOf('\n');
  if (nl === -1) return { action: 'insert', text: `${current}\n${block}`, reason: null };
  return { action: 'insert', text: current.slice(0, nl + 1) + block + current.slice(nl + 1), reason: null };
}

/** What uninstalling would do to one hook file. `text` is the new content for `rewrite`. */
export interface UninstallPlan {
  action: 'rewrite' | 'delete' | 'absent';
  text: string | null;
}

/**
 * Plan removing our block from a hook file: exactly the block's lines go; when what is
 * left is only the `#!/bin/sh` line install puts in files it creates, the file is
 * deleted. A file without a (complete) block is left alone (`absent`). Pure.
 */
export function planUninstall(current: string | null): UninstallPlan {
  if (current === null) return { action: 'absent', text: null };
  const span = findBlock(current);
  if (span === null || span === 'broken') return { action: 'absent', text: null };
  const rest = current.slice(0, span.start) + current.slice(span.end);
  if (rest === NEW_HOOK_HEAD) return { action: 'delete', text: null };
  return { action: 'rewrite', text: rest };
}

/** The state of one hook file as `git drift status` reports it. */
export type HookFileState = 'installed' | 'outdated' | 'missing' | 'not-executable';

/** Compare a hook file (null: none) with the block install would write. Pure. */
export function hookFileState(file: HookFile | null, block: string): HookFileState {
  if (!file) return 'missing';
  const span = findBlock(file.text);
  if (span === null || span === 'broken') return 'missing';
  if (file.text.slice(span.start, span.end) !== block) return 'outdated';
  return file.executable ? 'installed' : 'not-executable';
}

/** A hook file as read from disk. */
export interface HookFile {
  text: string;
  /** Whether the owner may execute it (git skips hook files that are not executable). */
  executable: boolean;
}

/**
 * Read a hook file, or null when it does not exist. Other read errors are thrown, among
 * them `RefusedFileError` for a FIFO or device (never waited on) or a file over 1 MiB.
 */
export async function readHookFile(path: string): Promise<HookFile | null> {
  try {
    const [text, info] = await Promise.all([readRegularText(path, { maxBytes: 1024 * 1024 }), stat(path)]);
    return { text, executable: (info.mode & 0o100) !== 0 };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Write a plan to `path`: `create` writes a new file with mode 0755, `insert`/`update`/
 * `rewrite` rewrite the file in place (its mode kept), `delete` removes it; the others do
 * nothing. Throws the file system's error (permissions, read-only disk).
 */
export async function applyPlan(path: string, plan: InstallPlan | UninstallPlan): Promise<void> {
  if (plan.action === 'delete') return unlink(path);
  if (plan.text === null) return;
  await writeFile(path, plan.text);
  if (plan.action === 'create') await chmod(path, 0o755);
}

/**
 * The root of this git drift checkout or package: the nearest directory above this module
 * holding `bin/git-drift-hook` (from `src/install/`, `dist/install/` or a `dist/` bundle).
 * Throws when the installation is incomplete.
 */
export async function readPackageRoot(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    try {
      await access(join(dir, 'bin', 'git-drift-hook'), constants.F_OK);
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error(`git drift is incomplete: no bin/git-drift-hook above ${fileURLToPath(import.meta.url)}; reinstall git drift`);
}

/**
 * The blocks for this installation, one per hook of `HOOK_NAMES`: each template from
 * `hooks/<name>` rendered with `hookEntry` (default: this installation's `bin/git-drift-hook`). Throws when a
 * template is missing.
 */
export async function readBlocks(hookEntry?: string): Promise<Record<HookName, string>> {
  const root = await readPackageRoot();
  const entry = hookEntry ?? join(root, 'bin', 'git-drift-hook');
  const blocks = {} as Record<HookName, string>;
  for (const name of HOOK_NAMES) {
    blocks[name] = renderBlock(await readFile(join(root, 'hooks', name), 'utf8'), entry);
  }
  return blocks;
}

/**
 * A merge-heavy history written with one `git fast-import`, shaped like a busy public
 * project that merges pull requests with merge commits: several branches open at once,
 * each forked from the main branch's tip of its day, 1–6 commits long, merged in another
 * order than they were opened while direct commits land on the main branch between them.
 * Two files carry most of the work, as a project's core modules do: `src/core/engine.js`
 * (touched by about half of all commits) and `src/api/handler.js` (about a fifth); four
 * more files take the rest. Edits replace, insert and delete a few lines at a time.
 *
 * A merge replays the branch's edits on the main branch's version, line by line identity
 * (an edit whose lines the main branch changed meanwhile is dropped, as a resolution that
 * kept "ours" would): the merge commit's tree is then what a clean merge or a simple
 * resolution gives, and blame walks both parents as it does in real repositories.
 *
 * Every commit but the merges can get a drift note naming the lines it added (in its own
 * line numbers), half of them agent lines: `writeMergeHistory(sandbox, {notes: true, renderNote})`.
 * Deterministic (a seeded generator): the same options give the same shas.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** The files of the history and how often a commit picks each (weights). */
const FILES = [
  ['src/core/engine.js', 50, 600],
  ['src/api/handler.js', 20, 400],
  ['src/util/strings.js', 8, 200],
  ['src/util/dates.js', 8, 200],
  ['README.md', 7, 80],
  ['test/engine.test.js', 7, 300],
];

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Write the history into `repo` (an empty repository) on `main` and return its shape:
 * `{commits, merges, files: {path: commitsTouching}}`. `git(args)` runs git in `repo` with
 * `env` (a `benchSandbox`).
 * Options: `commits` (about how many commits in all, default 2,400), `seed`, `notes`
 * (attach a note to every non-merge commit), `renderNote(i, path, lines, agent)` (the note
 * text: `lines` are the 1-based lines the commit added to `path`; called once per commit
 * with its first changed file).
 */
export function writeMergeHistory({ git, repo, env }, opts = {}) {
  const rnd = random(opts.seed ?? 7);
  const target = opts.commits ?? 2400;
  const pick = (n) => Math.floor(rnd() * n);
  let nextId = 0;
  const line = (path, why) => ({ id: nextId++, text: `${path.endsWith('.md') ? '' : '  '}${why} // ${nextId.toString(36)}` });
  const main = { files: new Map(), mark: 0 };
  for (const [path, , size] of FILES)
    main.files.set(
      path,
      Array.from({ length: size }, (_, n) => line(path, `const v${n} = start(${n});`)),
    );
  const streamPath = join(repo, '..', 'history.fi');
  const fd = openSync(streamPath, 'w');
  const out = (s) => writeSync(fd, s);
  const data = (s) => out(`data ${Buffer.byteLength(s)}\n${s}\n`);
  let mark = 0;
  let time = 1_700_000_000;
  const noted = [];
  const touched = new Map(FILES.map(([p]) => [p, 0]));

  /** Emit one commit; `changed` maps path → its new lines. Returns the mark. */
  function commit(msg, from, merge, changed, added) {
    mark += 1;
    time += 600 + pick(3600);
    out(`commit refs/heads/${merge ? 'main' : 'work'}\nmark :${mark}\ncommitter Bench <bench@example.com> ${time} +0000\n`);
    data(msg);
    if (from) out(`from :${from}\n`);
    if (merge) out(`merge :${merge}\n`);
    for (const [path, lines] of changed) {
      out(`M 100644 inline ${path}\n`);
      data(lines.length ? `${lines.map((l) => l.text).join('\n')}\n` : '');
      touched.set(path, touched.get(path) + 1);
    }
    if (added) noted.push({ mark, ...added });
    return mark;
  }

  /** One edit of one file on `state`: replace, insert or delete a few lines. Returns the op (by line ids). */
  function edit(state, path, round) {
    const lines = state.files.get(path);
    const at = pick(Math.max(1, lines.length));
    const kind = lines.length < 40 ? 1 : pick(10);
    if (kind < 5) {
      const n = 1 + pick(5);
      const ids = lines.slice(at, at + n).map((l) => l.id);
      return { kind: 'replace', ids, with: ids.map((_, k) => line(path, `value(${round}, ${k});`)) };
    }
    if (kind < 8 || lines.length < 40) return { kind: 'insert', after: at > 0 ? lines[at - 1].id : null, with: Array.from({ length: 1 + pick(8) }, (_, k) => line(path, `add(${round}, ${k});`)) };
    return { kind: 'delete', ids: lines.slice(at, at + 1 + pick(3)).map((l) => l.id), with: [] };
  }

  /** Apply `op` to `lines` by line identity; an op whose lines are gone does nothing. */
  function apply(lines, op) {
    if (op.kind === 'insert') {
      const at = op.after === null ? 0 : lines.findIndex((l) => l.id === op.after) + 1;
      if (op.after !== null && at === 0) return lines;
      return [...lines.slice(0, at), ...op.with, ...lines.slice(at)];
    }
    const first = lines.findIndex((l) => l.id === op.ids[0]);
    if (first === -1 || op.ids.some((id, k) => lines[first + k]?.id !== id)) return lines;
    return [...lines.slice(0, first), ...op.with, ...lines.slice(first + op.ids.length)];
  }

  const weights = FILES.reduce((s, [, w]) => s + w, 0);
  const choose = () => {
    let r = pick(weights);
    for (const [path, w] of FILES) if ((r -= w) < 0) return path;
    return FILES[0][0];
  };

  /** One non-merge commit on `state` (main or a branch): 1–2 files edited. */
  function work(state, round, ops) {
    const paths = [...new Set([choose(), ...(rnd() < 0.3 ? [choose()] : [])])];
    const changed = new Map();
    let added = null;
    for (const path of paths) {
      const op = edit(state, path, round);
      const lines = apply(state.files.get(path), op);
      state.files.set(path, lines);
      ops?.push({ path, op });
      changed.set(path, lines);
      if (!added && op.with.length) {
        const fresh = new Set(op.with.map((l) => l.id));
        added = { path, lines: lines.flatMap((l, n) => (fresh.has(l.id) ? [n + 1] : [])), agent: round % 2 === 0 };
      }
    }
    state.mark = commit(`change ${round}`, state.mark, 0, changed, added);
  }

  main.mark = commit('initial', 0, 0, main.files, null);
  const open = [];
  let merges = 0;
  for (let round = 1; mark < target; round++) {
    const r = rnd();
    if (r < 0.25 || (open.length === 0 && r < 0.5)) work(main, round, null);
    else if (r < 0.55 && open.length < 6) open.push({ files: new Map(main.files), mark: main.mark, ops: [], left: 1 + pick(6) });
    else if (open.length > 0) {
      const b = open[pick(open.length)];
      work(b, round, b.ops);
      if (--b.left === 0) {
        open.splice(open.indexOf(b), 1);
        const changed = new Map();
        for (const { path, op } of b.ops) {
          const lines = apply(main.files.get(path), op);
          main.files.set(path, lines);
          changed.set(path, lines);
        }
        main.mark = commit(`Merge pull request #${round}`, main.mark, b.mark, changed, null);
        merges += 1;
      }
    }
  }
  if (opts.notes) {
    time += 60;
    out(`commit refs/notes/drift\ncommitter Bench <bench@example.com> ${time} +0000\n`);
    data('Notes added by bench');
    for (const n of noted) {
      out(`N inline :${n.mark}\n`);
      data(opts.renderNote(n.mark, n.path, n.lines, n.agent));
    }
  }
  closeSync(fd);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: repo, stdio: ['pipe', 'ignore', 'inherit'], input: readFileSync(streamPath), env });
  rmSync(streamPath);
  git(['update-ref', '-d', 'refs/heads/work']);
  git(['reset', '-q', '--hard', 'main']);
  git(['gc', '-q']);
  return { commits: mark, merges, files: Object.fromEntries(touched) };
}

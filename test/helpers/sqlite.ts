/**
 * Building SQLite databases for tests (Cursor's `state.vscdb`, OpenCode's `opencode.db`) from
 * SQL text, with python3's standard `sqlite3` module: python3 is on every machine the tests
 * run on, the `sqlite3` command-line shell is not. The databases are written the way the
 * agents' own SQLite libraries write them (rollback journal, committed, closed), and read back
 * by git drift's own reader (`src/agents/sqlite`).
 */
import { execFileSync } from 'node:child_process';

/** Runs the SQL script read from stdin against the database named by argv[1], then commits and closes it. */
const WRITE_DATABASE = 'import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1])\ndb.executescript(sys.stdin.read())\ndb.commit()\ndb.close()\n';

/**
 * Create (or add to) the SQLite database at `path` by running `sql`, a script of `;`-separated
 * statements. Throws when python3 fails (a syntax error in `sql`, an unwritable path).
 */
export function writeDatabase(path: string, sql: string): void {
  execFileSync('python3', ['-c', WRITE_DATABASE, path], { input: sql, stdio: ['pipe', 'pipe', 'pipe'] });
}

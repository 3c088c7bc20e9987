import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { SqliteTarget, Target } from "../../config/config.ts";
import type { TargetPart } from "../../config/target-part.ts";

/**
 * SQLite's target part: `adapter: SQLite` with `database:` (or PormG's `host:`) naming the file,
 * relative to the folder; `sqlite:PATH`, `sqlite://PATH` and `sqlite:///ABS/PATH` URLs; no schemas
 * (`main`) and no extensions, so those keys (and the server's) only warn.
 */
export const sqliteTarget: TargetPart = {
  adapters: ["sqlite", "sqlite3"],
  schemes: ["sqlite", "sqlite3"],
  urlExample: "sqlite:path/to/file.sqlite",
  urlPrefix: "sqlite:",
  ignoredKeys: ["url", "extensions", "username", "password", "port", "sslmode"],
  fromBlock(block, folder) {
    // PormG lets `host:` name the SQLite file and win over `database:`; pormg reads `database:` and
    // takes `host:` only when `database:` is absent.
    const database = block.string("database") ?? block.string("host");
    if (database === undefined || database.trim() === "")
      throw block.error(
        "database",
        'is missing; name the SQLite file, e.g. "database: dev.sqlite" (relative to this folder)',
      );
    const target: SqliteTarget = { dialect: "sqlite", path: resolveSqlitePath(database, folder) };
    return target;
  },
  fromUrl(url, scheme, cwd) {
    let path = url.slice(scheme.length + 1);
    if (path.startsWith("//")) path = path.slice(2);
    if (path === "") return { problem: `"${url}" names no file; write sqlite:path/to/file.sqlite` };
    const target: SqliteTarget = { dialect: "sqlite", path: resolveSqlitePath(decodeURIComponent(path), cwd) };
    return { target };
  },
  describe: (target) => `sqlite:${(target as SqliteTarget).path}`,
  secrets: () => [],
  schema: () => "main",
  extensions: () => [],
  exists(target: Target) {
    const { path } = target as SqliteTarget;
    return inMemoryOrUri(path) || existsSync(path);
  },
  inMemory: { dialect: "sqlite", path: ":memory:" },
};

/** Whether a SQLite path names no file pormg can check: `:memory:` or a `file:` URI. */
export function inMemoryOrUri(path: string): boolean {
  return path === ":memory:" || path.startsWith("file:");
}

/**
 * Resolves a SQLite path: `:memory:` and `file:` URIs pass verbatim, absolute paths stay, and a
 * relative path resolves against `base` (the database folder for `connection.yml`, the working
 * directory for `--url`).
 */
function resolveSqlitePath(path: string, base: string): string {
  if (path === ":memory:" || path.startsWith("file:") || isAbsolute(path)) return path;
  return resolve(base, path);
}

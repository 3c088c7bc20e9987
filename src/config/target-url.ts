import { isAbsolute, resolve } from "node:path";
import type { PostgresTarget, SqliteTarget, Target } from "./config.ts";
import { rawUserInfo, redactUrl } from "./redact.ts";

/**
 * Resolves a SQLite path: `:memory:` and `file:` URIs pass verbatim, absolute paths stay, and a
 * relative path resolves against `base` (the database folder for `connection.yml`, the working
 * directory for `--url`).
 */
export function resolveSqlitePath(path: string, base: string): string {
  if (path === ":memory:" || path.startsWith("file:") || isAbsolute(path)) return path;
  return resolve(base, path);
}

/**
 * Parses a connection URL given with `--url` or `PORMG_DATABASE_URL`: `postgres://…` or
 * `postgresql://…` for PostgreSQL; `sqlite:PATH`, `sqlite://PATH` or `sqlite:///ABS/PATH` for
 * SQLite (relative paths resolve against `cwd`). Returns an explanation instead when the URL has
 * no scheme pormg knows.
 */
export function targetFromUrl(url: string, cwd: string): { target: Target } | { problem: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") {
    const problem = postgresUrlProblem(url);
    if (problem !== undefined) return { problem };
    const target: PostgresTarget = { dialect: "postgresql", url };
    return { target };
  }
  if (scheme === "sqlite" || scheme === "sqlite3") {
    let path = url.slice(scheme.length + 1);
    if (path.startsWith("//")) path = path.slice(2);
    if (path === "") return { problem: `"${url}" names no file; write sqlite:path/to/file.sqlite` };
    const target: SqliteTarget = { dialect: "sqlite", path: resolveSqlitePath(decodeURIComponent(path), cwd) };
    return { target };
  }
  return {
    problem: `"${redactUrl(url)}" is not a database URL pormg knows; use postgres://user@host:5432/dbname or sqlite:path/to/file.sqlite`,
  };
}

/** How each character URL parsers stop at is written inside a user name or password. */
const ENCODE_HINT =
  'percent-encode them: "/" → %2F, "?" → %3F, "#" → %23, "@" → %40, ":" → %3A, "%" → %25, space → %20';

/**
 * What is wrong with a `postgres://` URL, or `undefined` when it is usable. The user name and
 * password run from `scheme://` to the LAST `@`; a `/`, `?`, `#` or `@` inside them must be
 * percent-encoded, since URL parsers (pormg's driver among them) would end the password there and
 * read the rest as a host. Every message shows the URL redacted.
 */
export function postgresUrlProblem(url: string): string | undefined {
  const shown = redactUrl(url);
  const info = rawUserInfo(url);
  const raw = info === undefined ? "" : `${info.user}:${info.password ?? ""}`;
  const stop = [...raw].find((c) => "/?#@".includes(c));
  if (stop !== undefined)
    return (
      `"${shown}": the user name or password holds an unencoded "${stop}" (pormg reads everything before the last "@" ` +
      `as user name and password); ${ENCODE_HINT} (an "@" outside them, e.g. in a query parameter, is %40 too)`
    );
  try {
    if (info !== undefined) {
      decodeURIComponent(info.user);
      decodeURIComponent(info.password ?? "");
    }
  } catch {
    return `"${shown}": the user name or password holds a "%" that starts no %XX escape; write a literal "%" as %25`;
  }
  try {
    new URL(url);
  } catch {
    return `"${shown}" is not a valid URL; write postgres://user:password@host:5432/dbname, and in the user name and password ${ENCODE_HINT}`;
  }
  return undefined;
}

/** Describes a target for people to read, with the password replaced by `***`. */
export function describeTarget(target: Target): string {
  if (target.dialect === "sqlite") return `sqlite:${target.path}`;
  if (target.url !== undefined) return redactUrl(target.url);
  const auth =
    target.username === undefined ? "" : `${encodeURIComponent(target.username)}${target.password ? ":***" : ""}@`;
  const host = target.host ?? "localhost";
  const port = target.port === undefined ? "" : `:${target.port}`;
  const query = target.sslmode === undefined ? "" : `?sslmode=${target.sslmode}`;
  return `postgresql://${auth}${host.includes(":") ? `[${host}]` : host}${port}/${encodeURIComponent(target.database ?? "")}${query}`;
}

/**
 * Parses a libpq keyword string (`host=db port=5432 dbname='my db'`) into its pairs, as PormG
 * accepts in `url:`. Returns `undefined` when the text is not of that form.
 */
export function parseKeywordString(text: string): Record<string, string> | undefined {
  const pairs: Record<string, string> = {};
  const pattern = /\s*([A-Za-z_]+)\s*=\s*('((?:[^'\\]|\\.)*)'|[^\s']*)/y;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) return undefined;
    const key = match[1] as string;
    pairs[key] = match[3] !== undefined ? match[3].replace(/\\(.)/g, "$1") : (match[2] as string);
    index = pattern.lastIndex;
  }
  return Object.keys(pairs).length > 0 ? pairs : undefined;
}

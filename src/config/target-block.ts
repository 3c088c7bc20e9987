import { didYouMeanHint } from "../core/did-you-mean.ts";
import type { PostgresTarget, Target } from "./config.ts";
import { SSL_MODES, type SslMode } from "./keys.ts";
import { rawUserInfo, secretForms } from "./redact.ts";
import { parseKeywordString, postgresUrlProblem, resolveSqlitePath } from "./target-url.ts";
import type { Block } from "./yaml-block.ts";

const ADAPTERS: Readonly<Record<string, Target["dialect"]>> = {
  postgresql: "postgresql",
  postgres: "postgresql",
  sqlite: "sqlite",
  sqlite3: "sqlite",
};

/**
 * Reads the target of an environment block: `adapter` plus `database` (SQLite), or `url` / the
 * discrete PostgreSQL keys. Errors name the file, line and key.
 */
export function targetFromBlock(block: Block, folder: string): Target {
  const adapterText = block.string("adapter");
  if (adapterText === undefined)
    throw block.error("adapter", 'is missing; add "adapter: PostgreSQL" or "adapter: SQLite" to this environment');
  const dialect = ADAPTERS[adapterText.trim().toLowerCase()];
  if (!dialect)
    throw block.error(
      "adapter",
      `unknown adapter "${adapterText}"${didYouMeanHint(adapterText, ["PostgreSQL", "SQLite"])}; use PostgreSQL or SQLite`,
    );
  if (dialect === "sqlite") {
    // PormG lets `host:` name the SQLite file and win over `database:`; pormg reads `database:` and
    // takes `host:` only when `database:` is absent.
    const database = block.string("database") ?? block.string("host");
    if (database === undefined || database.trim() === "")
      throw block.error(
        "database",
        'is missing; name the SQLite file, e.g. "database: dev.sqlite" (relative to this folder)',
      );
    return { dialect, path: resolveSqlitePath(database, folder) };
  }
  const url = block.string("url");
  if (url !== undefined && url.trim() !== "") return postgresFromUrl(block, url.trim());
  const database = block.string("database");
  if (database === undefined)
    throw block.error("database", 'is missing; name the PostgreSQL database ("database: app") or give "url:"');
  return pruned({
    dialect,
    host: block.string("host"),
    port: block.integer("port", 1, 65535),
    database,
    username: block.string("username"),
    password: block.string("password"),
    sslmode: sslMode(block),
    sslrootcert: block.string("sslrootcert"),
    sslcert: block.string("sslcert"),
    sslkey: block.string("sslkey"),
    connectTimeoutSeconds: block.integer("connect_timeout", 1, 3600),
  });
}

function postgresFromUrl(block: Block, url: string): PostgresTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const problem = postgresUrlProblem(url);
    if (problem !== undefined) throw block.error("url", problem);
    return pruned({
      dialect: "postgresql",
      url,
      sslmode: sslMode(block),
      connectTimeoutSeconds: block.integer("connect_timeout", 1, 3600),
    });
  }
  const pairs = parseKeywordString(url);
  if (!pairs)
    throw block.error(
      "url",
      'must be a postgres:// URL or a libpq keyword string such as "host=db port=5432 dbname=app"',
    );
  const port = pairs.port === undefined ? undefined : Number(pairs.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw block.error("url", `port "${pairs.port}" must be a whole number from 1 to 65535`);
  const mode = pairs.sslmode;
  if (mode !== undefined && !(SSL_MODES as readonly string[]).includes(mode))
    throw block.error("url", `sslmode "${mode}" is not one of ${SSL_MODES.join(", ")}`);
  return pruned({
    dialect: "postgresql",
    host: pairs.host,
    port,
    database: pairs.dbname,
    username: pairs.user,
    password: pairs.password,
    sslmode: mode as SslMode | undefined,
  });
}

function sslMode(block: Block): SslMode | undefined {
  const mode = block.string("sslmode");
  if (mode === undefined) return undefined;
  if (!(SSL_MODES as readonly string[]).includes(mode))
    throw block.error("sslmode", `"${mode}" is not one of ${SSL_MODES.join(", ")}${didYouMeanHint(mode, SSL_MODES)}`);
  return mode as SslMode;
}

/**
 * The secrets of a target, in every spelling that could reach output (`secretForms`): the
 * `password`, and the password of a `url` as written and percent-decoded.
 */
export function collectSecrets(target: Target): string[] {
  if (target.dialect === "sqlite") return [];
  const raw = [target.password, target.url === undefined ? undefined : rawUserInfo(target.url)?.password];
  return raw.filter((s): s is string => s !== undefined && s !== "").flatMap(secretForms);
}

/** Drops keys whose value is `undefined`, so optional properties stay absent rather than undefined. */
function pruned<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

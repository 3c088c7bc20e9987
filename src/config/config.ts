import type { DialectName } from "../core/dialect-name.ts";
import type { SslMode } from "./keys.ts";

/**
 * A Target says which database to connect to. SQLite paths are absolute (or `:memory:` / a
 * `file:` URI, passed verbatim); PostgreSQL and MySQL either have a URL or discrete settings.
 */
export type Target = SqliteTarget | PostgresTarget | MysqlTarget;

export interface SqliteTarget {
  readonly dialect: "sqlite";
  readonly path: string;
}

export interface PostgresTarget {
  readonly dialect: "postgresql";
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly username?: string;
  readonly password?: string;
  readonly sslmode?: SslMode;
  readonly sslrootcert?: string;
  readonly sslcert?: string;
  readonly sslkey?: string;
  readonly connectTimeoutSeconds?: number;
}

/**
 * A MySQL or MariaDB target: a `mysql://` / `mariadb://` URL (kept as written, for messages; the
 * driver reads it into discrete settings) or discrete settings. `mariadb` says the environment
 * named MariaDB (`adapter: MariaDB`, a `mariadb://` URL); the server itself decides what it is.
 */
export interface MysqlTarget {
  readonly dialect: "mysql";
  readonly url?: string;
  readonly mariadb?: boolean;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly username?: string;
  readonly password?: string;
  readonly sslmode?: SslMode;
  readonly sslrootcert?: string;
  readonly sslcert?: string;
  readonly sslkey?: string;
  readonly connectTimeoutSeconds?: number;
}

/** Settings are the `config:` block of an environment. */
export interface Settings {
  /** DDL is allowed (`migrate` applies plans). Default is `false`, as in PormG. */
  readonly changeDb: boolean;
  /** DML is allowed. Default is `false`. */
  readonly changeData: boolean;
  /** The models file, relative to the folder. Default is `models.ts`. */
  readonly modelFile: string;
  readonly timeZone?: string;
  readonly djangoPrefix?: string;
  /**
   * PostgreSQL `lock_timeout` / `statement_timeout` in seconds (`config: lock_timeout`, or the
   * `--lock-timeout` / `--statement-timeout` flags, which win) for every statement pormg sends;
   * see `src/config/timeouts.ts` for the defaults.
   */
  readonly lockTimeoutSeconds?: number;
  readonly statementTimeoutSeconds?: number;
  /** How often a plan is retried after a lock timeout (`config: lock_retries`, `--lock-retries`); default 5. */
  readonly lockRetries?: number;
  /**
   * PostgreSQL: plan the online variants of blocking steps on tables that hold rows
   * (`CREATE INDEX CONCURRENTLY`, `NOT VALID` + `VALIDATE` …; docs/online.md). `config: online:
   * false` (or `makemigrations --no-online`) writes the blocking forms. Default is on.
   */
  readonly online?: boolean;
}

/**
 * Where the target came from: the file, the `--url` flag, the `PORMG_DATABASE_URL` variable, or
 * (only for a folder without `connection.yml`) the `DATABASE_URL` variable.
 */
export type TargetSource = "connection.yml" | "--url" | "PORMG_DATABASE_URL" | "DATABASE_URL";

/**
 * A Config is a resolved `connection.yml` environment: every `${VAR}` expanded, every value
 * typed, relative paths made absolute. `display` and `warnings` are already redacted.
 */
export interface Config {
  /** The absolute path of the database folder. */
  readonly folder: string;
  /** The absolute path of `connection.yml`, when one was read. */
  readonly file?: string;
  /** The environment in use (`dev` when nothing selects another). */
  readonly env: string;
  readonly dialect: DialectName;
  readonly target: Target;
  readonly source: TargetSource;
  /** The target for people to read, with passwords replaced by `***`. */
  readonly display: string;
  /** The PostgreSQL schema pormg manages. Default is `public`. */
  readonly schema: string;
  readonly settings: Settings;
  /** Table-name prefixes introspection skips. */
  readonly ignoreTables: readonly string[];
  /** PostgreSQL extensions the environment asks for. */
  readonly extensions: readonly string[];
  /** Values that must never reach output (passwords); the CLI redacts them from every message. */
  readonly secrets: readonly string[];
  readonly warnings: readonly string[];
}

/** The default settings of an environment with no `config:` block. */
export const DEFAULT_SETTINGS: Settings = { changeDb: false, changeData: false, modelFile: "models.ts" };

/** The name of the configuration file inside a database folder. */
export const CONNECTION_FILE = "connection.yml";

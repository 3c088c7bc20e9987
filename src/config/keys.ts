/** The keys pormg reads from an environment block of `connection.yml`. */
export const ENVIRONMENT_KEYS = [
  "adapter",
  "database",
  "host",
  "port",
  "username",
  "password",
  "url",
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "connect_timeout",
  "schema",
  "extensions",
  "ignore_tables",
  "config",
] as const;

/**
 * Keys PormG accepts that pormg does not use (connection pools, PormG's driver switch, libpq
 * keywords the `postgres` client has no slot for). They are accepted so a PormG file loads, with
 * a warning that they have no effect.
 */
export const INERT_KEYS = [
  "hostaddr",
  "passfile",
  "client_encoding",
  "postgres_driver",
  "sqlite_split_read_write",
  "unignore_defaults",
  "pool_size",
  "pool_timeout",
  "idle_timeout",
  "max_lifetime",
  "leak_detection_threshold",
  "fail_fast_on_connect",
  "options",
] as const;

/** The keys of the `config:` block. */
export const SETTINGS_KEYS = [
  "change_db",
  "change_data",
  "model_file",
  "time_zone",
  "django_prefix",
  "lock_timeout",
  "lock_retries",
  "statement_timeout",
  "online",
] as const;

/** Spellings PormG recognises for a key, mapped to the key (reported as a warning when used). */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  user: "username",
  dbname: "database",
  ENGINE: "adapter",
  pool: "pool_size",
};

/** Top-level keys besides the environments themselves. */
export const TOP_LEVEL_KEYS = ["default_env"] as const;

/** The values `sslmode` takes. */
export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

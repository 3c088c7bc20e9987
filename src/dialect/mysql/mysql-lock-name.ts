import { sha256Hex } from "../../core/hash.ts";

/**
 * The names of pormg's MySQL named locks (`GET_LOCK`). A named lock is server-wide, not scoped to a
 * database as PostgreSQL's advisory locks are, so every name carries the database it guards:
 * `pormg::<database>::<purpose>` (e.g. `pormg::shop::migrations`). MySQL and MariaDB refuse names
 * longer than 64 characters; a database name that would make it longer is replaced by the first 32
 * hex digits of its SHA-256 (`pormg::#<hash>::<purpose>`, the `#` saying it is hashed), so two
 * databases never share a lock by truncation. Pure.
 */
export function mysqlLockName(database: string, purpose: string): string {
  const plain = `pormg::${database}::${purpose}`;
  if ([...plain].length <= MAX_LOCK_NAME) return plain;
  return `pormg::#${sha256Hex(database).slice(0, 32)}::${purpose}`;
}

/** The longest lock name `GET_LOCK` accepts, in characters. */
export const MAX_LOCK_NAME = 64;

/** The purpose of the migration lock (`mysqlLockName(database, MIGRATIONS)`). */
export const MIGRATIONS = "migrations";

/** The purpose of the lock that serializes history bootstraps of one database. */
export const HISTORY_INIT = "history-init";

/**
 * The SQL expression of `mysqlLockName(<database>, purpose)` for the database named by the SQL
 * `database` (default the connection's, `DATABASE()`), for statements that name a lock without a
 * round trip for the database name. `SHA2` hashes the name's UTF-8 bytes, as `sha256Hex` does.
 */
export function mysqlLockNameSql(purpose: string, database = "DATABASE()"): string {
  const plain = `CONCAT('pormg::', ${database}, '::${purpose}')`;
  return `IF(CHAR_LENGTH(${plain}) <= ${MAX_LOCK_NAME}, ${plain}, CONCAT('pormg::#', LEFT(SHA2(${database}, 256), 32), '::${purpose}'))`;
}

/**
 * What `status` reads of a PostgreSQL database beside its schema, through the Introspector: the
 * indexes a failed `CREATE INDEX CONCURRENTLY` left invalid, and a bound on how long its catalog
 * reads wait for table locks.
 */
import type { Driver } from "../../core/driver.ts";

/** The invalid indexes of `schema` (PostgreSQL keeps updating them but never uses them), by name. */
export async function readInvalidIndexes(
  driver: Driver,
  schema: string,
): Promise<{ readonly name: string; readonly table: string }[]> {
  return driver.query<{ name: string; table: string }>(
    `SELECT c.relname AS name, t.relname AS "table" FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid AND n.nspname = $1 ORDER BY 1`,
    [schema],
  );
}

/** Makes the session's statements wait at most `ms` milliseconds for a lock (`lock_timeout`). */
export async function waitForLocksAtMost(driver: Driver, ms: number): Promise<void> {
  await driver.query("SELECT pg_catalog.set_config('lock_timeout', $1, false)", [`${ms}ms`]);
}

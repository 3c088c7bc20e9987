import { createHash } from "node:crypto";
import type { LockHolder } from "../../apply/lock-holder.ts";
import type { Driver } from "../../core/driver.ts";

/** The PostgreSQL migration lock's names and keys (PormG's, kept verbatim), and who holds it (`pg_locks`). */

/**
 * The name of the migration lock. PormG uses the same constant, with no database or folder
 * qualifier (PostgreSQL already scopes advisory locks by database), so PormG and pormg exclude
 * each other.
 */
export const MIGRATION_LOCK_NAME = "pormg::migrations";

/**
 * The migration lock's name for the PostgreSQL schema a folder manages: PormG's
 * {@link MIGRATION_LOCK_NAME} for the default schema `public` (PormG manages only that one, so the two
 * tools keep excluding each other), and `pormg::migrations::<schema>` for any other, so folders that
 * manage different schemas of one database each have their own lock (and their own history). Pure.
 */
export function migrationLockName(schema: string): string {
  return schema === "public" ? MIGRATION_LOCK_NAME : `${MIGRATION_LOCK_NAME}::${schema}`;
}

/**
 * The SQL expression PormG turns a lock name (`$1`) into an advisory-lock key with: the first 16
 * hex digits of the name's MD5 as a signed 64-bit integer. Kept verbatim.
 */
export const LOCK_KEY_SQL = "(('x' || pg_catalog.substr(pg_catalog.md5($1), 1, 16))::bit(64))::bigint";

/** The advisory-lock key of a lock name, computed as {@link LOCK_KEY_SQL} does. Pure. */
export function advisoryLockKey(name: string = MIGRATION_LOCK_NAME): bigint {
  const hex = createHash("md5").update(name, "utf8").digest("hex").slice(0, 16);
  return BigInt.asIntN(64, BigInt(`0x${hex}`));
}

const HOLDER_SQL = `
SELECT l.pid AS pid, a.application_name AS application_name, pg_catalog.host(a.client_addr) AS client_addr,
       pg_catalog.to_char(CASE WHEN a.state = 'idle' THEN a.state_change ELSE a.backend_start END AT TIME ZONE 'UTC',
               'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
FROM pg_catalog.pg_locks AS l
LEFT JOIN pg_catalog.pg_stat_activity AS a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
  AND ((l.classid::bigint << 32) | l.objid::bigint) = ${LOCK_KEY_SQL}
ORDER BY l.pid
LIMIT 1`;

interface HolderRow {
  pid: unknown;
  application_name: unknown;
  client_addr: unknown;
  since: unknown;
  [column: string]: unknown;
}

/**
 * Who holds the migration lock on `driver`'s database: `pg_locks` (an advisory lock's 64-bit key
 * is split into `classid`, the high half, and `objid`, the low half, with `objsubid` 1) joined with
 * `pg_stat_activity`. Returns `null` when nobody holds it. Read-only; it never takes the lock.
 */
export async function lockHolder(driver: Driver, name: string = MIGRATION_LOCK_NAME): Promise<LockHolder | null> {
  const [row] = await driver.query<HolderRow>(HOLDER_SQL, [name]);
  if (!row) return null;
  const text = (value: unknown) => (value === null || value === undefined || value === "" ? null : String(value));
  return {
    pid: Number(row.pid),
    applicationName: text(row.application_name),
    clientAddr: text(row.client_addr),
    since: text(row.since),
  };
}

import { createHash } from "node:crypto";
import type { Driver } from "../core/driver.ts";

/**
 * The name of the migration lock. PormG uses the same constant, with no database or folder
 * qualifier (PostgreSQL already scopes advisory locks by database), so PormG and pormg exclude
 * each other (reference §9).
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
 * hex digits of the name's MD5 as a signed 64-bit integer (reference §9). Kept verbatim.
 */
export const LOCK_KEY_SQL = "(('x' || pg_catalog.substr(pg_catalog.md5($1), 1, 16))::bit(64))::bigint";

/** The advisory-lock key of a lock name, computed as {@link LOCK_KEY_SQL} does. Pure. */
export function advisoryLockKey(name: string = MIGRATION_LOCK_NAME): bigint {
  const hex = createHash("md5").update(name, "utf8").digest("hex").slice(0, 16);
  return BigInt.asIntN(64, BigInt(`0x${hex}`));
}

/** A LockHolder is the PostgreSQL session that holds the migration lock, as `status` shows it. */
export interface LockHolder {
  /** The holder's backend process id (`pg_stat_activity.pid`). */
  readonly pid: number;
  /** Its `application_name`; pormg sets `pormg/<version> <user>@<host>:<pid>`. `null` when not visible. */
  readonly applicationName: string | null;
  /** The client's IP address; `null` for a Unix-socket connection or when not visible. */
  readonly clientAddr: string | null;
  /**
   * Since when, as ISO 8601 UTC: when the holder's connection last went idle (for pormg's dedicated
   * lock connection, which does nothing after taking the lock, that is the moment it took it),
   * otherwise when it connected. PostgreSQL does not record when a lock was granted. `null` when not visible.
   */
  readonly since: string | null;
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
 * `pg_stat_activity`. Returns `null` when nobody holds it, and always on SQLite, whose locks
 * cannot be attributed to a process. Read-only; it never takes the lock.
 */
export async function lockHolder(driver: Driver, name: string = MIGRATION_LOCK_NAME): Promise<LockHolder | null> {
  if (driver.dialect !== "postgresql") return null;
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

/**
 * Describes a holder for messages: `pid 48213 (pormg/0.1.0 deploy@web-2:4411) from 10.0.0.7 since
 * 2026-11-29T15:30:00Z`, leaving out what PostgreSQL did not show. Pure.
 */
export function describeHolder(holder: LockHolder): string {
  const parts = [`pid ${holder.pid}`];
  if (holder.applicationName === null && holder.clientAddr === null && holder.since === null)
    return `${parts[0]} (its details are not visible to this database role)`;
  parts.push(holder.applicationName ? `(${holder.applicationName})` : "(no application_name)");
  parts.push(holder.clientAddr ? `from ${holder.clientAddr}` : "from a local socket");
  if (holder.since) parts.push(`since ${holder.since}`);
  return parts.join(" ");
}

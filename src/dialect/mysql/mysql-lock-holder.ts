import type { LockHolder } from "../../apply/lock-holder.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { MIGRATIONS, mysqlLockName } from "./mysql-lock-name.ts";

/** Who holds a MySQL named lock (`IS_USED_LOCK` and `information_schema.PROCESSLIST`), and the migration lock's name. */

/**
 * The name of the migration lock of the database `driver` is connected to (`mysqlLockName`:
 * `pormg::<database>::migrations`). CONFIG_INVALID (exit 78) when the connection has no database.
 */
export async function migrationLockNameOf(driver: Driver): Promise<string> {
  const [row] = await driver.query<{ name: string | null }>("SELECT DATABASE() AS name");
  const database = row?.name ?? null;
  if (database === null)
    throw new PormgError(
      "CONFIG_INVALID",
      "The MySQL connection has no database selected, so pormg cannot tell which database's migration lock to take. " +
        "Name the database in the connection settings.",
      {},
    );
  return mysqlLockName(database, MIGRATIONS);
}

// The holder's connection id, and its PROCESSLIST row where this user may see it (PROCESS privilege,
// or the holder is the same user). TIME is the seconds its connection has been in its current state:
// for pormg's dedicated lock connection, idle since it took the lock, that is since it took it.
const HOLDER_SQL = `
SELECT l.id AS id, p.USER AS user, p.HOST AS host,
       DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL p.TIME SECOND, '%Y-%m-%dT%H:%i:%sZ') AS since
FROM (SELECT IS_USED_LOCK(?) AS id) AS l
LEFT JOIN information_schema.PROCESSLIST AS p ON p.ID = l.id
WHERE l.id IS NOT NULL`;

/**
 * Who holds the named lock `name` on `driver`'s server, or `null` when nobody does. MySQL has no
 * `application_name`: the holder's `applicationName` is its `program_name` connection attribute
 * (pormg's connections send `pormg/<version> <user>@<host>:<pid>`) where the performance schema
 * records it and this user may read it, else the MySQL user it connected as; its `clientAddr` is
 * the PROCESSLIST host (`address:port`, or `localhost` for a socket). A holder this user may not see
 * in PROCESSLIST is `{ pid, … null }`. Read-only; it never takes the lock.
 */
export async function mysqlLockHolder(driver: Driver, name: string): Promise<LockHolder | null> {
  const [row] = await driver.query<{ id: unknown; user: unknown; host: unknown; since: unknown }>(HOLDER_SQL, [name]);
  if (!row) return null;
  const text = (value: unknown) => (value === null || value === undefined || value === "" ? null : String(value));
  const pid = Number(row.id);
  const program = row.user === null ? null : await programName(driver, pid);
  return { pid, applicationName: program ?? text(row.user), clientAddr: text(row.host), since: text(row.since) };
}

/** The `program_name` a connection sent, or `null` (performance schema off, or not readable by this user). */
async function programName(driver: Driver, pid: number): Promise<string | null> {
  const rows = await driver
    .query<{ value: unknown }>(
      `SELECT ATTR_VALUE AS value FROM performance_schema.session_connect_attrs
        WHERE PROCESSLIST_ID = ? AND ATTR_NAME = 'program_name'`,
      [pid],
    )
    .catch(() => []);
  const value = rows[0]?.value;
  return typeof value === "string" && value !== "" ? value : null;
}

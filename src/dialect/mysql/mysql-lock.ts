import type { HeldLock, LockPart } from "../../apply/lock.ts";
import { describeHolder, type LockHolder } from "../../apply/lock-holder.ts";
import { formatWait, pollUntil } from "../../apply/lock-wait.ts";
import { releaseLock } from "../../apply/release-lock.ts";
import type { Config, Target } from "../../config/config.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { connectMysql } from "./mysql-driver.ts";
import { migrationLockNameOf, mysqlLockHolder } from "./mysql-lock-holder.ts";

/** MysqlLockOptions say how long to wait for the named lock and whom to tell about it. */
export interface MysqlLockOptions {
  /** How long to keep trying, in milliseconds; 0 tries once. */
  readonly waitMs: number;
  /** Called once when the first try finds the lock taken, with its holder when PROCESSLIST shows it. */
  readonly onWait?: (holder: LockHolder | null) => void;
  /** Called with a warning, e.g. an unlock that failed. */
  readonly onWarning: (message: string) => void;
  /** The connection to hold the lock on, opened ahead (owned from here on); default is a new one. */
  readonly connection?: Promise<Driver>;
}

/**
 * The longest `wait_timeout` MySQL accepts (a year, in seconds): the lock connection sits idle for
 * the whole migration, and the server would otherwise close it after the default eight hours,
 * freeing the lock under a long migration.
 */
const IDLE_SECONDS = 31_536_000;

/**
 * Takes the migration lock on MySQL or MariaDB: `GET_LOCK(name, 0)` polled with jittered
 * exponential backoff for up to `waitMs`, on a dedicated connection that runs nothing else (and
 * never a transaction). The name carries the database (`pormg::<database>::migrations`), as named
 * locks are server-wide. The server frees the lock when the connection closes (the process died, an
 * admin ran `KILL`), or on `RELEASE_LOCK`. On timeout it throws LOCK_TIMEOUT (exit 4) naming the
 * holder from PROCESSLIST.
 */
export async function acquireMysqlLock(target: Target | Config, options: MysqlLockOptions): Promise<HeldLock> {
  const connection = await (options.connection ?? connectMysql(target));
  try {
    const name = await migrationLockNameOf(connection);
    await connection.execute(`SET SESSION wait_timeout = ${IDLE_SECONDS}`);
    let told = false;
    const poll = await pollUntil(
      async () => {
        const [row] = await connection.query<{ ok: unknown }>("SELECT GET_LOCK(?, 0) AS ok", [name]);
        return Number(row?.ok) === 1;
      },
      options.waitMs,
      () => {
        if (told || !options.onWait) return;
        told = true;
        const notify = options.onWait;
        void mysqlLockHolder(connection, name).then(notify, () => notify(null));
      },
    );
    if (!poll.acquired)
      throw timeoutError(name, options.waitMs, await mysqlLockHolder(connection, name).catch(() => null));
    const pid = await assertSessionHoldsLock(connection, name, options.onWarning);
    return {
      waitedMs: poll.waitedMs,
      pid,
      file: null,
      assertHeld: () => assertStillHeld(connection, name, pid),
      release: () => release(connection, name, options.onWarning),
    };
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
}

function timeoutError(name: string, waitMs: number, holder: LockHolder | null): PormgError {
  const held = holder
    ? `it is held by connection ${describeHolder(holder).replace(/^pid /, "")}`
    : "it was held by another connection, which released it";
  const stuck = holder ? ` If that connection is stuck, end it with KILL ${holder.pid}.` : "";
  return new PormgError(
    "LOCK_TIMEOUT",
    `Could not take the migration lock "${name}" within ${formatWait(waitMs)}: ${held}. Wait for it to finish, ` +
      `or pass --lock-wait <seconds> to wait longer.${stuck}`,
    { lock: name, waitSeconds: waitMs / 1000, holder },
  );
}

/** This connection's id, and whether it holds the lock `name` (a second statement after `GET_LOCK`). */
async function sessionState(connection: Driver, name: string): Promise<{ pid: number; held: boolean }> {
  const [row] = await connection.query<{ pid: unknown; holder: unknown }>(
    "SELECT CONNECTION_ID() AS pid, IS_USED_LOCK(?) AS holder",
    [name],
  );
  return { pid: Number(row?.pid), held: row?.holder !== null && Number(row?.holder) === Number(row?.pid) };
}

/**
 * Refuses a lock the next statement's connection does not hold: a multiplexing proxy (ProxySQL,
 * MaxScale in some modes) may run consecutive statements on different server connections, and a
 * named lock then does not hold.
 */
async function assertSessionHoldsLock(
  connection: Driver,
  name: string,
  onWarning: (message: string) => void,
): Promise<number> {
  const state = await sessionState(connection, name);
  if (state.held) return state.pid;
  await release(connection, name, onWarning);
  throw new PormgError(
    "CONFIG_INVALID",
    "The migration lock was taken, but the next statement on the same connection ran on a server connection " +
      "that does not hold it: a proxy that multiplexes connections sits between pormg and the server, and named " +
      "locks (GET_LOCK) do not work through it. Connect pormg directly to the server.",
    { lock: name },
  );
}

async function assertStillHeld(connection: Driver, name: string, pid: number): Promise<void> {
  const state = await sessionState(connection, name).catch(() => null);
  if (state?.pid === pid && state.held) return;
  throw new PormgError(
    "CONNECT_FAILED",
    `The migration lock was lost: the connection that held it (connection id ${pid}) is gone, so the server ` +
      "freed the lock and another run may have taken it. Nothing further runs under it; run the command again.",
    { lock: name, pid },
  );
}

function release(connection: Driver, name: string, onWarning: (message: string) => void): Promise<void> {
  const unlock = async () => {
    const [row] = await connection.query<{ ok: unknown }>("SELECT RELEASE_LOCK(?) AS ok", [name]);
    return Number(row?.ok) === 1;
  };
  return releaseLock(connection, name, unlock, onWarning, "connection");
}

/**
 * The migration lock on MySQL and MariaDB: a named lock (`acquireMysqlLock`) on a connection of its
 * own (`connectMysql`). The working connection needs no preparation; the holder is read from `IS_USED_LOCK` and PROCESSLIST.
 */
export const mysqlLock: LockPart = {
  assertLockable: () => {},
  connect: (target) => connectMysql(target),
  acquire: (target, options) =>
    acquireMysqlLock(target, {
      waitMs: options.waitMs,
      onWarning: options.onWarning,
      ...(options.onWait && { onWait: options.onWait }),
      ...(options.connection && { connection: options.connection }),
    }),
  workOn: async (db) => ({ db, restore: async () => {} }),
  holder: async (db) => mysqlLockHolder(db, await migrationLockNameOf(db)),
};

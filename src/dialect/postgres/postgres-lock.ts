import type { LockPart } from "../../apply/lock.ts";
import { describeHolder, type LockHolder } from "../../apply/lock-holder.ts";
import { formatWait, pollUntil } from "../../apply/lock-wait.ts";
import { releaseLock } from "../../apply/release-lock.ts";
import type { Config, Target } from "../../config/config.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { connectPostgres } from "./postgres-driver.ts";
import {
  advisoryLockKey,
  LOCK_KEY_SQL,
  lockHolder,
  MIGRATION_LOCK_NAME,
  migrationLockName,
} from "./postgres-lock-holder.ts";

/** PostgresLockOptions say how long to wait for the advisory lock and whom to tell about it. */
export interface PostgresLockOptions {
  /** How long to keep trying, in milliseconds; 0 tries once. */
  readonly waitMs: number;
  /** The lock's name. Default is {@link MIGRATION_LOCK_NAME}, the one PormG uses. */
  readonly name?: string;
  /** Called once when the first try finds the lock taken, with its holder when PostgreSQL shows it. */
  readonly onWait?: (holder: LockHolder | null) => void;
  /** Called with a warning, e.g. an unlock that failed. */
  readonly onWarning: (message: string) => void;
  /** The connection to hold the lock on, opened ahead (owned from here on); default is a new one. */
  readonly connection?: Promise<Driver>;
}

/** A PostgresLock is a held session advisory lock on its own dedicated, idle connection. */
export interface PostgresLock {
  /** The backend pid of the lock connection (what `lockHolder` reports while it is held). */
  readonly pid: number;
  /** The 64-bit advisory-lock key. */
  readonly key: bigint;
  /** How long taking it took, in milliseconds. */
  readonly waitedMs: number;
  /**
   * Checks that the lock is still held by the same session, and throws CONNECT_FAILED (exit 1) when
   * its connection was lost (the server restarted, the network dropped, an admin ended it), which
   * frees the lock. Call it right before committing work that relies on the lock.
   */
  assertHeld(): Promise<void>;
  /** Unlocks and closes the connection; an unlock failure only warns, as closing frees the lock anyway. */
  release(): Promise<void>;
}

/**
 * Takes the migration lock on PostgreSQL: opens a dedicated connection (its `application_name` is
 * `pormg/<version> <user>@<host>:<pid>`, so others can see who holds it), polls
 * `pg_try_advisory_lock` with jittered exponential backoff for up to `waitMs`, and never runs a
 * transaction on that connection. If the process dies, the connection closes and PostgreSQL
 * frees the lock. On timeout it throws LOCK_TIMEOUT (exit 4) naming the holder; behind a
 * transaction-mode pooler, where session locks do not work, CONFIG_INVALID (exit 78).
 */
export async function acquirePostgresLock(
  target: Target | Config,
  options: PostgresLockOptions,
): Promise<PostgresLock> {
  const name = options.name ?? MIGRATION_LOCK_NAME;
  const connection = await (options.connection ?? connectPostgres(target));
  try {
    // The lock session runs only pormg's catalog calls: pg_catalog alone, so no user object (operators
    // included) can stand in for a built-in, whatever search_path the role or database sets.
    await connection.query("SELECT pg_catalog.set_config('search_path', 'pg_catalog', false)");
    let told = false;
    const poll = await pollUntil(
      async () => {
        const [row] = await connection.query<{ ok: unknown }>(
          `SELECT pg_catalog.pg_try_advisory_lock(${LOCK_KEY_SQL}) AS ok`,
          [name],
        );
        return row?.ok === true;
      },
      options.waitMs,
      () => {
        if (told || !options.onWait) return;
        told = true;
        const notify = options.onWait;
        void lockHolder(connection, name).then(notify, () => notify(null));
      },
    );
    if (!poll.acquired) throw timeoutError(name, options.waitMs, await lockHolder(connection, name).catch(() => null));
    const pid = await assertSessionHoldsLock(connection, name, options.onWarning);
    return {
      pid,
      key: advisoryLockKey(name),
      waitedMs: poll.waitedMs,
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
    ? `it is held by ${describeHolder(holder)}`
    : "it was held by another session, which released it (or is not visible to this database role)";
  const stuck = holder ? ` If that session is stuck, end it with SELECT pg_terminate_backend(${holder.pid}).` : "";
  return new PormgError(
    "LOCK_TIMEOUT",
    `Could not take the migration lock within ${formatWait(waitMs)}: ${held}. Wait for it to finish, ` +
      `or pass --lock-wait <seconds> to wait longer.${stuck}`,
    { lock: name, key: advisoryLockKey(name).toString(), waitSeconds: waitMs / 1000, holder },
  );
}

/**
 * Checks, in a second statement, that the backend now serving this connection is the one holding
 * the lock. Behind a transaction-mode pooler (PgBouncer) consecutive statements may run on
 * different backends, so a session lock is silently lost: refuse instead.
 */
async function sessionState(connection: Driver, name: string): Promise<{ pid: number; held: boolean }> {
  const [row] = await connection.query<{ pid: unknown; held: unknown }>(
    `SELECT pg_catalog.pg_backend_pid() AS pid, EXISTS (
       SELECT 1 FROM pg_catalog.pg_locks AS l
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.pid = pg_catalog.pg_backend_pid()
         AND ((l.classid::bigint << 32) | l.objid::bigint) = ${LOCK_KEY_SQL}) AS held`,
    [name],
  );
  return { pid: Number(row?.pid), held: row?.held === true };
}

async function assertStillHeld(connection: Driver, name: string, pid: number): Promise<void> {
  const state = await sessionState(connection, name).catch(() => null);
  if (state?.pid === pid && state.held) return;
  throw new PormgError(
    "CONNECT_FAILED",
    `The migration lock was lost: the connection that held it (PostgreSQL backend pid ${pid}) is gone, ` +
      "so PostgreSQL freed the lock and another run may have taken it. Nothing further runs under it; " +
      "run the command again.",
    { lock: name, pid },
  );
}

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
    "The migration lock was taken, but the next statement on the same connection ran in a PostgreSQL session " +
      "that does not hold it: a transaction-mode connection pooler (such as PgBouncer with pool_mode=transaction) " +
      "sits between pormg and the server, and session advisory locks do not work through it. Connect pormg " +
      "directly to PostgreSQL, or through a session-mode pool.",
    { lock: name },
  );
}

function release(connection: Driver, name: string, onWarning: (message: string) => void): Promise<void> {
  const unlock = async () => {
    const [row] = await connection.query<{ ok: unknown }>(
      `SELECT pg_catalog.pg_advisory_unlock(${LOCK_KEY_SQL}) AS ok`,
      [name],
    );
    return row?.ok === true;
  };
  return releaseLock(connection, name, unlock, onWarning);
}

/**
 * The migration lock on PostgreSQL: a session advisory lock (`acquirePostgresLock`) named for the
 * schema a Config manages (`migrationLockName`; PormG's own name for `public`), held on a
 * connection of its own. The working connection needs no preparation; the holder is read from
 * `pg_locks`.
 */
export const postgresLock: LockPart = {
  assertLockable: () => {},
  connect: (target) => connectPostgres(target),
  acquire: async (target, options) => {
    const lock = await acquirePostgresLock(target, {
      waitMs: options.waitMs,
      ...("schema" in target && { name: migrationLockName(target.schema) }),
      onWarning: options.onWarning,
      ...(options.onWait && { onWait: options.onWait }),
      ...(options.connection && { connection: options.connection }),
    });
    return { waitedMs: lock.waitedMs, pid: lock.pid, file: null, assertHeld: lock.assertHeld, release: lock.release };
  },
  workOn: async (db) => ({ db, restore: async () => {} }),
  holder: (db, target) => lockHolder(db, "schema" in target ? migrationLockName(target.schema) : MIGRATION_LOCK_NAME),
};

import type { Config, Target } from "../config/config.ts";
import type { DialectName } from "../core/dialect-name.ts";
import type { Driver } from "../core/driver.ts";
import { acquirePostgresLock } from "../dialect/postgres/postgres-lock.ts";
import { acquireSqliteLock, setBusyTimeout, translateBusy } from "../dialect/sqlite/sqlite-lock.ts";
import { type LockHolder, migrationLockName } from "./lock-holder.ts";
import { lockWaitMs } from "./lock-wait.ts";
import { openTarget } from "./open-target.ts";

/** MigrationLockOptions say how long to wait for the migration lock and which connection to work on. */
export interface MigrationLockOptions {
  /**
   * How long to wait for the lock, in seconds: 0 tries once, at most 2147483. Default is 30. On
   * SQLite it also bounds how long the plan's `BEGIN IMMEDIATE` waits for the database's write lock.
   */
  readonly lockWaitSeconds?: number;
  /**
   * A connection to the same database to do the work on. Default is a new one, opened after the
   * lock is taken and closed before it is released. A given connection is not closed; on SQLite its
   * busy timeout is set for the duration and put back afterwards.
   */
  readonly db?: Driver;
  /** Called once when the lock is taken by someone else at the first try, with the holder when known (PostgreSQL). */
  readonly onWait?: (holder: LockHolder | null) => void;
  /** Called with a warning (an unlock that failed). Default is `console.warn`. */
  readonly onWarning?: (message: string) => void;
}

/** A MigrationLock is what the locked section receives: the held lock and the connection to work on. */
export interface MigrationLock {
  readonly dialect: DialectName;
  /**
   * The connection to do the whole migration on. PostgreSQL: a second connection (the lock's own
   * connection stays idle, outside any transaction, so `CREATE INDEX CONCURRENTLY` never waits for
   * it). SQLite: its busy timeout is the lock wait, and a transaction that cannot take the write
   * lock in time (`BEGIN IMMEDIATE`) throws LOCK_TIMEOUT (exit 4) instead of "database is locked".
   */
  readonly db: Driver;
  /** How long taking the lock took, in milliseconds. */
  readonly waitedMs: number;
  /** The lock wait in effect, in milliseconds. */
  readonly lockWaitMs: number;
  /** PostgreSQL: the backend pid holding the advisory lock. SQLite: `null`. */
  readonly lockPid: number | null;
  /** SQLite: the sidecar lock file (`null` for `:memory:`). PostgreSQL: `null`. */
  readonly lockFile: string | null;
  /**
   * Throws CONNECT_FAILED (exit 1) when the lock was lost meanwhile: on PostgreSQL, when the lock's
   * connection dropped (PostgreSQL then frees the lock, and the client would silently reconnect).
   * Call it right before committing the plan's transaction. On SQLite it always passes: an OS file
   * lock lasts as long as the process.
   */
  assertHeld(): Promise<void>;
}

/**
 * Runs `fn` while holding the migration lock of a database, so that many servers running
 * `pormg migrate` at once apply each plan exactly once (design §7). The lock is taken before `fn`
 * and released after it, whether it resolves or throws; taking it fails with LOCK_TIMEOUT (exit 4)
 * after `lockWaitSeconds`, naming the holder on PostgreSQL.
 *
 * - **PostgreSQL:** a session advisory lock on key `pormg::migrations` (the same key PormG takes,
 *   so the two tools exclude each other) for the schema `public`, `pormg::migrations::<schema>` for a
 *   Config managing another schema (`migrationLockName`), held on a dedicated connection that
 *   PostgreSQL frees when the process dies; waiters poll `pg_try_advisory_lock` with jittered backoff.
 * - **SQLite:** a write transaction held on the sidecar file `<database>.pormg-lock` (see
 *   `lock-sqlite.ts`), freed by the OS when the process dies; the plan's own transaction then
 *   takes the database's write lock with `BEGIN IMMEDIATE` under a busy timeout.
 *
 * Every step of a migration belongs inside `fn`, on `lock.db`, each in its own transaction:
 *
 * ```ts
 * await withMigrationLock(config, { lockWaitSeconds }, async ({ db, assertHeld }) => {
 *   await initHistory(db);                                   // idempotent bootstrap
 *   if (await alreadyApplied(db, checksum)) return "already_applied";
 *   await appendEvent(db, planned);                          // committed on its own: a crash leaves it visible
 *   try {
 *     const run = () =>
 *       db.transaction(async (tx) => {                       // SQLite: BEGIN IMMEDIATE
 *         await executeInTransaction(tx, steps, options);
 *         await appendEvent(tx, applied);                    // same transaction as the plan
 *         await assertHeld();                                // still ours? else roll back
 *       });
 *     // SQLite: foreign keys off before BEGIN, so a rebuild cannot cascade (sqlite-guard.ts).
 *     await (db.dialect === "sqlite" ? withForeignKeysOff(db, run) : run());
 *   } catch (error) {
 *     await appendEvent(db, failed);                         // after the rollback
 *     throw error;
 *   }
 *   await executeNonTransactional(db, steps, options);       // still under the lock
 *   return "applied";
 * });
 * ```
 *
 * Validation, prompts and prechecks that write nothing belong before it, so nobody waits on a
 * prompt. A bad `lockWaitSeconds` is a USAGE error (exit 64), thrown before connecting.
 */
export async function withMigrationLock<T>(
  target: Config | Target,
  options: MigrationLockOptions,
  fn: (lock: MigrationLock) => Promise<T>,
): Promise<T> {
  const waitMs = lockWaitMs(options.lockWaitSeconds);
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`warning: ${message}`));
  const resolved = "target" in target ? target.target : target;

  if (resolved.dialect === "postgresql") {
    const lock = await acquirePostgresLock(target, {
      waitMs,
      ...("schema" in target && { name: migrationLockName(target.schema) }),
      onWarning,
      ...(options.onWait && { onWait: options.onWait }),
    });
    try {
      const db = options.db ?? (await openTarget(target));
      try {
        return await fn({
          dialect: "postgresql",
          db,
          waitedMs: lock.waitedMs,
          lockWaitMs: waitMs,
          lockPid: lock.pid,
          lockFile: null,
          assertHeld: lock.assertHeld,
        });
      } finally {
        if (!options.db) await db.close().catch(() => {});
      }
    } finally {
      await lock.release();
    }
  }

  const onWait = options.onWait;
  const lock = await acquireSqliteLock(resolved.path, { waitMs, ...(onWait && { onWait: () => onWait(null) }) });
  try {
    const raw = options.db ?? (await openTarget(target));
    const previous = await setBusyTimeout(raw, waitMs);
    try {
      const db = translateBusy(raw, resolved.path, waitMs);
      return await fn({
        dialect: "sqlite",
        db,
        waitedMs: lock.waitedMs,
        lockWaitMs: waitMs,
        lockPid: null,
        lockFile: lock.file,
        assertHeld: async () => {},
      });
    } finally {
      if (options.db) await setBusyTimeout(raw, previous).catch(() => {});
      else await raw.close().catch(() => {});
    }
  } finally {
    await lock.release();
  }
}

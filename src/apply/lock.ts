import type { Config, Target } from "../config/config.ts";
import type { DialectName } from "../core/dialect-name.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError } from "../core/errors.ts";
import { describeHolder, type LockHolder } from "./lock-holder.ts";
import { lockWaitMs } from "./lock-wait.ts";
import { openTarget } from "./open-target.ts";
import type { ProgressSink } from "./progress.ts";
import type { SessionDialect } from "./session.ts";

/** What a dialect's lock part is told when it takes the migration lock. */
export interface AcquireOptions {
  /** How long to keep trying, in milliseconds; 0 tries once. */
  readonly waitMs: number;
  /** Called once when the first try finds the lock taken, with its holder when the dialect can tell. */
  readonly onWait?: (holder: LockHolder | null) => void;
  /** Called with a warning, e.g. an unlock that failed. */
  readonly onWarning: (message: string) => void;
  /**
   * The lock's own connection, opened ahead by `LockPart.connect` so that its set-up overlapped the
   * run's other work. `acquire` owns it from then on: it closes it when taking the lock fails, and on
   * release. Without it, `acquire` opens one.
   */
  readonly connection?: Promise<Driver>;
}

/** A HeldLock is the migration lock a dialect's lock part took. */
export interface HeldLock {
  /** How long taking it took, in milliseconds. */
  readonly waitedMs: number;
  /** The process (backend pid) holding it, when the dialect has one (PostgreSQL); otherwise `null`. */
  readonly pid: number | null;
  /** The file carrying it, when the dialect locks a file (SQLite; `null` for `:memory:`); otherwise `null`. */
  readonly file: string | null;
  /** Throws CONNECT_FAILED (exit 1) when the lock was lost meanwhile; passes when it cannot be lost. */
  assertHeld(): Promise<void>;
  /** Releases it; a failure to unlock only warns. */
  release(): Promise<void>;
}

/** A WorkingSession is the locked section's connection as the lock part prepared it, and how to undo that. */
export interface WorkingSession {
  readonly db: Driver;
  /** Puts back what the preparation changed on a connection the caller keeps. */
  restore(): Promise<void>;
}

/**
 * The LockPart is how a dialect takes the migration lock (implemented in each dialect folder's
 * `<d>-lock.ts`): PostgreSQL an advisory lock on a connection of its own, SQLite a write
 * transaction on a sidecar file; plus the busy translation of the working connection (SQLite:
 * waiting too long for the database's write lock is LOCK_TIMEOUT, exit 4) and who holds the lock.
 */
export interface LockPart {
  /**
   * Refuses, before anything waits on the lock, a database this process cannot lock or write
   * (SQLite: the file or its folder not writable). Writes nothing.
   */
  assertLockable(target: Target): void;
  /**
   * Opens the connection `acquire` would hold the lock on, for a caller that wants it opened early
   * (`AcquireOptions.connection`). Only where the lock has a connection of its own (PostgreSQL).
   */
  connect?(target: Config | Target): Promise<Driver>;
  /** Takes the migration lock of `target` (LOCK_TIMEOUT, exit 4, after `waitMs`). */
  acquire(target: Config | Target, options: AcquireOptions): Promise<HeldLock>;
  /**
   * Prepares a working connection: with `waitMs`, waits for the database's own write lock that
   * long (SQLite's busy timeout, put back by `restore`); without it, keeps the connection's own
   * wait. `database` names the database in the LOCK_TIMEOUT message (`null`: unnamed).
   */
  workOn(db: Driver, database: Target | null, waitMs?: number): Promise<WorkingSession>;
  /**
   * Who holds the migration lock of `target` right now (for `status`), read-only on `db`: the
   * holder, `{ pid: null … }` when it is held by someone the dialect cannot name, or `null` when free.
   */
  holder(
    db: Driver,
    target: Config | Target,
  ): Promise<LockHolder | { pid: null; applicationName: null; since: null } | null>;
}

/** The parts of a Dialect the migration lock uses. */
export interface LockDialect extends SessionDialect {
  readonly lock: LockPart;
}

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
  /**
   * The lock's own connection when one was opened ahead (`RunConnections.takeLockConnection`):
   * called once per taking of the lock; undefined lets the lock part open its own.
   */
  readonly lockConnection?: () => Promise<Driver> | undefined;
  /** Called once when the lock is taken by someone else at the first try, with the holder when known (PostgreSQL). */
  readonly onWait?: (holder: LockHolder | null) => void;
  /** Called with a warning (an unlock that failed). Default is `console.warn`. */
  readonly onWarning?: (message: string) => void;
  /** Told while the lock is taken by someone else (`lock-wait`, naming the holder when known), and `idle` once it is ours or given up. */
  readonly progress?: ProgressSink;
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
 * `pormg migrate` at once apply each plan exactly once (docs/design.md §7). The lock is taken before `fn`
 * and released after it, whether it resolves or throws; taking it fails with LOCK_TIMEOUT (exit 4)
 * after `lockWaitSeconds`, naming the holder where the dialect can (`dialect.lock`):
 *
 * - **PostgreSQL:** a session advisory lock on key `pormg::migrations` (the same key PormG takes,
 *   so the two tools exclude each other) for the schema `public`, `pormg::migrations::<schema>` for a
 *   Config managing another schema (`migrationLockName`), held on a dedicated connection that
 *   PostgreSQL frees when the process dies; waiters poll `pg_try_advisory_lock` with jittered backoff.
 * - **SQLite:** a write transaction held on the sidecar file `<database>.pormg-lock` (see
 *   `sqlite-lock.ts`), freed by the OS when the process dies; the plan's own transaction then
 *   takes the database's write lock with `BEGIN IMMEDIATE` under a busy timeout.
 *
 * Every step of a migration belongs inside `fn`, on `lock.db`, each in its own transaction (the
 * migrator, `src/use-cases/migrator.ts`, is the one user): bootstrap the history, skip a plan
 * already applied, commit `planned`, run the plan's transaction with `applied` and `assertHeld()`
 * before its commit (`executeTransaction`), record `failed` after a rollback, then run the
 * non-transactional steps (`executeNonTransactional`), still under the lock.
 *
 * Validation, prompts and prechecks that write nothing belong before it, so nobody waits on a
 * prompt. A bad `lockWaitSeconds` is a USAGE error (exit 64), thrown before connecting.
 */
export async function withMigrationLock<T>(
  target: Config | Target,
  dialect: LockDialect,
  options: MigrationLockOptions,
  fn: (lock: MigrationLock) => Promise<T>,
): Promise<T> {
  const waitMs = lockWaitMs(options.lockWaitSeconds);
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`warning: ${message}`));
  const progress = options.progress;
  // The holder is looked up while the waiting goes on; a late answer must not report a wait that is over.
  let waiting = true;
  const onWait =
    progress || options.onWait
      ? (holder: LockHolder | null) => {
          options.onWait?.(holder);
          if (waiting) progress?.({ kind: "lock-wait", holder: holder ? describeHolder(holder) : null, waitMs });
        }
      : undefined;
  const connection = options.lockConnection?.();
  const acquiring = dialect.lock.acquire(target, {
    waitMs,
    onWarning,
    ...(onWait && { onWait }),
    ...(connection && { connection }),
  });
  const lock = await acquiring.finally(() => {
    waiting = false;
    progress?.({ kind: "idle" });
  });
  return holding(target, dialect, options, waitMs, lock, fn);
}

/**
 * `withMigrationLock` when the lock is free at the first try: runs `fn` holding it and returns
 * `{ value }`; when another session holds it, returns undefined at once (nothing ran, nothing is
 * reported, no wait). `lockWaitSeconds` still bounds the waits inside `fn` (SQLite's `BEGIN
 * IMMEDIATE`). A LOCK_TIMEOUT from inside `fn` is thrown as any error is.
 */
export async function tryMigrationLock<T>(
  target: Config | Target,
  dialect: LockDialect,
  options: MigrationLockOptions,
  fn: (lock: MigrationLock) => Promise<T>,
): Promise<{ value: T } | undefined> {
  const waitMs = lockWaitMs(options.lockWaitSeconds);
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`warning: ${message}`));
  let lock: HeldLock;
  try {
    const connection = options.lockConnection?.();
    lock = await dialect.lock.acquire(target, { waitMs: 0, onWarning, ...(connection && { connection }) });
  } catch (error) {
    if (isPormgError(error, "LOCK_TIMEOUT")) return undefined;
    throw error;
  }
  return { value: await holding(target, dialect, options, waitMs, lock, fn) };
}

/** Runs `fn` under a lock already taken, on the working connection, and releases the lock after it. */
async function holding<T>(
  target: Config | Target,
  dialect: LockDialect,
  options: MigrationLockOptions,
  waitMs: number,
  lock: HeldLock,
  fn: (lock: MigrationLock) => Promise<T>,
): Promise<T> {
  const resolved = "target" in target ? target.target : target;
  try {
    const raw = options.db ?? (await openTarget(target, dialect));
    try {
      const session = await dialect.lock.workOn(raw, resolved, waitMs);
      try {
        return await fn({
          dialect: raw.dialect,
          db: session.db,
          waitedMs: lock.waitedMs,
          lockWaitMs: waitMs,
          lockPid: lock.pid,
          lockFile: lock.file,
          assertHeld: () => lock.assertHeld(),
        });
      } finally {
        if (options.db) await session.restore().catch(() => {});
      }
    } finally {
      if (!options.db) await raw.close().catch(() => {});
    }
  } finally {
    await lock.release();
  }
}

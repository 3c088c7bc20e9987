import { lockWaitMs } from "../apply/lock-wait.ts";
import { openTarget } from "../apply/open-target.ts";
import type { Config } from "../config/config.ts";
import type { LoadConfigOptions } from "../config/load-config.ts";
import type { Driver } from "../core/driver.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { loadConfig } from "../dialect/load-config.ts";

/** RunInTransactionOptions choose the environment (for a folder) and how long SQLite waits for its write lock. */
export interface RunInTransactionOptions extends Omit<LoadConfigOptions, "folder"> {
  /**
   * SQLite: how long `BEGIN IMMEDIATE` waits for another connection's write lock, in seconds (0
   * tries once); waiting longer throws LOCK_TIMEOUT (exit 4). Default is 30. Applies to connections
   * runInTransaction opens (a given Driver keeps its own); PostgreSQL ignores it.
   */
  readonly lockWaitSeconds?: number;
}

function isDriver(target: unknown): target is Driver {
  return typeof target === "object" && target !== null && "transaction" in target && "query" in target;
}

/**
 * Runs `fn` in one database transaction, for data work outside migration plans (PormG's
 * `run_in_transaction`): commits when `fn` resolves, rolls back and rethrows when it
 * throws (an exception `fn` catches itself does not roll anything back). `target` is a database
 * folder (its `connection.yml` is loaded with `options`), a loaded Config, or an open Driver.
 * A folder or Config is opened for the call and closed afterwards (on PostgreSQL with `search_path`
 * set to the configured schema, then `public`); a Driver is used as is and left open. Nested calls (passing `tx`
 * to runInTransaction again, or calling `tx.transaction`) become savepoints: a nested failure rolls
 * back only the nested work. SQLite transactions start with `BEGIN IMMEDIATE`, so concurrent
 * writers serialize. `change_data` is not consulted: the caller decides what the SQL does.
 */
export async function runInTransaction<T>(
  target: string | Config | Driver,
  fn: (tx: Driver) => Promise<T>,
  options: RunInTransactionOptions = {},
): Promise<T> {
  const { lockWaitSeconds, ...configOptions } = options;
  const waitMs = lockWaitMs(lockWaitSeconds);
  if (isDriver(target)) {
    // A given Driver keeps its own wait; only the busy error is translated (SQLite).
    const { db } = await dialectNamed(target.dialect).lock.workOn(target, null);
    return await db.transaction(fn);
  }
  const config = typeof target === "string" ? loadConfig({ ...configOptions, folder: target }) : target;
  const dialect = dialectNamed(config.dialect);
  const opened = await openTarget(config, dialect, { alsoPublic: true });
  try {
    const { db } = await dialect.lock.workOn(opened, config.target, waitMs);
    return await db.transaction(fn);
  } finally {
    await opened.close();
  }
}

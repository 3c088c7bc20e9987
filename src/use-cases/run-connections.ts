import { connectReadonly } from "../apply/open-readonly.ts";
import { openTarget } from "../apply/open-target.ts";
import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";

/**
 * RunConnections are the connections one `migrate` run shares between its steps, so that it
 * connects once, not once per check: the reads that write nothing (verifying the history, the
 * checks before the lock, the comparison with the models afterwards) all go through `reader`, and
 * where the dialect reads on a working connection (PostgreSQL: `session.openReadonly` gives none)
 * that same connection is `worker`, the one the locked section works on. The migration lock keeps
 * its own connection (see `withMigrationLock`); where the dialect's lock has one (`LockPart.connect`,
 * PostgreSQL) it is opened at the same time as the reader, so the two set-ups overlap, and handed to
 * the first taking of the lock (`takeLockConnection`). SQLite reads on a read-only connection of its
 * own and works on another, as before: opening a file costs nothing worth sharing.
 */
export interface RunConnections {
  /** The connection for reads that write nothing. Borrowed: only `close` closes it. */
  readonly reader: Driver;
  /** The working connection to lend to the locked section, when the reader is one. */
  readonly worker?: Driver;
  /**
   * The lock's connection opened ahead, once: the caller owns it from then on (the lock part closes
   * it). Undefined when there is none or it was taken; `close` closes one never taken.
   */
  takeLockConnection(): Promise<Driver> | undefined;
  close(): Promise<void>;
}

/** Opens the run's connections; undefined when the database does not exist yet (a SQLite file not created). */
export async function openRunConnections(config: Config): Promise<RunConnections | undefined> {
  if (!targetExists(config.target)) return undefined;
  const dialect = dialectNamed(config.dialect);
  const own = await dialect.session.openReadonly(config);
  if (own) return { reader: own, takeLockConnection: () => undefined, close: () => own.close() };
  let ahead = dialect.lock.connect?.(config);
  // Its failure surfaces where it is used (or is the reader's failure too): never unhandled here.
  ahead?.catch(() => {});
  const closeAhead = async () => {
    const left = ahead;
    ahead = undefined;
    await left?.then((c) => c.close()).catch(() => {});
  };
  const db = await openTarget(config, dialect).catch(async (error: unknown) => {
    await closeAhead();
    throw error;
  });
  return {
    reader: db,
    worker: db,
    takeLockConnection: () => {
      const taken = ahead;
      ahead = undefined;
      return taken;
    },
    close: async () => {
      await Promise.all([closeAhead(), db.close()]);
    },
  };
}

/**
 * Runs `fn` on the run's reader when there is one, else on a read-only connection of its own
 * (`connectReadonly`), closed afterwards.
 */
export async function withReader<T>(
  config: Config,
  shared: RunConnections | undefined,
  fn: (db: Driver) => Promise<T>,
): Promise<T> {
  if (shared) return fn(shared.reader);
  const db = await connectReadonly(config, dialectNamed(config.dialect));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

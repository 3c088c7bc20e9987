import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import type { ExecutionPart } from "./execution.ts";
import { openTarget } from "./open-target.ts";
import type { SessionDialect } from "./session.ts";

/** Thrown inside the transaction to roll it back, whatever `fn` returned. */
class RollbackSentinel extends Error {}

/**
 * Runs `fn` inside a transaction on the configured database that is always rolled back, and
 * returns what `fn` returned; nothing `fn` does is kept. The transaction runs inside the
 * dialect's guard (`execution.around`; SQLite: foreign-key enforcement off, as the plan's own
 * transaction, so data steps behave the same) on a read-write connection. The caller makes sure
 * the database exists.
 */
export async function inRolledBackTransaction<T>(
  config: Config,
  dialect: SessionDialect & { readonly execution: ExecutionPart },
  fn: (tx: Driver) => Promise<T>,
): Promise<T> {
  const db = await openTarget(config, dialect);
  let result: { value: T } | undefined;
  const run = async () => {
    try {
      await db.transaction(async (tx) => {
        result = { value: await fn(tx) };
        throw new RollbackSentinel();
      });
    } catch (error) {
      if (!(error instanceof RollbackSentinel)) throw error;
    }
  };
  try {
    await dialect.execution.around(db, run);
  } finally {
    await db.close();
  }
  return (result as { value: T }).value;
}

import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { withForeignKeysOff } from "../dialect/sqlite/sqlite-guard.ts";
import { openTarget } from "./open-target.ts";

/** Thrown inside the transaction to roll it back, whatever `fn` returned. */
class RollbackSentinel extends Error {}

/**
 * Runs `fn` inside a transaction on the configured database that is always rolled back, and
 * returns what `fn` returned; nothing `fn` does is kept. On SQLite the transaction runs with
 * foreign-key enforcement off (as the plan's own transaction does, so data steps behave the same)
 * on a read-write connection: the file's content is unchanged afterwards. The caller makes sure
 * the database exists.
 */
export async function inRolledBackTransaction<T>(config: Config, fn: (tx: Driver) => Promise<T>): Promise<T> {
  const db = await openTarget(config);
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
    await (db.dialect === "sqlite" ? withForeignKeysOff(db, run) : run());
  } finally {
    await db.close();
  }
  return (result as { value: T }).value;
}

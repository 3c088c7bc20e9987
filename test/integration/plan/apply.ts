import type { Driver } from "../../../src/core/driver.ts";
import type { PlanStep } from "../../../src/schema/operation.ts";

/** Runs steps on PostgreSQL in one transaction, as the executor will. */
export async function applyPostgres(driver: Driver, steps: readonly PlanStep[]): Promise<void> {
  await driver.transaction(async (tx) => {
    for (const step of steps) await tx.execute(step.sql);
  });
}

/**
 * Runs steps on SQLite as the executor will: `PRAGMA foreign_keys=OFF` BEFORE the transaction (it
 * is a no-op inside one) and read back, the steps in one transaction, then `foreign_key_check`
 * must be clean, and enforcement is turned back on. Returns the foreign_key_check rows.
 */
export async function applySqlite(driver: Driver, steps: readonly PlanStep[]): Promise<unknown[]> {
  await driver.execute("PRAGMA foreign_keys = OFF");
  const [flag] = await driver.query<{ foreign_keys: number }>("PRAGMA foreign_keys");
  if (flag?.foreign_keys !== 0) throw new Error("PRAGMA foreign_keys = OFF did not take effect");
  try {
    return await driver.transaction(async (tx) => {
      for (const step of steps) await tx.execute(step.sql);
      return await tx.query("PRAGMA foreign_key_check");
    });
  } finally {
    await driver.execute("PRAGMA foreign_keys = ON");
  }
}

/** The one number of a count query (`{ n }`), whatever numeric type the driver returns. */
export async function count(driver: Driver, sql: string): Promise<number> {
  const [row] = await driver.query<{ n: unknown }>(sql);
  return Number(row?.n);
}

import { connectReadonly } from "../apply/open-readonly.ts";
import type { Config } from "../config/config.ts";
import { targetExists } from "../driver/connect.ts";
import { introspect } from "../introspect/introspect.ts";
import { compareSchemas, type Difference } from "../schema/compare.ts";
import type { LiveSchema, Schema } from "../schema/ir.ts";
import { readModels } from "./read-models.ts";

/** A CheckResult says whether the models and the database agree, and how they differ. */
export interface CheckResult {
  readonly drift: boolean;
  readonly differences: readonly Difference[];
}

/** Drops tables pormg must not compare (those of `managed: false` models) from a live schema. */
export function withoutTables(schema: Schema, tables: readonly string[]): Schema {
  const skip = new Set(tables);
  return { ...schema, tables: schema.tables.filter((t) => !skip.has(t.name)) };
}

/**
 * Compares the folder's models with the live database, read-only: loads and validates the models
 * (before connecting), introspects, and lists every difference. Never writes anything.
 */
export async function check(config: Config): Promise<CheckResult> {
  const models = await readModels(config);
  const live = await readLive(config);
  const differences = compareSchemas(models.schema, withoutTables(live.schema, models.unmanagedTables));
  return { drift: differences.length > 0, differences };
}

/**
 * Introspects the configured database read-only. A SQLite file that does not exist yet reads as an
 * empty database and is not created.
 */
export async function readLive(config: Config): Promise<LiveSchema> {
  if (!targetExists(config.target))
    return { schema: { dialect: config.dialect, tables: [] }, unmanaged: [], ignored: [] };
  const driver = await connectReadonly(config);
  try {
    return await introspect(driver, config);
  } finally {
    await driver.close();
  }
}

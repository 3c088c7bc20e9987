import { connectReadonly } from "../apply/open-readonly.ts";
import type { Config } from "../config/config.ts";
import { targetExists } from "../driver/connect.ts";
import type { Driver } from "../driver/driver.ts";
import { alignModels } from "../introspect/align-models.ts";
import { introspect } from "../introspect/introspect.ts";
import { canonicalJson } from "../schema/fingerprint.ts";
import type { LiveSchema, Schema } from "../schema/ir.ts";
import { type ModelsState, readModels } from "./read-models.ts";

/** Drops tables pormg must not compare (those of `managed: false` models) from a live schema. */
export function withoutTables(schema: Schema, tables: readonly string[]): Schema {
  const skip = new Set(tables);
  return { ...schema, tables: schema.tables.filter((t) => !skip.has(t.name)) };
}

/** State is the models and the live database read side by side, ready to compare or plan. */
export interface State {
  /** The models, whose `schema` has its expressions aligned with the database's (see `alignModels`). */
  readonly models: ModelsState;
  /** The live database as introspected (fingerprints are taken from it). */
  readonly live: LiveSchema;
  /** The live tables the models manage: `live.schema` without the tables of `managed: false` models. */
  readonly liveSchema: Schema;
}

/**
 * Loads and validates the models (before connecting), introspects the database read-only and
 * aligns the models' expressions with it, on one connection. A SQLite file that does not exist yet
 * reads as an empty database and is not created. `check`, `makemigrations` and `status` start here.
 */
export async function readState(config: Config): Promise<State> {
  const models = await readModels(config);
  if (!targetExists(config.target)) {
    const live: LiveSchema = { schema: { dialect: config.dialect, tables: [] }, unmanaged: [], ignored: [] };
    return { models, live, liveSchema: live.schema };
  }
  const driver = await connectReadonly(config);
  try {
    const live = await introspect(driver, config);
    const liveSchema = withoutTables(live.schema, models.unmanagedTables);
    const schema = await alignWithDatabase(driver, config, models.schema, liveSchema);
    return { models: { ...models, schema }, live, liveSchema };
  } finally {
    await driver.close();
  }
}

/**
 * `alignModels` for a configured database: its schema, and its target as the scope of the
 * in-process cache of server-printed expressions (see `printTables`).
 */
export function alignWithDatabase(driver: Driver, config: Config, models: Schema, live: Schema): Promise<Schema> {
  return alignModels(driver, models, live, { schema: config.schema, cacheScope: canonicalJson(config.target) });
}

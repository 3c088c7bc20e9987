import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { modelRenameHints } from "../diff/rename-hints.ts";
import { applyRenames } from "../diff/renames.ts";
import { type RenameResolver, resolveRenames } from "../diff/resolve-renames.ts";
import { alignModels } from "../introspect/align-models.ts";
import { introspect } from "../introspect/introspect.ts";
import { collectGarbage } from "../runtime/runtime.ts";
import { canonicalJson } from "../schema/fingerprint.ts";
import type { LiveSchema, Schema } from "../schema/ir.ts";
import { type ModelsState, readModels } from "./read-models.ts";
import { type RunConnections, withReader } from "./run-connections.ts";

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
  /** With `populated: true`: the live managed tables that hold rows (where the dialect can tell). */
  readonly populated?: readonly string[];
}

/** Decides every rename question "not a rename": only hints rename (`check` never guesses). */
export const noRenames: RenameResolver = { decide: async () => null };

/**
 * Loads and validates the models while it connects and introspects the database read-only (a
 * models file that does not load is the error reported, whatever the connection does), then
 * aligns the models' expressions with the database, on one connection. A SQLite file that does not exist yet
 * reads as an empty database and is not created. `check` and `makemigrations` start here. Tables
 * and columns renamed by a hint (`renames`, as `--rename` takes them, and the models' `renamedFrom`)
 * are aligned with the live ones they are renamed from. With `populated`, it also reads which live
 * tables hold rows (`Introspector.populatedTables`: the fact online variants are chosen from).
 */
export async function readState(
  config: Config,
  options: {
    readonly renames?: readonly string[];
    readonly populated?: boolean;
    /** A `migrate` run's connections, read on instead of a connection of its own. */
    readonly shared?: RunConnections;
  } = {},
): Promise<State> {
  if (!targetExists(config.target)) {
    const models = await readModels(config);
    const live: LiveSchema = { schema: { dialect: config.dialect, tables: [] }, unmanaged: [], ignored: [] };
    return { models, live, liveSchema: live.schema };
  }
  // The models load while the connection opens and the catalog queries run: one waits on the
  // server while the other works. The connection is asked for first, so it is on its way before
  // the models file is compiled; an invalid models file is still the error reported, and at once.
  let modelsRead: Promise<ModelsState> | undefined;
  const models = () => {
    modelsRead ??= readModels(config);
    return modelsRead;
  };
  const reading = withReader(config, options.shared, async (driver) => {
    const introspected = introspect(driver, dialectNamed(driver.dialect), config);
    const [loaded, live] = await Promise.all([models(), introspected]);
    return stateOf(config, driver, loaded, live, options);
  });
  const first = models();
  try {
    return await Promise.race([reading, first.then(() => reading)]);
  } catch (error) {
    await first; // a models file that does not load is the error to report, before a connection's
    throw error;
  }
}

/**
 * From this many columns (the models' and the database's together), `stateOf` first runs a full
 * garbage collection. Loading the models file (its compiled source) and reading the catalog (the
 * raw rows) leave more garbage than anything after; collected before the comparison allocates,
 * the peak memory stays lower (500 tables of 16 columns: check's max RSS 98 → 89 MB, for ~4 ms of
 * CPU). A small schema's peak is far lower anyway, and there the collection would only cost.
 */
const COLLECT_FROM_COLUMNS = 2000;

function columnCount(schema: Schema): number {
  let count = 0;
  for (const table of schema.tables) count += table.columns.length;
  return count;
}

/** readState's second half: the models aligned with the database they were read beside. */
async function stateOf(
  config: Config,
  driver: Driver,
  models: ModelsState,
  live: LiveSchema,
  options: { readonly renames?: readonly string[]; readonly populated?: boolean },
): Promise<State> {
  if (columnCount(models.schema) + columnCount(live.schema) >= COLLECT_FROM_COLUMNS) collectGarbage();
  const liveSchema = withoutTables(live.schema, models.unmanagedTables);
  const hints = [...(options.renames ?? []), ...modelRenameHints(models.loaded, liveSchema)];
  const dialect = dialectNamed(liveSchema.dialect);
  const renamed = applyRenames(
    liveSchema,
    await resolveRenames(liveSchema, models.schema, dialect, { hints, resolver: noRenames }),
    dialect,
  );
  const schema = await alignWithDatabase(driver, config, models.schema, renamed);
  const probe = options.populated ? dialect.introspector.populatedTables : undefined;
  const populated = probe
    ? await probe(
        driver,
        config.schema,
        liveSchema.tables.map((t) => t.name),
      )
    : undefined;
  return { models: { ...models, schema }, live, liveSchema, ...(populated && { populated }) };
}

/**
 * `alignModels` for a configured database: its schema, its `extensions:`, and its target as the
 * scope of the in-process cache of server-printed expressions (see `printTables`).
 */
export function alignWithDatabase(driver: Driver, config: Config, models: Schema, live: Schema): Promise<Schema> {
  return alignModels(driver, dialectNamed(driver.dialect), models, live, {
    schema: config.schema,
    extensions: config.extensions,
    cacheScope: canonicalJson(config.target),
  });
}

import type { Config } from "../config/config.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { schemaDifferences } from "../diff/differences.ts";
import { modelRenameHints } from "../diff/rename-hints.ts";
import { introspect } from "../introspect/introspect.ts";
import { operationTable } from "../plan/order.ts";
import { planOperations } from "../plan/plan-operations.ts";
import type { Difference } from "../schema/describe.ts";
import type { LiveSchema } from "../schema/ir.ts";
import { defaultName } from "../schema/names.ts";
import type { Operation } from "../schema/operation.ts";
import { openConfiguredReadonly } from "./open-database.ts";
import { noRenames, readState } from "./read-state.ts";
import type { RunConnections } from "./run-connections.ts";

/** A CheckResult says whether the models and the database agree, and how they differ. */
export interface CheckResult {
  readonly drift: boolean;
  readonly differences: readonly Difference[];
}

/**
 * Compares the folder's models with the live database, read-only: loads and validates the models
 * (while it connects and introspects: `readState`), and lists every difference. Both come from the planner: the
 * differences are its diff of the database against the models, described (`schemaDifferences`,
 * which ignores names), and it reports drift exactly when the planner would plan something — so an
 * index the models name differently, or a `renamedFrom` rename, counts too, described from the
 * planned operations. Expressions compare as the database prints them (`readState`). Never writes.
 * `shared`: the `migrate` run's connections, read on instead of a connection of its own.
 */
export async function check(config: Config, shared?: RunConnections): Promise<CheckResult> {
  const { models, liveSchema } = await readState(config, { ...(shared && { shared }) });
  const differences: Difference[] = schemaDifferences(models.schema, liveSchema, dialectNamed(liveSchema.dialect));
  const operations = await planOperations(liveSchema, models.schema, dialectNamed(liveSchema.dialect), {
    hints: modelRenameHints(models.loaded, liveSchema),
    resolver: noRenames,
  });
  if (differences.length === 0) differences.push(...operations.map(operationDifference));
  else differences.push(...operations.filter((op) => op.kind === "renameIndex").map(operationDifference));
  return { drift: differences.length > 0, differences };
}

/** Describes a planned operation the name-blind differences do not show (a rename, an index under another name). */
function operationDifference(op: Operation): Difference {
  switch (op.kind) {
    case "renameIndex":
      return { table: op.table, what: `index "${op.from}" is named "${op.to}" in the models` };
    case "renameTable":
      return { table: op.to, what: `table "${op.from}" is renamed to "${op.to}" in the models` };
    case "dropIndex":
      return {
        table: op.table,
        what: `index "${op.index.name ?? defaultName.index(op.table, op.index.keys)}" is not in the models under that name`,
      };
    case "createIndex":
      return {
        table: op.table,
        what: `index "${op.index.name ?? defaultName.index(op.table, op.index.keys)}" of the models is not in the database under that name`,
      };
    case "renameColumn":
      return { table: op.table, column: op.to, what: `column "${op.from}" is renamed to "${op.to}" in the models` };
    default:
      return {
        table: operationTable(op),
        what: `the planner would ${op.kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`,
      };
  }
}

/**
 * Introspects the configured database read-only. A SQLite file that does not exist yet reads as an
 * empty database and is not created.
 */
export async function readLive(config: Config): Promise<LiveSchema> {
  if (!targetExists(config.target))
    return { schema: { dialect: config.dialect, tables: [] }, unmanaged: [], ignored: [] };
  const driver = await openConfiguredReadonly(config);
  try {
    return await introspect(driver, dialectNamed(driver.dialect), config);
  } finally {
    await driver.close();
  }
}

import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { connect } from "../dialect/connect.ts";
import { quoteIdent } from "../dialect/postgres/postgres-ddl.ts";
import { inSchema } from "../dialect/postgres/postgres-in-schema.ts";

/** OpenTargetOptions tune the PostgreSQL session `openTarget` opens. */
export interface OpenTargetOptions {
  /**
   * Also search `public` after the configured schema (for user code in `runInTransaction`, which may
   * call extension functions installed there). Default is `false`: the configured schema alone.
   */
  readonly alsoPublic?: boolean;
}

/**
 * Opens a working connection to a configured database: `connect`, then on PostgreSQL, for a
 * Config, the session's `search_path` pinned to the configured schema alone (whatever the role or
 * database sets), so unqualified names mean that schema and `pg_catalog` is searched before it
 * (user objects named like built-ins cannot stand in for them), and the driver marked as working in
 * that schema (`Driver.schema`: pormg's history tables are named in it). The caller closes it.
 */
export async function openTarget(target: Config | Target, options: OpenTargetOptions = {}): Promise<Driver> {
  const driver = await connect(target);
  const schema = "schema" in target ? target.schema : undefined;
  if (driver.dialect !== "postgresql" || schema === undefined) return driver;
  const path = options.alsoPublic && schema !== "public" ? `${quoteIdent(schema)}, public` : quoteIdent(schema);
  try {
    await driver.query("SELECT pg_catalog.set_config('search_path', $1, false)", [path]);
    return inSchema(driver, schema);
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
}

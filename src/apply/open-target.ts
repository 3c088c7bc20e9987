import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { openDriver } from "../driver/connect.ts";
import type { OpenTargetOptions, SessionDialect } from "./session.ts";

export type { OpenTargetOptions } from "./session.ts";

/**
 * Opens a working connection to a configured database through its dialect (`openDriver`), then, for a Config, the
 * session scoped to the configured schema by the dialect (`session.scope`; on PostgreSQL the
 * `search_path` pinned to that schema alone, whatever the role or database sets, so unqualified
 * names mean that schema and `pg_catalog` is searched before it, and the driver marked as working
 * in it: pormg's history tables are named there). The caller closes it.
 */
export async function openTarget(
  target: Config | Target,
  dialect: SessionDialect,
  options: OpenTargetOptions = {},
): Promise<Driver> {
  const driver = await openDriver(dialect, target);
  const schema = "schema" in target ? target.schema : undefined;
  if (schema === undefined) return driver;
  try {
    return await dialect.session.scope(driver, schema, options);
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
}

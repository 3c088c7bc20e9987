import type { Config, Target } from "../config/config.ts";
import { quoteIdent } from "../dialect/postgres-ddl.ts";
import { connect } from "../driver/connect.ts";
import type { Driver } from "../driver/driver.ts";

/**
 * Opens a working connection to a configured database: `connect`, then on PostgreSQL, when a
 * Config names a schema other than `public`, `search_path` set to that schema (then `public`, for
 * extension functions) so unqualified names mean the managed schema. The caller closes it.
 */
export async function openTarget(target: Config | Target): Promise<Driver> {
  const driver = await connect(target);
  const schema = "schema" in target ? target.schema : undefined;
  if (driver.dialect !== "postgresql" || schema === undefined || schema === "public") return driver;
  try {
    await driver.query("SELECT set_config('search_path', $1, false)", [`${quoteIdent(schema)}, public`]);
    return driver;
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
}

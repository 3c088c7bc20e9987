import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { openTarget } from "./open-target.ts";
import type { SessionDialect } from "./session.ts";

/**
 * Opens a connection for commands that only read (`status`, the checks `migrate` makes before it
 * locks anything): the dialect's read-only connection (`session.openReadonly`; SQLite: the file
 * opened read-only, recovering a hot journal first), or a working connection in the configured
 * schema (`openTarget`) where the dialect has none of its own (PostgreSQL).
 */
export async function connectReadonly(target: Config | Target, dialect: SessionDialect): Promise<Driver> {
  return (await dialect.session.openReadonly(target)) ?? openTarget(target, dialect);
}

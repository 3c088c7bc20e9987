import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { type ConnectOptions, openDriver } from "../driver/connect.ts";
import { dialectNamed } from "./dialect.ts";

/**
 * Opens a Driver for a target (or a Config's target) through its registered dialect
 * (`openDriver`). A failure becomes `CONNECT_FAILED` (exit 1) with the driver's reason and the
 * target, redacted.
 */
export function connect(target: Target | Config, options: ConnectOptions = {}): Promise<Driver> {
  const resolved = "target" in target ? target.target : target;
  return openDriver(dialectNamed(resolved.dialect), target, options);
}

/** Whether the database a target names exists already: a SQLite file (`:memory:` always does), a server's database. */
export function targetExists(target: Target): boolean {
  return dialectNamed(target.dialect).target.exists(target);
}

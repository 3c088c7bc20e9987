import { hostname, userInfo } from "node:os";
import process from "node:process";
import type { Config, Target } from "../config/config.ts";
import { redactText } from "../config/redact.ts";
import type { TargetPart } from "../config/target-part.ts";
import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import type { DriverPart } from "./driver-part.ts";

/** ConnectOptions tune how a target is opened. */
export interface ConnectOptions {
  /** Open SQLite read-only (the file must exist). Default is `false`. */
  readonly readonly?: boolean;
}

/** The parts of a Dialect that opening a connection uses. */
export interface ConnectDialect {
  readonly driver: DriverPart;
  readonly target: Pick<TargetPart, "describe">;
}

/** Who is running pormg, as `user@host:pid`; it names the PostgreSQL connection and every history event. */
export function actorName(): string {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? "unknown";
  }
  return `${user}@${hostname()}:${process.pid}`;
}

/**
 * Opens a Driver for a target (or a Config's target) through its dialect's driver part: the one
 * place pormg opens a connection. A Config's timeouts reach the session (PostgreSQL starts every
 * session with pormg's bounded `lock_timeout` and `statement_timeout`, see
 * `src/config/timeouts.ts`). A failure becomes `CONNECT_FAILED` (exit 1) with the driver's reason
 * and the target, redacted. `connect` in `src/dialect/connect.ts` finds the dialect by name.
 */
export async function openDriver(
  dialect: ConnectDialect,
  target: Target | Config,
  options: ConnectOptions = {},
): Promise<Driver> {
  const resolved = "target" in target ? target.target : target;
  const secrets = "secrets" in target ? target.secrets : [];
  const shown = dialect.target.describe(resolved);
  try {
    const timeouts = "settings" in target ? target.settings : {};
    return await dialect.driver.open(resolved, { ...options, timeouts });
  } catch (error) {
    if (error instanceof PormgError) throw error;
    const reason = redactText(error instanceof Error ? error.message : String(error), secrets);
    throw new PormgError(
      "CONNECT_FAILED",
      `could not connect to ${shown}: ${reason}. Check that the database is reachable and the settings are right.`,
      { target: shown, reason },
      { cause: error },
    );
  }
}

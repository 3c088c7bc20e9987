import { existsSync, readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import process from "node:process";
import type { Config, PostgresTarget, Target } from "../config/config.ts";
import { redactText } from "../config/redact.ts";
import { describeTarget } from "../config/target-url.ts";
import { ownSessionSettings } from "../config/timeouts.ts";
import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import { VERSION } from "../core/version.ts";
import { openPostgres, type PostgresOptions } from "../dialect/postgres/postgres-driver.ts";
import { sqliteDriver } from "../dialect/sqlite/sqlite-driver.ts";
import { openSqliteDatabase } from "../runtime/runtime.ts";

/** ConnectOptions tune how a target is opened. */
export interface ConnectOptions {
  /** Open SQLite read-only (the file must exist). Default is `false`. */
  readonly readonly?: boolean;
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
 * Opens a Driver for a target: PostgreSQL through the `postgres` client (every session starts
 * with pormg's bounded `lock_timeout` and `statement_timeout`, see `src/config/timeouts.ts`),
 * SQLite through the runtime's embedded client. A failure becomes `CONNECT_FAILED` (exit 1) with the driver's reason
 * and the target, redacted.
 */
export async function connect(target: Target | Config, options: ConnectOptions = {}): Promise<Driver> {
  const resolved = "target" in target ? target.target : target;
  const secrets = "secrets" in target ? target.secrets : [];
  const shown = describeTarget(resolved);
  try {
    if (resolved.dialect === "sqlite") return sqliteDriver(await openSqliteDatabase(resolved.path, options), options);
    const settings = "settings" in target ? target.settings : {};
    return await openPostgres({ ...postgresOptions(resolved), session: ownSessionSettings(settings) });
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

/** Whether a SQLite target's file exists (always true for `:memory:` and PostgreSQL). */
export function targetExists(target: Target): boolean {
  if (target.dialect !== "sqlite" || target.path === ":memory:" || target.path.startsWith("file:")) return true;
  return existsSync(target.path);
}

function postgresOptions(target: PostgresTarget): PostgresOptions {
  const ssl = sslOption(target);
  return {
    applicationName: `pormg/${VERSION} ${actorName()}`.slice(0, 63),
    ...(target.url !== undefined && { url: target.url }),
    ...(target.host !== undefined && { host: target.host }),
    ...(target.port !== undefined && { port: target.port }),
    ...(target.database !== undefined && { database: target.database }),
    ...(target.username !== undefined && { username: target.username }),
    ...(target.password !== undefined && { password: target.password }),
    ...(target.connectTimeoutSeconds !== undefined && { connectTimeoutSeconds: target.connectTimeoutSeconds }),
    ...(ssl !== undefined && { ssl }),
  };
}

function sslOption(target: PostgresTarget): PostgresOptions["ssl"] {
  const files = { ca: target.sslrootcert, cert: target.sslcert, key: target.sslkey };
  const given = Object.entries(files).filter(([, path]) => path !== undefined) as [string, string][];
  if (given.length === 0) return target.sslmode;
  const tls: Record<string, unknown> = { rejectUnauthorized: target.sslmode === "verify-full" };
  for (const [slot, path] of given) {
    try {
      tls[slot] = readFileSync(path, "utf8");
    } catch (error) {
      const key = slot === "ca" ? "sslrootcert" : `ssl${slot}`;
      throw new PormgError(
        "CONFIG_INVALID",
        `${key}: cannot read "${path}" (${(error as Error).message}); fix the path`,
        {
          key,
        },
      );
    }
  }
  return tls as PostgresOptions["ssl"];
}

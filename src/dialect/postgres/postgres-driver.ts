import { readFileSync } from "node:fs";
import type postgres from "postgres";
import type { Config, PostgresTarget, Target } from "../../config/config.ts";
import { ownSessionSettings } from "../../config/timeouts.ts";
import type { Driver, Row } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { VERSION } from "../../core/version.ts";
import { actorName, type ConnectOptions, openDriver } from "../../driver/connect.ts";
import type { DriverPart } from "../../driver/driver-part.ts";
import { type Diagnose, diagnosis } from "./postgres-diagnose.ts";
import { withListener } from "./postgres-probe.ts";
import { postgresTarget } from "./postgres-target.ts";

/** PostgresOptions are the connection settings pormg passes to the `postgres` client. */
export interface PostgresOptions {
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly username?: string;
  readonly password?: string;
  readonly ssl?: "disable" | "allow" | "prefer" | "require" | "verify-full" | Readonly<Record<string, unknown>>;
  readonly connectTimeoutSeconds?: number;
  readonly applicationName?: string;
  /** Settings every session starts with (PostgreSQL startup parameters), e.g. `lock_timeout`. */
  readonly session?: Readonly<Record<string, string>>;
}

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * PostgreSQL's driver part: the `postgres` client, every session starting with pormg's bounded
 * `lock_timeout` and `statement_timeout` (see `src/config/timeouts.ts`) and named
 * `pormg/<version> <user>@<host>:<pid>`.
 */
export const postgresDriverPart: DriverPart = {
  open: (target, options) =>
    openPostgres({ ...postgresOptions(target as PostgresTarget), session: ownSessionSettings(options.timeouts) }),
};

/**
 * Opens a connection to a PostgreSQL target (or Config) from inside this folder (the lock's own
 * connection …), through `openDriver` as every connection is.
 */
export function connectPostgres(target: Target | Config, options: ConnectOptions = {}): Promise<Driver> {
  return openDriver({ driver: postgresDriverPart, target: postgresTarget }, target, options);
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

/**
 * Opens a PostgreSQL connection through the `postgres` package (porsager), which runs unchanged on
 * Bun, Deno and Node. One connection is kept (`max: 1`) so session state such as advisory locks and
 * `SET` stays on the connection that set it.
 */
export async function openPostgres(options: PostgresOptions): Promise<Driver> {
  const settings: postgres.Options<Record<string, never>> = {
    max: 1,
    // The client's default recycles a connection after 30-60 minutes, which would silently drop
    // session state, the migration's advisory lock included; keep it for the driver's whole life.
    max_lifetime: null,
    onnotice: () => {},
    connect_timeout: options.connectTimeoutSeconds ?? urlConnectTimeout(options.url) ?? 10,
    ...(options.ssl !== undefined && { ssl: options.ssl === "disable" ? false : (options.ssl as object | "allow") }),
    connection: {
      ...options.session,
      ...(options.applicationName && { application_name: options.applicationName }),
    },
    ...(options.host !== undefined && { host: options.host }),
    ...(options.port !== undefined && { port: options.port }),
    ...(options.database !== undefined && { database: options.database }),
    ...(options.username !== undefined && { username: options.username }),
    ...(options.password !== undefined && { password: options.password }),
  };
  // The client reconnects without end to a server that answers and hangs up (an HTTP proxy …),
  // so the first query is bounded by connect_timeout.
  const timeoutSeconds = settings.connect_timeout as number;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no PostgreSQL answer within connect_timeout (${timeoutSeconds} s)`)),
      timeoutSeconds * 1000,
    );
  });
  // The client (and node:net, node:tls under it) is loaded on the first PostgreSQL connection: a
  // SQLite run never pays for it.
  const { default: connectClient } = await import("postgres");
  const sql = options.url ? connectClient(options.url, settings) : connectClient(settings);
  try {
    const first = sql.unsafe<{ version: string; pid: number; role: string }[]>(
      "SELECT pg_catalog.current_setting('server_version') AS version, pg_catalog.pg_backend_pid() AS pid, " +
        "current_user AS role",
    );
    const [row] = await Promise.race([first, gaveUp]);
    const diagnose = diagnosis({
      ownPid: Number(row?.pid),
      role: String(row?.role ?? ""),
      openProbe: () =>
        openPostgres({
          ...options,
          connectTimeoutSeconds: 5,
          session: { lock_timeout: "2000", statement_timeout: "5000" },
        }),
    });
    return wrap(sql, String(row?.version ?? "").split(" ")[0] ?? "", false, diagnose);
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => {});
    throw await withListener(error, options.url, options.host, options.port);
  } finally {
    clearTimeout(timer);
  }
}

/** The `connect_timeout` query parameter of a URL, in seconds, when it is a positive number. */
function urlConnectTimeout(url: string | undefined): number | undefined {
  if (url === undefined) return undefined;
  try {
    const value = Number(new URL(url).searchParams.get("connect_timeout") ?? "");
    return Number.isFinite(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

function wrap(sql: Sql, serverVersion: string, inTransaction: boolean, diagnose: Diagnose): Driver {
  return {
    dialect: "postgresql",
    serverVersion,
    async query<R extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      try {
        const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: false });
        return [...rows] as unknown as R[];
      } catch (error) {
        throw await diagnose(error);
      }
    },
    async execute(text: string): Promise<void> {
      try {
        // Without parameters the simple query protocol runs every statement of the script.
        await sql.unsafe(text).simple();
      } catch (error) {
        throw await diagnose(error);
      }
    },
    async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
      // When the body fails and the ROLLBACK fails too (the connection was lost), the body's error
      // says what happened; the client would otherwise reject with the ROLLBACK's.
      let failure: { error: unknown } | undefined;
      const run = async (tx: postgres.TransactionSql) => {
        try {
          return await fn(wrap(tx, serverVersion, true, diagnose));
        } catch (error) {
          failure = { error };
          throw error;
        }
      };
      try {
        if (inTransaction) return (await (sql as postgres.TransactionSql).savepoint(run)) as T;
        return (await (sql as postgres.Sql).begin(run)) as T;
      } catch (error) {
        throw failure ? failure.error : error;
      }
    },
    async close(): Promise<void> {
      if (!inTransaction) await (sql as postgres.Sql).end({ timeout: 5 });
    },
  };
}

import postgres from "postgres";
import type { Driver, Row } from "./driver.ts";

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
}

type Sql = postgres.Sql | postgres.TransactionSql;

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
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    ...(options.ssl !== undefined && { ssl: options.ssl === "disable" ? false : (options.ssl as object | "allow") }),
    connection: options.applicationName ? { application_name: options.applicationName } : {},
    ...(options.host !== undefined && { host: options.host }),
    ...(options.port !== undefined && { port: options.port }),
    ...(options.database !== undefined && { database: options.database }),
    ...(options.username !== undefined && { username: options.username }),
    ...(options.password !== undefined && { password: options.password }),
  };
  const sql = options.url ? postgres(options.url, settings) : postgres(settings);
  try {
    const [row] = await sql.unsafe<{ version: string }[]>(
      "SELECT pg_catalog.current_setting('server_version') AS version",
    );
    return wrap(sql, String(row?.version ?? "").split(" ")[0] ?? "", false);
  } catch (error) {
    await sql.end({ timeout: 0 }).catch(() => {});
    throw error;
  }
}

function wrap(sql: Sql, serverVersion: string, inTransaction: boolean): Driver {
  return {
    dialect: "postgresql",
    serverVersion,
    async query<R extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: false });
      return [...rows] as unknown as R[];
    },
    async execute(text: string): Promise<void> {
      // Without parameters the simple query protocol runs every statement of the script.
      await sql.unsafe(text).simple();
    },
    async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
      // When the body fails and the ROLLBACK fails too (the connection was lost), the body's error
      // says what happened; the client would otherwise reject with the ROLLBACK's.
      let failure: { error: unknown } | undefined;
      const run = async (tx: postgres.TransactionSql) => {
        try {
          return await fn(wrap(tx, serverVersion, true));
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

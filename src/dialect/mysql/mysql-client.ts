import type { Connection, ConnectionOptions } from "mysql2/promise";
import type { Driver, Row } from "../../core/driver.ts";

/** MysqlOptions are the connection settings pormg passes to the `mysql2` client. */
export interface MysqlOptions {
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly username?: string;
  readonly password?: string;
  /** Connect over TLS (`ssl: true`), or the client's TLS options. */
  readonly ssl?: boolean | Readonly<Record<string, unknown>>;
  readonly connectTimeoutSeconds?: number;
  /**
   * Session variables every connection starts with (`SET SESSION name = value`), e.g.
   * `lock_wait_timeout`; a function gets the server's `VERSION()` first (MariaDB and MySQL name
   * some of them differently).
   */
  readonly session?: SessionVariables | ((serverVersion: string) => SessionVariables);
  /** Connection attributes sent in the handshake (`program_name` …; `performance_schema.session_connect_attrs`). */
  readonly connectAttributes?: Readonly<Record<string, string>>;
}

/** Session variables by name. */
export type SessionVariables = Readonly<Record<string, string | number>>;

/**
 * Opens one MySQL or MariaDB connection through `mysql2` (its promise API), which runs unchanged
 * on Bun, Deno and Node. One connection, never a pool: session state such as `GET_LOCK` and
 * `SET SESSION` stays on the connection that set it. Rows come back with dates, big integers and
 * decimals as strings (`dateStrings`, `bigNumberStrings`), the way the catalog spells them.
 */
export async function openMysql(options: MysqlOptions): Promise<Driver> {
  // The client (and node:net, node:tls under it) is loaded on the first MySQL connection.
  const { createConnection } = await import("mysql2/promise");
  const settings: ConnectionOptions = {
    ...(options.url !== undefined && { uri: options.url }),
    ...(options.host !== undefined && { host: options.host }),
    ...(options.port !== undefined && { port: options.port }),
    ...(options.database !== undefined && { database: options.database }),
    ...(options.username !== undefined && { user: options.username }),
    ...(options.password !== undefined && { password: options.password }),
    ...(options.ssl !== undefined && options.ssl !== false && { ssl: options.ssl === true ? {} : { ...options.ssl } }),
    connectTimeout: (options.connectTimeoutSeconds ?? 10) * 1000,
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    charset: "utf8mb4",
    ...(options.connectAttributes !== undefined && { connectAttributes: { ...options.connectAttributes } }),
  };
  const connection = await createConnection(settings);
  try {
    // A lost connection emits `error` on the connection object; the pending query rejects with it.
    connection.on("error", () => {});
    const [rows] = await connection.query("SELECT VERSION() AS version");
    const version = String((rows as Row[])[0]?.version ?? "");
    const session = typeof options.session === "function" ? options.session(version) : options.session;
    const sets = Object.entries(session ?? {}).map(([name, value]) => `@@SESSION.${name} = ${sessionValue(value)}`);
    if (sets.length > 0) await connection.query(`SET ${sets.join(", ")}`);
    return wrap(connection, version, { depth: 0 });
  } catch (error) {
    connection.destroy();
    throw error;
  }
}

/**
 * The rows of a `query` result: a statement's rows, none for a statement that returns none (an
 * OK packet), and for a multi-statement text the last result set's rows.
 */
function rowsOf(result: unknown): Row[] {
  if (!Array.isArray(result)) return [];
  const multi = result.some((item) => Array.isArray(item) || isOkPacket(item));
  if (!multi) return [...result] as Row[];
  const sets = result.filter((item) => Array.isArray(item)) as Row[][];
  return [...(sets.at(-1) ?? [])];
}

function isOkPacket(item: unknown): boolean {
  return typeof item === "object" && item !== null && "affectedRows" in item && "fieldCount" in item;
}

function sessionValue(value: string | number): string {
  if (typeof value === "number") return String(value);
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** How deep in transactions and savepoints a wrapped connection is (0: none). */
interface Nesting {
  readonly depth: number;
}

function wrap(connection: Connection, serverVersion: string, nesting: Nesting): Driver {
  return {
    dialect: "mysql",
    serverVersion,
    async query<R extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<R[]> {
      // `query` (the text protocol) rather than `execute` (prepared statements): pormg's statements
      // are one-shot, and a proxy in front of the server may not keep prepared statements.
      const [result] = await connection.query(text, params as unknown[]);
      return rowsOf(result) as R[];
    },
    async execute(text: string): Promise<void> {
      await connection.query(text);
    },
    async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
      const depth = nesting.depth;
      const savepoint = `pormg_sp_${depth}`;
      await connection.query(depth === 0 ? "START TRANSACTION" : `SAVEPOINT ${savepoint}`);
      try {
        const result = await fn(wrap(connection, serverVersion, { depth: depth + 1 }));
        await connection.query(depth === 0 ? "COMMIT" : `RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        // When the ROLLBACK fails too (the connection was lost), the body's error says what happened.
        await connection.query(depth === 0 ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => {});
        throw error;
      }
    },
    async close(): Promise<void> {
      if (nesting.depth > 0) return;
      await connection.end().catch(() => connection.destroy());
    },
  };
}

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../../src/driver/connect.ts";
import type { Dialect, Driver, Row } from "../../../src/driver/driver.ts";
import { PG_URL, tempDir } from "../../lib/cli.ts";

/** One side of a case: a project folder whose `db/connection.yml` points at a fresh database. */
export interface Side {
  readonly cwd: string;
  readonly dialect: Dialect;
  /** Opens a connection to the side's database (PostgreSQL: search_path set to its schema). */
  open(): Promise<Driver>;
  /** Removes the side's database or schema. */
  drop(): Promise<void>;
}

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** `url` with its database name replaced by `name`. */
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (db: Driver) => Promise<T>): Promise<T> {
  const db = await connect({ dialect: "postgresql", url: PG_URL });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

export interface SideOptions {
  readonly dialect: Dialect;
  /** Unique per side within a run, `[a-z0-9_]`. */
  readonly tag: string;
  readonly extensions?: readonly string[] | undefined;
  readonly ignoreTables?: readonly string[] | undefined;
}

/**
 * Creates a side. PostgreSQL: a schema of its own in the test database, or — when the case needs
 * extensions, which are database-wide — a database of its own (`corpus_…`, dropped by `drop`).
 */
export async function createSide(o: SideOptions): Promise<Side> {
  const cwd = tempDir("pormg-corpus-");
  mkdirSync(join(cwd, "db"));
  const extra = [
    o.extensions?.length ? `  extensions: [${o.extensions.join(", ")}]\n` : "",
    o.ignoreTables?.length ? `  ignore_tables: [${o.ignoreTables.join(", ")}]\n` : "",
  ].join("");
  const config = "  config:\n    change_db: true\n";
  if (o.dialect === "sqlite") {
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      `dev:\n  adapter: SQLite\n  database: app.sqlite\n${extra}${config}`,
    );
    const path = join(cwd, "db", "app.sqlite");
    return { cwd, dialect: "sqlite", open: () => connect({ dialect: "sqlite", path }), drop: async () => {} };
  }
  if (o.extensions?.length) {
    const database = `corpus_${run}_${o.tag}`;
    await admin((db) => db.execute(`CREATE DATABASE "${database}"`));
    const url = withDatabase(PG_URL, database);
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      `dev:\n  adapter: PostgreSQL\n  url: ${url}\n  schema: public\n${extra}${config}`,
    );
    return {
      cwd,
      dialect: "postgresql",
      open: () => connect({ dialect: "postgresql", url }),
      drop: () => admin((db) => db.execute(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)),
    };
  }
  const schema = `corpus_${run}_${o.tag}`;
  await admin((db) => db.execute(`CREATE SCHEMA "${schema}"`));
  writeFileSync(
    join(cwd, "db", "connection.yml"),
    `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n  schema: ${schema}\n${extra}${config}`,
  );
  return {
    cwd,
    dialect: "postgresql",
    open: async () => {
      const db = await connect({ dialect: "postgresql", url: PG_URL });
      await db.execute(`SET search_path TO "${schema}"`);
      return db;
    },
    drop: () => admin((db) => db.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
  };
}

/** Runs `fn` on a connection to the side's database. */
export async function using<T>(side: Side, fn: (db: Driver) => Promise<T>): Promise<T> {
  const db = await side.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** A table's rows, each value normalized to text (null kept), keyed by column name. */
export interface TableRows {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string | null>[];
}

/** Every user table (pormg's own left out) with its rows. */
export async function readTables(side: Side): Promise<Map<string, TableRows>> {
  return using(side, async (db) => {
    const names =
      side.dialect === "sqlite"
        ? (
            await db.query<{ name: string }>(
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
          ).map((r) => r.name)
        : (
            await db.query<{ name: string }>(
              `SELECT c.relname AS name FROM pg_catalog.pg_class c
                 WHERE c.relnamespace = pg_catalog.current_schema()::pg_catalog.regnamespace
                   AND c.relkind IN ('r', 'p') ORDER BY 1`,
            )
          ).map((r) => r.name);
    const out = new Map<string, TableRows>();
    for (const name of names.filter((n) => !n.startsWith("pormg_"))) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const columns =
        side.dialect === "sqlite"
          ? (
              await db.query<{ name: string }>(`SELECT name FROM pragma_table_xinfo('${name.replaceAll("'", "''")}')`)
            ).map((r) => r.name)
          : (
              await db.query<{ name: string }>(
                `SELECT attname AS name FROM pg_catalog.pg_attribute
                   WHERE attrelid = pg_catalog.format('%I', $1::text)::pg_catalog.regclass AND attnum > 0 AND NOT attisdropped
                   ORDER BY attnum`,
                [name],
              )
            ).map((r) => r.name);
      const rows = (await db.query<Row>(`SELECT * FROM ${quoted}`)).map((row) => {
        const r: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(row)) r[k] = normalize(v);
        return r;
      });
      out.set(name, { columns, rows });
    }
    return out;
  });
}

function normalize(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (typeof v === "object") return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));
  return String(v);
}

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../../../src/core/dialect-name.ts";
import type { Driver, Row } from "../../../src/core/driver.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { PG_URL, tempDir } from "../../lib/cli.ts";
import { createMysqlDatabase, dropMysqlDatabase, mysqlUrlFor } from "../../lib/mysql.ts";
import { databaseUrl, withPg } from "../../lib/pg-admin.ts";

/** One side of a case: a project folder whose `db/connection.yml` points at a fresh database. */
export interface Side {
  readonly cwd: string;
  readonly dialect: DialectName;
  /** Opens a connection to the side's database (PostgreSQL: search_path set to its schema). */
  open(): Promise<Driver>;
  /** Removes the side's database or schema. */
  drop(): Promise<void>;
}

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface SideOptions {
  readonly dialect: DialectName;
  /** Unique per side within a run, `[a-z0-9_]`. */
  readonly tag: string;
  readonly extensions?: readonly string[] | undefined;
  readonly ignoreTables?: readonly string[] | undefined;
}

/**
 * Creates a side. PostgreSQL: a schema of its own in the test database, or — when the case needs
 * extensions, which are database-wide — a database of its own (`corpus_…`, dropped by `drop`).
 * MySQL: a database of its own on the test server (`t_corpus_…`, dropped by `drop`).
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
  if (o.dialect === "mysql") {
    const database = await createMysqlDatabase("corpus");
    const url = mysqlUrlFor(database);
    writeFileSync(join(cwd, "db", "connection.yml"), `dev:\n  adapter: MySQL\n  url: ${url}\n${extra}${config}`);
    return {
      cwd,
      dialect: "mysql",
      open: () => connect({ dialect: "mysql", url }),
      drop: () => dropMysqlDatabase(database),
    };
  }
  if (o.extensions?.length) {
    const database = `corpus_${run}_${o.tag}`;
    await withPg((db) => db.execute(`CREATE DATABASE "${database}"`));
    const url = databaseUrl(database);
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      `dev:\n  adapter: PostgreSQL\n  url: ${url}\n  schema: public\n${extra}${config}`,
    );
    return {
      cwd,
      dialect: "postgresql",
      open: () => connect({ dialect: "postgresql", url }),
      drop: () => withPg((db) => db.execute(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)),
    };
  }
  const schema = `corpus_${run}_${o.tag}`;
  await withPg((db) => db.execute(`CREATE SCHEMA "${schema}"`));
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
    drop: () => withPg((db) => db.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)),
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
    if (side.dialect === "mysql") return mysqlTables(db);
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

/** MySQL: every base table of the database (pormg's own left out), columns in their order, with its rows. */
async function mysqlTables(db: Driver): Promise<Map<string, TableRows>> {
  const names = (
    await db.query<{ name: string }>(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME NOT LIKE 'pormg\\_%' ORDER BY 1`,
    )
  ).map((r) => r.name);
  const out = new Map<string, TableRows>();
  for (const name of names) {
    const columns = (
      await db.query<{ name: string }>(
        `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
           WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [name],
      )
    ).map((r) => r.name);
    const rows = (await db.query<Row>(`SELECT * FROM \`${name.replaceAll("`", "``")}\``)).map((row) => {
      const r: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(row)) r[k] = normalize(v);
      return r;
    });
    out.set(name, { columns, rows });
  }
  return out;
}

/**
 * MySQL: each table's own `SHOW CREATE TABLE`, one fact per line — every column's full definition
 * (type, NULL, default, AUTO_INCREMENT, generated expression, collation, comment), every key and
 * index with its name, columns, prefix lengths and order, every foreign key and check, and the table
 * options (engine, character set, collation; the AUTO_INCREMENT counter left out) — in line order
 * ignored, since a column a migration adds comes last; then every trigger (with its body), stored
 * routine and view of the database.
 */
async function mysqlFacts(db: Driver, kept: (table: string) => boolean): Promise<string[]> {
  const facts: string[] = [];
  for (const { name } of await db.query<{ name: string }>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME NOT LIKE 'pormg\\_%'`,
  )) {
    if (!kept(name)) continue;
    const [shown] = await db.query<Row>(`SHOW CREATE TABLE \`${name.replaceAll("`", "``")}\``);
    const text = String(Object.values(shown ?? {})[1] ?? "");
    for (const line of text.split("\n").slice(1)) {
      const fact = line
        .trim()
        .replace(/,$/, "")
        .replace(/ AUTO_INCREMENT=\d+/, "");
      if (fact) facts.push(JSON.stringify([name, fact]));
    }
  }
  // What lives beside the tables and a migration must leave alone: triggers, stored routines, views
  // (pormg's own history triggers left out).
  for (const sql of [
    `SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
       FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()`,
    `SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()`,
    "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()",
  ])
    for (const r of await db.query<Row>(sql)) {
      const values = Object.values(r).map((v) => normalize(v));
      const owner = String(values[0]);
      if (kept(owner) && !owner.startsWith("pormg_")) facts.push(JSON.stringify(values));
    }
  return facts.sort();
}

function normalize(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (typeof v === "object") return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x));
  return String(v);
}

/**
 * The schema as the database's own catalog describes it, one line per fact, sorted — read without
 * pormg, so a clause pormg's IR does not carry (and so never compares) still shows up. Tables under
 * `ignore` prefixes are left out. PostgreSQL: columns (type, NOT NULL, default, identity, generated,
 * collation), constraints (`pg_get_constraintdef`), indexes (`pg_get_indexdef`, storage parameters
 * sorted) and table options. SQLite, where pormg writes types and defaults in its own spelling:
 * columns by affinity (and generated or not), NOT NULL (but for a rowid key), every index's keys
 * with their collation and order (not its name), foreign keys (actions, match) and table options
 * (STRICT, WITHOUT ROWID). MySQL: each table's `SHOW CREATE TABLE`, line by line (`mysqlFacts`).
 */
export async function catalogFacts(side: Side, ignore: readonly string[] = []): Promise<string[]> {
  const kept = (table: string) => !ignore.some((p) => table.startsWith(p));
  return using(side, async (db) => {
    const facts: string[] = [];
    const push = (rows: Row[]) => {
      for (const r of rows) {
        const values = Object.values(r).map((v) => normalize(v));
        if (kept(String(values[0]))) facts.push(JSON.stringify(values));
      }
    };
    if (side.dialect === "mysql") return mysqlFacts(db, kept);
    if (side.dialect === "postgresql") {
      const tables = `SELECT c.oid FROM pg_catalog.pg_class c
        WHERE c.relnamespace = pg_catalog.current_schema()::pg_catalog.regnamespace AND c.relkind IN ('r', 'p')
          AND c.relname NOT LIKE 'pormg\\_%'`;
      push(
        await db.query(`SELECT a.attrelid::pg_catalog.regclass::text AS t, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
            a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
            CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::pg_catalog.regcollation::text END
          FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid IN (${tables}) AND a.attnum > 0 AND NOT a.attisdropped`),
      );
      push(
        await db.query(`SELECT conrelid::pg_catalog.regclass::text AS t, conname, pg_catalog.pg_get_constraintdef(oid)
          FROM pg_catalog.pg_constraint WHERE conrelid IN (${tables})`),
      );
      const indexes = await db.query<{ t: string; name: string; def: string }>(
        `SELECT i.indrelid::pg_catalog.regclass::text AS t, i.indexrelid::pg_catalog.regclass::text AS name,
            pg_catalog.regexp_replace(pg_catalog.pg_get_indexdef(i.indexrelid), ' ON [^ ]+\\.', ' ON ') AS def
          FROM pg_catalog.pg_index i WHERE i.indrelid IN (${tables})`,
      );
      push(
        indexes.map((i) => ({
          ...i,
          def: i.def.replace(/ WITH \((.*)\)$/, (_m, list: string) => ` WITH (${list.split(", ").sort().join(", ")})`),
        })),
      );
      push(
        await db.query(`SELECT c.oid::pg_catalog.regclass::text AS t, c.relkind, c.reloptions, c.relpersistence
          FROM pg_catalog.pg_class c WHERE c.oid IN (${tables})`),
      );
      return facts.sort();
    }
    const tables = (
      await db.query<{ name: string; strict: number; wr: number }>(
        `SELECT name, strict, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
           AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'pormg\\_%' ESCAPE '\\'`,
      )
    ).filter((t) => kept(t.name));
    for (const t of tables) {
      const table = t.name.toLowerCase();
      const q = `'${t.name.replaceAll("'", "''")}'`;
      const fact = (...values: unknown[]) => facts.push(JSON.stringify([table, ...values]));
      fact("options", t.strict, t.wr);
      const columns = await db.query<{ name: string; type: string; notnull: number; pk: number; hidden: number }>(
        `SELECT lower(name) AS name, type, "notnull", pk, hidden FROM pragma_table_xinfo(${q})`,
      );
      const rowid =
        columns.filter((c) => c.pk > 0).length === 1 && columns.some((c) => c.pk > 0 && /^integer$/i.test(c.type));
      for (const c of columns)
        fact("column", c.name, affinity(c.type), c.hidden > 0, c.pk > 0, rowid && c.pk > 0 ? "rowid" : c.notnull === 1);
      for (const i of await db.query<{ name: string; unique: number; partial: number }>(
        `SELECT name, "unique", partial FROM pragma_index_list(${q})`,
      )) {
        const keys = await db.query<Row>(
          `SELECT lower(name) AS name, "desc", lower(coll) AS coll FROM pragma_index_xinfo('${i.name.replaceAll("'", "''")}')
             WHERE key = 1 ORDER BY seqno`,
        );
        fact(
          "index",
          i.unique,
          i.partial,
          keys.map((k) => Object.values(k).map(normalize)),
        );
      }
      for (const f of await db.query<Row>(
        `SELECT seq, lower("table") AS ref, lower("from") AS col, lower("to") AS tocol, on_update, on_delete, "match"
           FROM pragma_foreign_key_list(${q})`,
      ))
        fact("fk", ...Object.values(f).map(normalize));
    }
    return facts.sort();
  });
}

/** SQLite's type affinity of a declared type (datatype3.html, 3.1). */
function affinity(type: string): string {
  const t = type.toUpperCase();
  if (t.includes("INT")) return "INTEGER";
  if (/CHAR|CLOB|TEXT/.test(t)) return "TEXT";
  if (t === "" || t.includes("BLOB")) return "BLOB";
  if (/REAL|FLOA|DOUB/.test(t)) return "REAL";
  return "NUMERIC";
}

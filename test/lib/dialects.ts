/**
 * The dialects the dialect-generic suites run on: one harness entry per registered dialect
 * (`dialects()` of src/dialect/dialect.ts), in registration order. A suite written once runs
 * once per entry:
 *
 *     for (const h of DIALECTS) describe(h.label, () => { … h.freshDatabase() … });
 *
 * `PORMG_TEST_DIALECTS=sqlite` (comma-separated names) keeps only those dialects; an unknown
 * name fails the run at load time instead of silently running nothing.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Target } from "../../src/config/config.ts";
import type { DialectName } from "../../src/core/dialect-name.ts";
import type { Driver } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { type Dialect, dialects } from "../../src/dialect/dialect.ts";
import { mysqlDialect } from "../../src/dialect/mysql/mysql-dialect.ts";
import { introspectMysql } from "../../src/dialect/mysql/mysql-introspect.ts";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { introspectPostgres } from "../../src/dialect/postgres/postgres-introspect.ts";
import { sqliteDialect } from "../../src/dialect/sqlite/sqlite-dialect.ts";
import { introspectSqlite } from "../../src/dialect/sqlite/sqlite-introspect.ts";
import type { LiveSchema } from "../../src/schema/ir.ts";
import { splitStatements } from "../../src/sql/split-statements.ts";
import { PG_URL } from "./cli.ts";
import { createMysqlDatabase, dropMysqlDatabase, mysqlUrlFor } from "./mysql.ts";
import { adminExecute } from "./pg-admin.ts";

/**
 * A TestPlace is where one test's database lives: a fresh `t_<random>` schema on the PostgreSQL
 * server at `PORMG_TEST_PG_URL`, or a SQLite file (which appears on the first `connect`).
 */
export interface TestPlace {
  /** The target to hand to `connect`, the lock or the executor. */
  readonly target: Target;
  /** PostgreSQL: the schema. MySQL: the database. SQLite: undefined. */
  readonly schema: string | undefined;
  /** SQLite: the database file (absolute). PostgreSQL: undefined. */
  readonly file: string | undefined;
  /** A new connection to the place (PostgreSQL: its search_path set to the schema). */
  connect(): Promise<Driver>;
  /** Drops the PostgreSQL schema; a SQLite file is left to whoever owns its folder. */
  dispose(): Promise<void>;
}

/**
 * A TestDatabase is a fresh, empty TestPlace with a connection open: a schema, or a SQLite file in
 * a new temporary directory. It keeps no connection open but `driver` and those `open` made;
 * `dispose` closes them and drops or removes the place.
 */
export interface TestDatabase extends TestPlace {
  /** A connection opened with the database. */
  readonly driver: Driver;
  /** Another connection to the same place (closed by `dispose`). */
  open(): Promise<Driver>;
  /** Runs a script on `driver` (MySQL: one statement at a time, its client takes one per call). */
  run(sql: string): Promise<void>;
  /** The dialect's own introspection of the place (not normalized). */
  introspect(ignoreTables?: readonly string[]): Promise<LiveSchema>;
}

/** What a connection.yml says beside the target: `config:` settings such as `change_db: true`. */
export type ConnectionSettings = Readonly<Record<string, string | number | boolean>>;

/** A DialectHarness is how the tests make databases and CLI projects of one dialect. */
/**
 * The names of the dialects this harness can test (pormg's built-in ones). `DialectName` itself is
 * any string — a registered dialect without a harness part fails the run at load time.
 */
export type BuiltInDialectName = "postgresql" | "sqlite" | "mysql";

export interface DialectHarness {
  /** The dialect's name (`dialect.name`). */
  readonly name: BuiltInDialectName;
  /** The name for test titles (`dialect.label`). */
  readonly label: string;
  /** The registered Dialect object. */
  readonly dialect: Dialect;
  /** A SQL parameter placeholder for the n-th (1-based) parameter: `$n` or `?`. */
  placeholder(n: number): string;
  /** Runs a script on `driver` (MySQL: one statement at a time, its client takes one per call). */
  runScript(driver: Driver, sql: string): Promise<void>;
  /** Creates a fresh, empty TestDatabase. */
  freshDatabase(): Promise<TestDatabase>;
  /** Creates a fresh TestPlace; on SQLite the database is `file` (not created until connected to). */
  freshPlace(file: string): Promise<TestPlace>;
  /**
   * The `dev:` environment of a connection.yml pointing at `place` (its schema, or its file as
   * given, relative or not), with `config` settings.
   */
  connectionYml(place: Pick<TestPlace, "schema" | "file">, config?: ConnectionSettings): string;
}

function configLines(config: ConnectionSettings): string {
  const entries = Object.entries(config);
  if (entries.length === 0) return "";
  return `  config:\n${entries.map(([k, v]) => `    ${k}: ${v}\n`).join("")}`;
}

/** The part of a harness each dialect writes; `freshDatabase` and the rest are built on it. */
interface HarnessPart {
  readonly name: BuiltInDialectName;
  freshPlace(file: string): Promise<TestPlace>;
  introspect(driver: Driver, place: TestPlace, ignoreTables: readonly string[]): Promise<LiveSchema>;
  connectionYml(place: Pick<TestPlace, "schema" | "file">, config?: ConnectionSettings): string;
  /** Runs a script on `driver`; left out, the script is one `execute`. */
  run?(driver: Driver, sql: string): Promise<void>;
}

const parts: readonly HarnessPart[] = [
  {
    name: postgresDialect.name,
    async freshPlace(): Promise<TestPlace> {
      const schema = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
      const target: Target = { dialect: postgresDialect.name, url: PG_URL };
      await adminExecute(`CREATE SCHEMA "${schema}"`);
      return {
        target,
        schema,
        file: undefined,
        async connect() {
          const d = await connect(target);
          await d.execute(`SET search_path TO "${schema}"`);
          return d;
        },
        dispose: () => adminExecute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
      };
    },
    introspect: (driver, place, ignoreTables) =>
      introspectPostgres(driver, { schema: place.schema as string, ignoreTables }),
    connectionYml: (place, config = {}) =>
      `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n  schema: ${place.schema}\n${configLines(config)}`,
  },
  {
    name: sqliteDialect.name,
    async freshPlace(file: string): Promise<TestPlace> {
      const target: Target = { dialect: sqliteDialect.name, path: file };
      return { target, schema: undefined, file, connect: () => connect(target), dispose: async () => {} };
    },
    introspect: (driver, _place, ignoreTables) => introspectSqlite(driver, { ignoreTables }),
    connectionYml: (place, config = {}) => `dev:\n  adapter: SQLite\n  database: ${place.file}\n${configLines(config)}`,
  },
  {
    name: mysqlDialect.name,
    async freshPlace(): Promise<TestPlace> {
      const database = await createMysqlDatabase("h");
      const target: Target = { dialect: mysqlDialect.name, url: mysqlUrlFor(database) };
      return {
        target,
        schema: database,
        file: undefined,
        connect: () => connect(target),
        dispose: () => dropMysqlDatabase(database),
      };
    },
    introspect: (driver, _place, ignoreTables) => introspectMysql(driver, { ignoreTables }),
    async run(driver, sql) {
      for (const statement of splitStatements(sql, mysqlDialect.sql)) await driver.execute(statement.sql);
    },
    connectionYml: (place, config = {}) =>
      `dev:\n  adapter: MySQL\n  url: ${mysqlUrlFor(place.schema as string)}\n${configLines(config)}`,
  },
];

/** Closes every driver, ignoring errors (a test may have closed or killed one already). */
async function closeAll(drivers: readonly Driver[]): Promise<void> {
  for (const d of drivers) await d.close().catch(() => {});
}

/** Runs `sql` on `driver` as `part` runs scripts: its own way, or one `execute`. */
function runScript(part: HarnessPart, driver: Driver, sql: string): Promise<void> {
  return part.run ? part.run(driver, sql) : driver.execute(sql);
}

/** A fresh TestDatabase made of `part`'s place in a new temporary directory. */
async function freshDatabase(part: HarnessPart): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "pormg-test-db-"));
  const place = await part.freshPlace(join(dir, "test.db"));
  const opened: Driver[] = [];
  const open = async () => {
    const d = await place.connect();
    opened.push(d);
    return d;
  };
  const driver = await open();
  return {
    ...place,
    driver,
    open,
    run: (sql) => runScript(part, driver, sql),
    introspect: (ignoreTables = []) => part.introspect(driver, place, ignoreTables),
    async dispose() {
      await closeAll(opened);
      try {
        await place.dispose();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The harness of a registered dialect. */
export function harnessOf(dialect: Dialect): DialectHarness {
  const found = parts.find((h) => h.name === dialect.name);
  if (found === undefined)
    throw new Error(`test/lib/dialects.ts has no harness for the registered dialect ${dialect.name}`);
  return {
    name: found.name,
    label: dialect.label,
    dialect,
    placeholder: (n) => (dialect.capabilities.placeholders === "numbered" ? `$${n}` : "?"),
    runScript: (driver, sql) => runScript(found, driver, sql),
    freshDatabase: () => freshDatabase(found),
    freshPlace: (file) => found.freshPlace(file),
    connectionYml: found.connectionYml,
  };
}

/**
 * The entries of `registered` that `filter` (the value of PORMG_TEST_DIALECTS: comma-separated
 * names, blank for all) keeps, in registration order. Throws on a name that is not registered.
 */
export function selectDialects<T extends { readonly name: string }>(
  registered: readonly T[],
  filter: string | undefined,
): T[] {
  const wanted = (filter ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (wanted.length === 0) return [...registered];
  const unknown = wanted.filter((w) => !registered.some((d) => d.name === w));
  if (unknown.length > 0)
    throw new Error(
      `PORMG_TEST_DIALECTS names unknown dialect(s) ${unknown.join(", ")}; registered: ${registered.map((d) => d.name).join(", ")}`,
    );
  return registered.filter((d) => wanted.includes(d.name));
}

/** The dialects every dialect-generic suite runs on (all registered ones, or PORMG_TEST_DIALECTS's). */
export const DIALECTS: readonly DialectHarness[] = selectDialects(dialects(), process.env.PORMG_TEST_DIALECTS).map(
  harnessOf,
);

/** Whether PORMG_TEST_DIALECTS keeps the dialect called `name` (for dialect-specific files). */
export function dialectSelected(name: DialectName): boolean {
  return DIALECTS.some((d) => d.name === name);
}

/**
 * The entry of `data` (per-dialect expectations, each naming its `dialect`) that belongs to the
 * harness `h`; throws when a registered dialect has none, so a new dialect cannot skip a suite.
 */
export function dataFor<T extends { readonly dialect: { readonly name: string } }>(
  data: readonly T[],
  h: Pick<DialectHarness, "name">,
): T {
  const found = data.find((d) => d.dialect.name === h.name);
  if (found === undefined) throw new Error(`no test data for dialect ${h.name}`);
  return found;
}

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
import { type Dialect, dialects } from "../../src/dialect/dialect.ts";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { introspectPostgres } from "../../src/dialect/postgres/postgres-introspect.ts";
import { sqliteDialect } from "../../src/dialect/sqlite/sqlite-dialect.ts";
import { introspectSqlite } from "../../src/dialect/sqlite/sqlite-introspect.ts";
import { connect } from "../../src/driver/connect.ts";
import type { LiveSchema } from "../../src/schema/ir.ts";
import { PG_URL } from "./cli.ts";

/**
 * A TestDatabase is a fresh, empty place for one test: a `t_<random>` schema on the PostgreSQL
 * server at `PORMG_TEST_PG_URL` (connections' search_path set to it), or a SQLite file in a new
 * temporary directory. It keeps no connection open but `driver` and those `open` made; `dispose`
 * closes them and drops or removes the place.
 */
export interface TestDatabase {
  /** The target to hand to `connect`, the lock or the executor. */
  readonly target: Target;
  /** PostgreSQL: the schema. SQLite: undefined. */
  readonly schema: string | undefined;
  /** SQLite: the database file (absolute). PostgreSQL: undefined. */
  readonly file: string | undefined;
  /** A connection opened with the database. */
  readonly driver: Driver;
  /** Another connection to the same place (closed by `dispose`). */
  open(): Promise<Driver>;
  /** Runs a script on `driver`. */
  run(sql: string): Promise<void>;
  /** The dialect's own introspection of the place (not normalized). */
  introspect(ignoreTables?: readonly string[]): Promise<LiveSchema>;
  dispose(): Promise<void>;
}

/** What a connection.yml says beside the target: `config:` settings such as `change_db: true`. */
export type ConnectionSettings = Readonly<Record<string, string | number | boolean>>;

/** A DialectHarness is how the tests make databases and CLI projects of one dialect. */
export interface DialectHarness {
  /** The dialect's name (`dialect.name`). */
  readonly name: DialectName;
  /** The name for test titles (`dialect.label`). */
  readonly label: string;
  /** The registered Dialect object. */
  readonly dialect: Dialect;
  /** A SQL parameter placeholder for the n-th (1-based) parameter: `$n` or `?`. */
  placeholder(n: number): string;
  /** Creates a fresh, empty TestDatabase. */
  freshDatabase(): Promise<TestDatabase>;
  /** The `dev:` environment of a connection.yml pointing at `db`, with `config` settings. */
  connectionYml(db: Pick<TestDatabase, "schema" | "file">, config?: ConnectionSettings): string;
}

function configLines(config: ConnectionSettings): string {
  const entries = Object.entries(config);
  if (entries.length === 0) return "";
  return `  config:\n${entries.map(([k, v]) => `    ${k}: ${v}\n`).join("")}`;
}

/** Closes every driver, ignoring errors (a test may have closed or killed one already). */
async function closeAll(drivers: readonly Driver[]): Promise<void> {
  for (const d of drivers) await d.close().catch(() => {});
}

const postgresHarness = {
  async freshDatabase(): Promise<TestDatabase> {
    const schema = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const target: Target = { dialect: postgresDialect.name, url: PG_URL };
    const opened: Driver[] = [];
    const open = async () => {
      const d = await connect(target);
      opened.push(d);
      await d.execute(`SET search_path TO "${schema}"`);
      return d;
    };
    const admin = await connect(target);
    try {
      await admin.execute(`CREATE SCHEMA "${schema}"`);
    } finally {
      await admin.close();
    }
    const driver = await open();
    return {
      target,
      schema,
      file: undefined,
      driver,
      open,
      run: (sql) => driver.execute(sql),
      introspect: (ignoreTables = []) => introspectPostgres(driver, { schema, ignoreTables }),
      async dispose() {
        await closeAll(opened);
        const drop = await connect(target);
        try {
          await drop.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await drop.close();
        }
      },
    };
  },
  connectionYml(db: Pick<TestDatabase, "schema">, config: ConnectionSettings = {}): string {
    return `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n  schema: ${db.schema}\n${configLines(config)}`;
  },
};

const sqliteHarness = {
  async freshDatabase(): Promise<TestDatabase> {
    const dir = mkdtempSync(join(tmpdir(), "pormg-test-db-"));
    const file = join(dir, "test.db");
    const target: Target = { dialect: sqliteDialect.name, path: file };
    const opened: Driver[] = [];
    const open = async () => {
      const d = await connect(target);
      opened.push(d);
      return d;
    };
    const driver = await open();
    return {
      target,
      schema: undefined,
      file,
      driver,
      open,
      run: (sql) => driver.execute(sql),
      introspect: (ignoreTables = []) => introspectSqlite(driver, { ignoreTables }),
      async dispose() {
        await closeAll(opened);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  connectionYml(db: Pick<TestDatabase, "file">, config: ConnectionSettings = {}): string {
    return `dev:\n  adapter: SQLite\n  database: ${db.file}\n${configLines(config)}`;
  },
};

/** The test-side half of each dialect; a registered dialect without one fails loudly. */
const harnesses: readonly (Pick<DialectHarness, "freshDatabase" | "connectionYml"> & { readonly name: string })[] = [
  { name: postgresDialect.name, ...postgresHarness },
  { name: sqliteDialect.name, ...sqliteHarness },
];

/** The harness of a registered dialect. */
export function harnessOf(dialect: Dialect): DialectHarness {
  const found = harnesses.find((h) => h.name === dialect.name);
  if (found === undefined)
    throw new Error(`test/lib/dialects.ts has no harness for the registered dialect ${dialect.name}`);
  return {
    name: dialect.name,
    label: dialect.label,
    dialect,
    placeholder: (n) => (dialect.capabilities.placeholders === "numbered" ? `$${n}` : "?"),
    freshDatabase: found.freshDatabase,
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

import { expect } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../../src/core/dialect-name.ts";
import type { Driver, Row } from "../../src/core/driver.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { pormg, type Run, tempDir } from "./cli.ts";
import { harnessOf, type TestPlace } from "./dialects.ts";

const places: TestPlace[] = [];
const folders: string[] = [];

/** A PlannerFolder is a temporary project with a `db` folder (change_db on) and its own database. */
export interface PlannerFolder {
  readonly dialect: DialectName;
  /** The working directory the CLI runs in. */
  readonly cwd: string;
  /** `<cwd>/db`. */
  readonly dir: string;
  /** `<cwd>/db/migrations/pending_migrations.sql`. */
  readonly pending: string;
  /** The PostgreSQL schema, the MySQL database, or undefined on SQLite. */
  readonly schema: string | undefined;
  /** Runs `pormg <args>` in `cwd` as a separate process. */
  cli(args: readonly string[]): Run;
  /** Runs `pormg <args>` and fails the test unless it exits 0. */
  ok(args: readonly string[]): Run;
  /** Runs `pormg <args> --json` and parses stdout; `code` is the expected exit code. */
  json(args: readonly string[], code?: number): Record<string, unknown> & { code: number; stderr: string };
  /** Replaces `db/models.ts` (the `import { Models } from "pormg"` line is added). */
  models(body: string): void;
  /** Runs a script on the folder's database. */
  sql(script: string): Promise<void>;
  /** Runs one query on the folder's database. */
  rows<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** A string that changes whenever the database's schema or rows change (SQLite: the file's bytes). */
  state(): Promise<string>;
}

/** Creates a folder for `dialect`; `setup` runs on the fresh database first. */
export async function plannerFolder(dialect: DialectName, models: string, setup = ""): Promise<PlannerFolder> {
  const cwd = tempDir("pormg-planner-");
  folders.push(cwd);
  const dir = join(cwd, "db");
  mkdirSync(dir);
  const h = harnessOf(dialectNamed(dialect));
  const file = join(dir, "app.sqlite");
  const place = await h.freshPlace(file);
  places.push(place);
  const schema = place.schema;
  writeFileSync(join(dir, "connection.yml"), h.connectionYml({ schema, file: "app.sqlite" }, { change_db: true }));
  const using = async <T>(fn: (db: Driver) => Promise<T>): Promise<T> => {
    const db = await place.connect();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  if (setup) await using((db) => h.runScript(db, setup));
  const cli = (args: readonly string[]) => pormg(args, { cwd });
  const folder: PlannerFolder = {
    dialect,
    cwd,
    dir,
    pending: join(dir, "migrations", "pending_migrations.sql"),
    schema,
    cli,
    ok: (args) => {
      const r = cli(args);
      if (r.code !== 0) throw new Error(`pormg ${args.join(" ")}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
      return r;
    },
    json: (args, code = 0) => {
      const r = cli([...args, "--json"]);
      if (r.code !== code)
        throw new Error(`pormg ${args.join(" ")}: exit ${r.code}, expected ${code}\n${r.stdout}\n${r.stderr}`);
      return { ...(JSON.parse(r.stdout) as Record<string, unknown>), code: r.code, stderr: r.stderr };
    },
    models: (body) => writeFileSync(join(dir, "models.ts"), `import { Models } from "pormg";\n${body}`),
    sql: (script) => using((db) => h.runScript(db, script)),
    rows: (sql, params) => using((db) => db.query(sql, params)),
    state: () =>
      dialect === "mysql"
        ? using((db) => mysqlState(db))
        : schema
          ? using((db) => postgresState(db, schema))
          : Promise.resolve(existsSync(file) ? sha256(file) : "absent"),
  };
  folder.models(models);
  return folder;
}

/** Removes every folder and drops every PostgreSQL schema `plannerFolder` created (call from `afterAll`). */
export async function dropPlannerFolders(): Promise<void> {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const place of places.splice(0)) await place.dispose();
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Every relation, column, constraint, index and row of `schema`, as one string. */
async function postgresState(db: Driver, schema: string): Promise<string> {
  const params = [schema];
  const relations = await db.query<{ name: string; kind: string }>(
    "SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 ORDER BY 1",
    params,
  );
  const columns = await db.query(
    "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default, is_identity FROM information_schema.columns WHERE table_schema = $1 ORDER BY 1, 2",
    params,
  );
  const constraints = await db.query(
    "SELECT c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 ORDER BY 1, 2",
    params,
  );
  const indexes = await db.query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY 1", params);
  const rows: Record<string, string[]> = {};
  for (const r of relations.filter((r) => r.kind === "r")) {
    const all = await db.query(`SELECT * FROM "${r.name}"`);
    rows[r.name] = all.map((row) => JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))).sort();
  }
  return JSON.stringify({ relations, columns, constraints, indexes, rows });
}

/** Every table, column, constraint, index, trigger and row of the connection's MySQL database, as one string. */
async function mysqlState(db: Driver): Promise<string> {
  const where = "WHERE table_schema = DATABASE() ORDER BY 1, 2";
  const relations = await db.query<{ name: string; kind: string }>(
    "SELECT table_name AS name, table_type AS kind FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
  );
  const columns = await db.query(
    `SELECT table_name, column_name, column_type, is_nullable, column_default, extra, collation_name FROM information_schema.columns ${where}`,
  );
  const constraints = await db.query(
    `SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints ${where}`,
  );
  const checks = await db.query(
    "SELECT constraint_name, check_clause FROM information_schema.check_constraints WHERE constraint_schema = DATABASE() ORDER BY 1, 2",
  );
  const keys = await db.query(
    `SELECT table_name, constraint_name, column_name, ordinal_position, referenced_table_name, referenced_column_name FROM information_schema.key_column_usage ${where}, 3, 4`,
  );
  const indexes = await db.query(
    `SELECT table_name, index_name, seq_in_index, column_name, non_unique FROM information_schema.statistics ${where}, 3`,
  );
  const triggers = await db.query(
    "SELECT trigger_name, action_statement FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY 1",
  );
  const rows: Record<string, string[]> = {};
  for (const r of relations.filter((r) => r.kind === "BASE TABLE")) {
    const all = await db.query(`SELECT * FROM \`${r.name.replaceAll("`", "``")}\``);
    rows[r.name] = all.map((row) => JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))).sort();
  }
  return JSON.stringify({ relations, columns, constraints, checks, keys, indexes, triggers, rows });
}

/** Row counts of `tables`, keyed by table name. */
export async function rowCounts(folder: PlannerFolder, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await folder.rows<{ n: number | string }>(
      `SELECT count(*) AS n FROM ${dialectNamed(folder.dialect).quoteIdent(t)}`,
    );
    out[t] = Number(row?.n);
  }
  return out;
}

/** Asserts `run` exited with `code`, showing its output when it did not. */
export function expectExit(run: Run, code: number): Run {
  if (run.code !== code)
    throw new Error(`exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  expect(run.code).toBe(code);
  return run;
}

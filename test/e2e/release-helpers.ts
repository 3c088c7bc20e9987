import { expect } from "bun:test";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../../src/core/dialect-name.ts";
import type { Driver } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { PG_URL, pormg, type Run, tempDir } from "../lib/cli.ts";
import { createMysqlDatabase, dropMysqlDatabase, mysqlUrlFor } from "../lib/mysql.ts";

// Helpers of the release tests (docs/design.md §10 "Deploying"): a folder whose dev database applied plans,
// and fresh target databases (real PostgreSQL databases `test_release_*`, or SQLite files).

export const V1 = `import { Models } from "pormg";
export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
});
`;
export const V2 = `import { Models } from "pormg";
export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
});
export const Book = Models.Model({
  id: Models.IDField(),
  author: Models.ForeignKey(Author, { onDelete: "CASCADE" }),
  title: Models.CharField({ maxLength: 200 }),
});
`;
export const V3 = V2.replace(
  "name: Models.CharField({ maxLength: 100 }),",
  "name: Models.CharField({ maxLength: 100 }),\n  born: Models.IntegerField({ null: true }),",
);

/** PostgreSQL databases this file created, dropped at the end. */
const created: string[] = [];

function pgUrl(database: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createDatabase(): Promise<string> {
  const name = `test_release_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const admin = await connect({ dialect: "postgresql", url: PG_URL });
  try {
    await admin.execute(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.close();
  }
  created.push(name);
  return pgUrl(name);
}

const createdMysql: string[] = [];

/** A new empty MariaDB / MySQL database on the test server (`t_rel_<random>`), as a URL. */
export async function createMysqlReleaseDatabase(): Promise<string> {
  const name = await createMysqlDatabase("rel");
  createdMysql.push(name);
  return mysqlUrlFor(name);
}

/** Drops the PostgreSQL and MySQL databases `createDatabase` and `createMysqlReleaseDatabase` made (call it from `afterAll`). */
export async function dropCreatedDatabases(): Promise<void> {
  for (const name of createdMysql.splice(0)) await dropMysqlDatabase(name);
  if (created.length === 0) return;
  const admin = await connect({ dialect: "postgresql", url: PG_URL });
  try {
    for (const name of created) await admin.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}

/** A release folder `db` whose dev environment is a database of `dialect`; targets are given with `--url`. */
export interface Release {
  readonly cwd: string;
  readonly folder: string;
  /** The dev database (URL) of `connection.yml`. */
  readonly dev: string;
  /** A new empty database (URL) of the release's dialect. */
  fresh(): Promise<string>;
  /** Runs pormg in the working directory. */
  run(args: readonly string[]): Run;
  /** Runs pormg with `--json`, parsing stdout. */
  json(args: readonly string[]): { code: number; doc: Record<string, unknown>; stderr: string };
  models(text: string): void;
  open(url: string): Promise<Driver>;
  archive(): string[];
}

export async function release(dialect: DialectName, devUrl?: string): Promise<Release> {
  const cwd = tempDir("pormg-release-");
  const folder = join(cwd, "db");
  let n = 0;
  const fresh = async () =>
    dialect === "postgresql"
      ? createDatabase()
      : dialect === "mysql"
        ? createMysqlReleaseDatabase()
        : `sqlite:${join(cwd, `target-${++n}.sqlite`)}`;
  const dev = devUrl ?? (await fresh());
  const target =
    dialect === "postgresql"
      ? `  adapter: PostgreSQL\n  url: ${dev}\n`
      : dialect === "mysql"
        ? `  adapter: MySQL\n  url: ${dev}\n`
        : `  adapter: SQLite\n  database: ${dev.slice("sqlite:".length)}\n`;
  const r = pormg(["setup", "--db", "db"], { cwd });
  if (r.code !== 0) throw new Error(r.stderr);
  writeFileSync(join(folder, "connection.yml"), `dev:\n${target}  config:\n    change_db: true\n`);
  const run = (args: readonly string[]) => pormg([...args.slice(0, 1), "--db", "db", ...args.slice(1)], { cwd });
  return {
    cwd,
    folder,
    dev,
    fresh,
    run,
    json(args) {
      const out = run([...args, "--json"]);
      try {
        return { code: out.code, doc: JSON.parse(out.stdout), stderr: out.stderr };
      } catch {
        throw new Error(`pormg ${args.join(" ")} printed no JSON (exit ${out.code}):\n${out.stdout}\n${out.stderr}`);
      }
    },
    models(text) {
      writeFileSync(join(folder, "models.ts"), text);
    },
    open(url) {
      if (url.startsWith("sqlite:")) return connect({ dialect: "sqlite", path: url.slice("sqlite:".length) });
      return url.startsWith("mysql:") ? connect({ dialect: "mysql", url }) : connect({ dialect: "postgresql", url });
    },
    archive() {
      return readdirSync(join(folder, "migrations", "applied_migrations"))
        .filter((f) => f.endsWith(".sql"))
        .sort();
    },
  };
}

export function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Generates and applies a plan on the dev database; returns its version. */
export function devPlan(rel: Release, models: string, name: string): string {
  rel.models(models);
  const version = rel.json(["makemigrations", "--name", name]).doc.version as string;
  const applied = rel.json(["migrate"]);
  expect(applied.code).toBe(0);
  expect(applied.doc).toMatchObject({ outcome: "applied", applied: [{ version, name, source: "pending" }] });
  return version;
}

/** Each version's event types in a database's log, in order. */
export async function events(rel: Release, url: string): Promise<Record<string, string[]>> {
  const db = await rel.open(url);
  try {
    const rows = await db.query<{ version: string; type: string }>(
      "SELECT version, type FROM pormg_migration_events ORDER BY id",
    );
    const out: Record<string, string[]> = {};
    for (const row of rows) out[row.version] = [...(out[row.version] ?? []), row.type];
    return out;
  } finally {
    await db.close();
  }
}

/**
 * Each version's events without its `step_applied` ones: where DDL is not transactional (MySQL)
 * every step of a plan adds one after the planned/applied pair, which is what a release compares.
 * Throws when such a dialect's applied version has no step_applied event (its steps never ran).
 */
export async function planEvents(rel: Release, url: string): Promise<Record<string, string[]>> {
  const all = await events(rel, url);
  const stepwise = url.startsWith("mysql:");
  for (const [version, types] of Object.entries(all))
    if (stepwise && types.includes("applied") && !types.includes("step_applied"))
      throw new Error(`version ${version} is applied on ${url} but no step of it recorded step_applied`);
  return Object.fromEntries(Object.entries(all).map(([v, types]) => [v, types.filter((t) => t !== "step_applied")]));
}

/** The user tables of a database (no pormg history tables). */
export async function userTables(rel: Release, url: string): Promise<string[]> {
  const db = await rel.open(url);
  try {
    const rows = await db.query<{ name: string }>(
      db.dialect === "postgresql"
        ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        : db.dialect === "mysql"
          ? "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1"
          : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
    );
    return rows.map((r) => r.name).filter((t) => !t.startsWith("pormg_"));
  } finally {
    await db.close();
  }
}

export const versionsOf = (doc: Record<string, unknown>) =>
  (doc.applied as { version: string }[]).map((a) => a.version);

/**
 * Resuming a destructive plan on MariaDB, unattended (real CLI processes): MySQL has no
 * transactional DDL, so a step failing after the plan's drops leaves them applied. The rerun runs
 * only the unfinished steps, and the destructive guard asks about those alone: after a failed data
 * step past the drops `pormg migrate` resumes without `--destructive`; when a drop itself is
 * still unfinished it is refused (DESTRUCTIVE_UNCONFIRMED, exit 3) until `--destructive` is given.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Row } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { pormgAsync, type Run, tempDir } from "../lib/cli.ts";
import { createMysqlDatabase, dropMysqlDatabase, mysqlUrlFor } from "../lib/mysql.ts";

const created: string[] = [];

afterAll(async () => {
  for (const name of created) await dropMysqlDatabase(name);
}, 60_000);

const V1 = `import { Models } from "pormg";
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });
export const Sponsor = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });
`;
// Version 2 drops the sponsor table.
const V2 = `import { Models } from "pormg";
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });
`;

/** Fails while table marker exists (its subquery returns more than one row), else inserts 'first'. */
const failingInsert =
  "INSERT INTO `author` (`name`) SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.TABLES " +
  "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'marker') THEN (SELECT 'x' FROM information_schema.TABLES " +
  "LIMIT 2) ELSE 'first' END;\n";

async function sql<T extends Row>(name: string, ...statements: string[]): Promise<T[]> {
  const db = await connect({ dialect: "mysql", url: mysqlUrlFor(name) });
  try {
    let rows: T[] = [];
    for (const s of statements) rows = await db.query<T>(s);
    return rows;
  } finally {
    await db.close();
  }
}

/** A MariaDB project with V1 applied and a pending V2 (DROP TABLE sponsor) plus a data step `where`. */
async function project(where: "pre" | "post"): Promise<{ name: string; run: (...a: string[]) => Promise<Run> }> {
  const name = await createMysqlDatabase("rs");
  created.push(name);
  const cwd = tempDir("pormg-resume-mysql-");
  const folder = join(cwd, "db");
  mkdirSync(folder);
  writeFileSync(
    join(folder, "connection.yml"),
    `dev:\n  adapter: MariaDB\n  url: ${mysqlUrlFor(name)}\n  config:\n    change_db: true\n`,
  );
  writeFileSync(join(folder, "models.ts"), V1);
  const run = (...args: string[]) => pormgAsync(args, { cwd });
  expect((await run("makemigrations")).code).toBe(0);
  expect((await run("migrate")).code).toBe(0);
  writeFileSync(join(folder, "models.ts"), V2);
  expect((await run("makemigrations")).code).toBe(0);
  const pending = join(folder, "migrations", "pending_migrations.sql");
  const text = readFileSync(pending, "utf8");
  const step = `-- step: Data (${where}): one author\n${failingInsert}`;
  writeFileSync(pending, where === "post" ? `${text.replace(/\n*$/, "\n")}${step}` : insertFirst(text, step));
  await sql(name, "CREATE TABLE marker (v int) ENGINE=InnoDB", "INSERT INTO marker VALUES (1), (2)");
  return { name, run };
}

/** The plan text with `step` before its first step. */
function insertFirst(text: string, step: string): string {
  const at = text.indexOf("-- step:");
  return `${text.slice(0, at)}${step}${text.slice(at)}`;
}

const tables = async (name: string) =>
  (
    await sql<{ t: string }>(
      name,
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
    )
  ).map((r) => r.t);

describe("resuming a destructive plan on MariaDB, unattended", () => {
  test("a data step failing after the drop: the rerun resumes it without --destructive", async () => {
    const { name, run } = await project("post");
    const failed = await run("migrate", "--destructive");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Subquery returns more than 1 row");
    expect(await tables(name)).not.toContain("sponsor");
    await sql(name, "DROP TABLE marker");
    const resumed = await run("migrate", "--json");
    expect({ code: resumed.code, stderr: resumed.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(resumed.stdout)).toMatchObject({ outcome: "applied", resumed: 1 });
    expect(await sql(name, "SELECT name FROM author")).toEqual([{ name: "first" }]);
    expect((await run("check")).code).toBe(0);
  }, 60_000);

  test("a data step failing before the drop: the rerun is still refused without --destructive", async () => {
    const { name, run } = await project("pre");
    const failed = await run("migrate", "--destructive");
    expect(failed.code).toBe(1);
    expect(await tables(name)).toContain("sponsor");
    await sql(name, "DROP TABLE marker");
    const refused = await run("migrate", "--json");
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: "DESTRUCTIVE_UNCONFIRMED" } });
    expect(refused.stdout).toContain("sponsor");
    expect(await tables(name)).toContain("sponsor");
    const resumed = await run("migrate", "--destructive");
    expect({ code: resumed.code, stderr: resumed.stderr }).toMatchObject({ code: 0 });
    expect(await tables(name)).not.toContain("sponsor");
    expect((await run("check")).code).toBe(0);
  }, 60_000);
});

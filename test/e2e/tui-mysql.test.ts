/**
 * `pormg tui` on MariaDB / MySQL, end to end in a real terminal: the compiled binary runs inside
 * tmux against a MariaDB database whose pending plan is destructive; the dashboard loads the status
 * (history, lock), shows the dry run, applies the confirmed plan and quits, and the database then
 * has the new tables. A plan whose second step fails shows what MySQL leaves behind (no
 * transactional DDL: the step before it stays applied) and that migrating again resumes it.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Row } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { compiledBinary, run, tempDir } from "../lib/cli.ts";
import { createMysqlDatabase, dropMysqlDatabase, mysqlUrlFor } from "../lib/mysql.ts";
import { BASE, closeTmux, DRIVER_V1, DRIVER_V2, sleep, Terminal } from "./tui-helpers.ts";

let binary = "";
const created: string[] = [];

beforeAll(() => {
  binary = compiledBinary();
}, 120_000);

afterAll(async () => {
  closeTmux();
  for (const name of created) await dropMysqlDatabase(name);
}, 60_000);

/** Runs SQL on database `name` and returns the rows of the last statement. */
async function onDatabase<T extends Row>(name: string, ...statements: string[]): Promise<T[]> {
  const db = await connect({ dialect: "mysql", url: mysqlUrlFor(name) });
  try {
    let rows: T[] = [];
    for (const sql of statements) rows = await db.query<T>(sql);
    return rows;
  } finally {
    await db.close();
  }
}

/** The database's tables, and the columns of `driver`. */
async function state(name: string): Promise<{ tables: string[]; driverColumns: string[]; drivers: number }> {
  const tables = await onDatabase<{ t: string }>(
    name,
    "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
  );
  const columns = await onDatabase<{ c: string }>(
    name,
    "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'driver'",
  );
  const [count] = await onDatabase<{ n: number }>(name, "SELECT count(*) AS n FROM driver");
  return {
    tables: tables.map((r) => r.t),
    driverColumns: columns.map((r) => r.c),
    drivers: Number(count?.n ?? 0),
  };
}

/** Waits for `text` on the screen, read with its wrapped lines joined (whitespace runs as one space). */
async function waitForText(t: Terminal, text: string, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let flat = "";
  while (Date.now() < until) {
    flat = t.screen().replaceAll(/\s+/g, " ");
    if (flat.includes(text)) return flat;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${text}; the screen was:\n${t.screen()}`);
}

/** A MariaDB project whose first plan is applied (with rows) and whose pending plan is destructive. */
async function mysqlFolder(): Promise<{ cwd: string; name: string; version: string; cli: (...a: string[]) => string }> {
  const name = await createMysqlDatabase("tui");
  created.push(name);
  const cwd = tempDir("pormg-tui-mysql-");
  const folder = join(cwd, "db");
  mkdirSync(folder);
  // The dashboard runs with an empty environment: the URL is written out.
  writeFileSync(
    join(folder, "connection.yml"),
    `default_env: dev\ndev:\n  adapter: MariaDB\n  url: ${mysqlUrlFor(name)}\n  config:\n    change_db: true\n`,
  );
  writeFileSync(join(folder, "models.ts"), BASE + DRIVER_V1);
  const cli = (...args: string[]) => {
    const r = run(binary, args, { cwd });
    if (r.code !== 0) throw new Error(`pormg ${args.join(" ")}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  cli("makemigrations", "--db", "db");
  cli("migrate", "--db", "db");
  await onDatabase(
    name,
    "INSERT INTO driver (code, surname, nickname) VALUES ('HAM', 'Hamilton', 'Sir Lewis'), ('VER', 'Verstappen', NULL)",
    "INSERT INTO sponsor (name) VALUES ('Acme')",
  );
  writeFileSync(join(folder, "models.ts"), BASE + DRIVER_V2);
  cli("makemigrations", "--db", "db");
  const plan = JSON.parse(cli("dry-run", "--db", "db", "--json")) as { version: string; destructive: boolean };
  expect(plan.destructive).toBe(true);
  return { cwd, name, version: plan.version, cli };
}

describe("pormg tui on MariaDB (compiled binary, in tmux)", () => {
  test("loads status, shows the dry run, applies a confirmed destructive plan, quits", async () => {
    const { cwd, name, version } = await mysqlFolder();
    const t = new Terminal(`${binary} tui --db db`, cwd);

    await t.waitFor(`Pending plan: ${version}`);
    const first = await t.waitFor("DESTRUCTIVE: 2 statement(s)");
    expect(first).toContain("History table: ✓ exists");
    expect(first).toContain("Applied: 1 migration(s)");
    expect(first).toContain("Lock: free");
    expect(first).toContain("The models differ from the database (4 difference(s))");
    expect(first).toMatch(/Dry run preview \(lines 1–\d+ of \d+/);
    expect(first).toContain(`Plan ${version}`);
    // verify runs the plan on a scratch copy of the database (MySQL cannot roll DDL back).
    await t.keys("v");
    await waitForText(t, "Verify: ✓ succeeded: ran 5 statement(s) on a copy; matches the models.");
    const verified = await waitForText(t, "Verify: ✓ ran 5 statement(s) on a copy; the result matches the models");
    expect(verified).not.toContain("rolled back");
    await t.keys("G");
    const end = await t.waitFor("DROP TABLE `sponsor`");
    expect(end).toContain("↳ destructive: DROP TABLE `sponsor`");

    await t.keys("m");
    const ask = await t.waitFor("Confirm destructive migrate");
    expect(ask).toContain("DROP TABLE `sponsor`");
    expect(ask).toContain("DROP COLUMN `nickname`");
    expect(ask).toContain("Press y to apply it");
    expect((await state(name)).tables).toContain("sponsor");
    await t.keys("y");
    await t.waitFor(`✓ Applied ${version}`);
    await t.waitFor("Pending plan: none");
    const after = await t.waitFor("Nothing pending");
    expect(after).not.toContain("DESTRUCTIVE");
    expect(after).toContain("Applied: 2 migration(s)");
    expect(after).toContain("Lock: free");

    await t.keys("F3");
    const history = await t.waitFor("History verifies");
    expect(history).toContain(`${version}#2`);
    expect(history).toMatch(/applied/);

    await t.keys("q");
    const bye = await t.waitFor("EXIT=0");
    expect(bye).toContain("Changes made in the dashboard:");
    expect(bye).toContain(`Applied ${version}`);

    const s = await state(name);
    expect(s.tables).not.toContain("sponsor");
    expect(s.tables).toEqual(expect.arrayContaining(["team", "season", "driver", "pormg_migrations"]));
    expect(s.driverColumns).not.toContain("nickname");
    expect(s.drivers).toBe(2);
    const applied = await onDatabase<{ version: string }>(name, "SELECT version FROM pormg_migrations");
    expect(applied.map((a) => a.version)).toContain(version);
  }, 90_000);

  test("a failing step: the steps before it stay applied (no transactional DDL), migrating again resumes", async () => {
    const { cwd, name, version } = await mysqlFolder();
    const pending = join(cwd, "db", "migrations", "pending_migrations.sql");
    // A data step after the schema steps fails while table marker holds two rows.
    writeFileSync(
      pending,
      `${readFileSync(pending, "utf8").replace(/\n*$/, "\n")}-- step: Data (post): one team per marker\n` +
        "INSERT INTO `team` (`name`, `country`) SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.TABLES " +
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'marker') THEN (SELECT 'x' FROM information_schema.TABLES " +
        "LIMIT 2) ELSE 'first' END, 'GB';\n",
    );
    await onDatabase(name, "CREATE TABLE marker (v int) ENGINE=InnoDB", "INSERT INTO marker VALUES (1), (2)");
    const t = new Terminal(`${binary} tui --db db`, cwd);
    await t.waitFor("DESTRUCTIVE: 2 statement(s)");
    await t.keys("v");
    // verify runs the plan on a scratch copy of the database (marker's definition included).
    const verified = await t.waitFor("Verify: ✗ failed at step 6");
    expect(verified).toContain("Subquery returns more than 1 row");
    await t.keys("m");
    await t.waitFor("Confirm destructive migrate");
    await t.keys("y");
    const failed = await waitForText(
      t,
      "the steps before the failed one are applied and recorded, the rest did not run",
    );
    expect(failed).not.toContain("The plan's transaction was committed");
    expect(failed).toContain("migrate again (m) to resume from it");
    // The status says which step did not finish; the schema steps before it are in the database.
    await waitForText(t, 'step "Data (post): one team per marker" did not finish (Subquery returns more than 1 row)');
    const partial = await state(name);
    expect(partial.tables).toEqual(expect.arrayContaining(["team", "season"]));
    expect(partial.tables).not.toContain("sponsor");
    expect(await onDatabase<{ name: string }>(name, "SELECT name FROM team")).toEqual([]);

    // Fixed: migrate again resumes the data step alone; the drops already ran, so nothing is asked.
    await onDatabase(name, "DROP TABLE marker");
    await t.keys("m");
    const resumed = await t.waitFor(`✓ Resumed ${version}: 1 step(s) that had not finished ran.`);
    expect(resumed).not.toContain("Confirm destructive migrate");
    await t.waitFor("Pending plan: none");
    await t.waitFor("Drift signals: none");
    await t.keys("q");
    const bye = await t.waitFor("EXIT=0");
    expect(bye).toContain(`Resumed ${version}`);
    expect(await onDatabase<{ name: string }>(name, "SELECT name FROM team")).toEqual([{ name: "first" }]);
    expect((await state(name)).driverColumns).not.toContain("nickname");
  }, 90_000);
});

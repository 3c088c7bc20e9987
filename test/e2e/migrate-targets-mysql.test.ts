/**
 * `--targets` over MariaDB / MySQL databases: one release migrated over 6 databases by one real CLI
 * process. One database fails its plan's data step (its own data makes the subquery return two
 * rows), after the schema step before it committed — MySQL has no transactional DDL, so that
 * database is left applied with one unfinished step, which the next run resumes; one is locked by
 * another session holding its GET_LOCK (LOCK_TIMEOUT). Then status and check over the same
 * targets, and a rerun once the lock is free and the data fixed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../src/dialect/connect.ts";
import { MIGRATIONS, mysqlLockName } from "../../src/dialect/mysql/mysql-lock-name.ts";
import { pormgAsync, type Run, tempDir } from "../lib/cli.ts";
import { createMysqlDatabase, dropMysqlDatabase, mysqlUrlFor } from "../lib/mysql.ts";
import { authorModels } from "./migrate-helpers.ts";

const COUNT = 6;
let names: string[] = [];
let dev = "";
let cwd = "";
const run = (args: string[]): Promise<Run> => pormgAsync(args, { cwd, env: { DEV_URL: mysqlUrlFor(dev) } });
const json = async (args: string[]) => {
  const r = await run([...args, "--json"]);
  try {
    return { code: r.code, doc: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
  } catch {
    throw new Error(`no JSON from ${args.join(" ")} (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};
const failing = () => names[1] as string;
const locked = () => names[4] as string;

interface TargetDoc {
  target: string;
  outcome: string;
  exitCode: number;
  plansApplied?: number;
  error: { code: string; message: string } | null;
}

beforeAll(async () => {
  dev = await createMysqlDatabase("tg");
  names = [];
  for (let i = 0; i < COUNT; i++) names.push(await createMysqlDatabase("tg"));
  // The failing database has two rows of its own in a table the data step reads.
  const db = await connect({ dialect: "mysql", url: mysqlUrlFor(failing()) });
  await db.execute("CREATE TABLE marker (v int) ENGINE=InnoDB");
  await db.execute("INSERT INTO marker VALUES (1), (2)");
  await db.close();
  cwd = tempDir("pormg-targets-mysql-");
  const folder = join(cwd, "db");
  mkdirSync(folder);
  writeFileSync(join(folder, "models.ts"), authorModels());
  writeFileSync(
    join(folder, "connection.yml"),
    "dev:\n  adapter: MariaDB\n  url: ${DEV_URL}\n  config:\n    change_db: true\n",
  );
  expect((await run(["makemigrations", "--name", "authors"])).code).toBe(0);
  const pending = join(folder, "migrations", "pending_migrations.sql");
  writeFileSync(
    pending,
    `${readFileSync(pending, "utf8").replace(/\n*$/, "\n")}-- step: Data (post): one author per marker\n` +
      "INSERT INTO `author` (`name`) SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.TABLES " +
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'marker') THEN (SELECT 'x' FROM information_schema.TABLES " +
      "LIMIT 2) ELSE 'first' END;\n",
  );
  const applied = await run(["migrate"]);
  expect({ code: applied.code, stderr: applied.stderr }).toMatchObject({ code: 0 });
  writeFileSync(join(cwd, "targets.txt"), `# the tenants\n${names.map((n) => mysqlUrlFor(n)).join("\n")}\n`);
}, 120_000);

afterAll(async () => {
  for (const name of [dev, ...names]) await dropMysqlDatabase(name);
}, 60_000);

describe("migrate --targets over MariaDB databases", () => {
  test("the failing one stops at its data step, the locked one times out, every other is applied", async () => {
    const holder = await connect({ dialect: "mysql", url: mysqlUrlFor(locked()) });
    const [got] = await holder.query<{ got: number }>("SELECT GET_LOCK(?, 0) AS got", [
      mysqlLockName(locked(), MIGRATIONS),
    ]);
    expect(got?.got).toBe(1);
    let doc: Record<string, unknown>;
    let code: number;
    try {
      ({ doc, code } = await json(["migrate", "--targets", "targets.txt", "--parallel", "3", "--lock-wait", "1"]));
    } finally {
      await holder.close();
    }
    expect(code).toBe(4);
    expect(doc.schema).toBe("pormg.migrate-targets/1");
    const targets = doc.targets as TargetDoc[];
    expect(targets).toHaveLength(COUNT);
    const of = (n: string) => targets.find((t) => t.target.endsWith(`/${n}`)) as TargetDoc;
    expect(of(failing())).toMatchObject({ outcome: "failed", exitCode: 1, error: { code: "STATEMENT_FAILED" } });
    expect(of(locked())).toMatchObject({ outcome: "failed", exitCode: 4, error: { code: "LOCK_TIMEOUT" } });
    for (const name of names.filter((n) => n !== failing() && n !== locked()))
      expect(of(name)).toMatchObject({ outcome: "applied", exitCode: 0, plansApplied: 1, error: null });
    // The failing database: its schema step committed (no transactional DDL), its data step did not.
    const db = await connect({ dialect: "mysql", url: mysqlUrlFor(failing()) });
    expect(await db.query("SELECT name FROM author")).toEqual([]);
    await db.close();
    const status = await json(["status", "--url", mysqlUrlFor(failing())]);
    // status names the exact step the run stopped at, and that the next migrate resumes it.
    expect(JSON.stringify(status.doc.driftSignals)).toContain(
      'step \\"Data (post): one author per marker\\" did not finish (Subquery returns more than 1 row)',
    );
  }, 180_000);

  test("once the lock is free and the data fixed: every target applied or resumed; status and check agree", async () => {
    const db = await connect({ dialect: "mysql", url: mysqlUrlFor(failing()) });
    await db.execute("DROP TABLE marker");
    await db.close();
    const r = await json(["migrate", "--targets", "targets.txt"]);
    expect(r.code).toBe(0);
    const targets = r.doc.targets as TargetDoc[];
    const of = (n: string) => targets.find((t) => t.target.endsWith(`/${n}`)) as TargetDoc;
    expect(of(locked())).toMatchObject({ outcome: "applied", plansApplied: 1 });
    expect(of(failing())).toMatchObject({ outcome: "applied", exitCode: 0 });
    expect(targets.filter((t) => t.outcome === "already_applied")).toHaveLength(COUNT - 2);
    for (const name of names) {
      const d = await connect({ dialect: "mysql", url: mysqlUrlFor(name) });
      expect({ name, rows: await d.query("SELECT name FROM author") }).toEqual({ name, rows: [{ name: "first" }] });
      await d.close();
    }
    const check = await json(["check", "--targets", "targets.txt"]);
    expect(check.code).toBe(0);
    expect((check.doc.targets as TargetDoc[]).every((t) => t.outcome === "agree")).toBe(true);
    const status = await run(["status", "--targets", "targets.txt"]);
    expect(status.code).toBe(0);
    expect(status.stdout.split("\n")[0]).toMatch(/^TARGET\s+OUTCOME\s+PLANS PENDING\s+DURATION$/);
  }, 180_000);
});

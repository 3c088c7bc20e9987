/**
 * `--targets`: one release migrated over 20 PostgreSQL databases and 5 SQLite files by one real CLI
 * process, the ordinary migrate per target, in-process, at most --parallel at once. One database
 * fails its plan (a data step that divides by zero there only) and records it failed; one is
 * locked by another session (LOCK_TIMEOUT); every other target is applied. Then status and check
 * over the same targets, and a rerun.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../src/dialect/connect.ts";
import { LOCK_KEY_SQL, migrationLockName } from "../../src/dialect/postgres/postgres-lock-holder.ts";
import { pormgAsync, type Run, tempDir } from "../lib/cli.ts";
import { databaseUrl, publicTables, withPg } from "../lib/pg-admin.ts";
import { authorModels } from "./migrate-helpers.ts";

const TAG = `fleet_tg_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
const PG_COUNT = 20;
const SQLITE_COUNT = 5;
const names = Array.from({ length: PG_COUNT }, (_, i) => `${TAG}_${String(i + 1).padStart(2, "0")}`);
const FAILING = names[6] as string;
const LOCKED = names[13] as string;
const devName = `${TAG}_dev`;

let cwd = "";
let env: Record<string, string> = {};
const run = (args: string[]): Promise<Run> => pormgAsync(args, { cwd, env });
const json = async (args: string[]) => {
  const r = await run([...args, "--json"]);
  try {
    return { code: r.code, doc: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
  } catch {
    throw new Error(`no JSON from ${args.join(" ")} (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

interface TargetDoc {
  target: string;
  kind: string;
  line: number;
  outcome: string;
  exitCode: number;
  plansApplied?: number;
  plansPending?: number;
  differences?: number;
  durationMs: number;
  error: { code: string; message: string } | null;
  result: Record<string, unknown>;
}

beforeAll(async () => {
  await withPg(async (db) => {
    for (const name of [devName, ...names]) await db.execute(`CREATE DATABASE "${name}"`);
  });
  cwd = tempDir("pormg-targets-");
  const folder = join(cwd, "db");
  mkdirSync(folder);
  writeFileSync(join(folder, "models.ts"), authorModels());
  writeFileSync(
    join(folder, "connection.yml"),
    `dev:\n  adapter: PostgreSQL\n  url: \${DEV_URL}\n  config:\n    change_db: true\n`,
  );
  env = { DEV_URL: databaseUrl(devName), TENANT_PW: "Tenant-s3cret" };
  // The PostgreSQL plan, with a data step that fails only in FAILING, applied (and archived) on dev.
  expect((await run(["makemigrations", "--name", "authors"])).code).toBe(0);
  const pending = join(folder, "migrations", "pending_migrations.sql");
  writeFileSync(
    pending,
    `${readFileSync(pending, "utf8").replace(/\n*$/, "\n")}-- step: Data (post): fails in one tenant\n` +
      `SELECT 1 / (CASE WHEN current_database() = '${FAILING}' THEN 0 ELSE 1 END);\n`,
  );
  const dev = await run(["migrate"]);
  expect({ code: dev.code, stderr: dev.stderr }).toMatchObject({ code: 0 });
  // The SQLite plan, generated and applied against a SQLite staging file.
  const staging = `sqlite:${join(cwd, "staging.sqlite")}`;
  expect((await run(["makemigrations", "--url", staging, "--name", "authors_sqlite"])).code).toBe(0);
  const st = await run(["migrate", "--url", staging]);
  expect({ code: st.code, stderr: st.stderr }).toMatchObject({ code: 0 });

  const lines = [
    "# every tenant of the service",
    ...names.map((n, i) =>
      i === 0
        ? databaseUrl(n).replace("root@", "root:${TENANT_PW}@")
        : `${databaseUrl(n)}${i === 1 ? "   # the second" : ""}`,
    ),
    "",
    ...Array.from({ length: SQLITE_COUNT }, (_, i) => `sqlite:tenants/t${i + 1}.sqlite`),
  ];
  writeFileSync(join(cwd, "targets.txt"), `${lines.join("\n")}\n`);
  mkdirSync(join(cwd, "tenants"));
}, 120_000);

afterAll(async () => {
  await withPg(async (db) => {
    for (const name of [devName, ...names]) await db.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}, 60_000);

describe("migrate --targets over 20 PostgreSQL databases and 5 SQLite files", () => {
  test("the failing one is recorded failed, the locked one times out, every other is applied; exit 4", async () => {
    const holder = await connect({ dialect: "postgresql", url: databaseUrl(LOCKED) });
    const lockName = migrationLockName("public");
    await holder.query(`SELECT pg_advisory_lock(${LOCK_KEY_SQL})`, [lockName]);
    let human: Run;
    let doc: Record<string, unknown>;
    try {
      human = await run(["migrate", "--targets", "targets.txt", "--parallel", "4", "--lock-wait", "1"]);
      // The JSON run sees the same state: everything applied, the failing one fails again, the locked one still locked.
      ({ doc } = await json(["migrate", "--targets", "targets.txt", "--parallel", "8", "--lock-wait", "1"]));
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(${LOCK_KEY_SQL})`, [lockName]);
      await holder.close();
    }
    expect(human.code).toBe(4);
    // One line per target as it finishes, each with its own indented details, never interleaved.
    const finished = human.stderr.split("\n").filter((l) => /^\[\s*\d+\/25\] [✓✗] /.test(l));
    expect(finished).toHaveLength(25);
    const failedBlock = human.stderr.slice(human.stderr.indexOf(`${FAILING}: failed (STATEMENT_FAILED)`));
    expect(failedBlock.split("\n")[1]).toMatch(/^ {4}error\[STATEMENT_FAILED\]: .*division by zero/);
    // The summary table: a header, one row per target in file order, and the tally.
    const rows = human.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^TARGET\s+OUTCOME\s+PLANS APPLIED\s+DURATION$/);
    expect(rows.slice(1, 26).map((r) => r.split(/\s{2,}/).slice(0, 3))).toEqual([
      ...names.map((n, i) => [
        i === 0 ? databaseUrl(n).replace("root@", "root:***@") : databaseUrl(n),
        n === FAILING ? "failed (STATEMENT_FAILED)" : n === LOCKED ? "failed (LOCK_TIMEOUT)" : "applied",
        n === FAILING || n === LOCKED ? "0" : "1",
      ]),
      ...Array.from({ length: SQLITE_COUNT }, (_, i) => [`sqlite:tenants/t${i + 1}.sqlite`, "applied", "1"]),
    ]);
    expect(rows.at(-1)).toMatch(/^25 targets: 23 applied, 2 failed; [\d.]+ s with --parallel 4; exit 4\.$/);
    expect(human.stdout + human.stderr).not.toContain("Tenant-s3cret");

    // --json: the same facts, schema pormg.migrate-targets/1; the second run finds the applied ones done.
    expect(doc.schema).toBe("pormg.migrate-targets/1");
    const targets = doc.targets as TargetDoc[];
    expect(targets).toHaveLength(25);
    expect(JSON.stringify(doc)).not.toContain("Tenant-s3cret");
    for (const t of targets) {
      const name = names.find((n) => t.target.endsWith(`/${n}`));
      if (name === FAILING)
        expect(t).toMatchObject({
          outcome: "failed",
          exitCode: 1,
          plansApplied: 0,
          error: { code: "STATEMENT_FAILED" },
        });
      else if (name === LOCKED)
        expect(t).toMatchObject({ outcome: "failed", exitCode: 4, plansApplied: 0, error: { code: "LOCK_TIMEOUT" } });
      else expect(t).toMatchObject({ outcome: "already_applied", exitCode: 0, plansApplied: 0, error: null });
      expect(t.result.schema).toBe("pormg.migrate/1");
    }
    expect(doc.summary).toMatchObject({
      total: 25,
      parallel: 8,
      exitCode: 4,
      outcomes: { already_applied: 23, failed: 2 },
    });

    // The databases themselves: the failing one has no table and a failed event; the others have the table.
    for (const name of names) {
      const tables = await publicTables(databaseUrl(name));
      if (name === FAILING || name === LOCKED)
        expect({ name, has: tables.includes("author") }).toEqual({ name, has: false });
      else expect({ name, has: tables.includes("author") }).toEqual({ name, has: true });
    }
    const failedStatus = await json(["status", "--url", databaseUrl(FAILING)]);
    expect((failedStatus.doc.failed as unknown[]).length).toBeGreaterThanOrEqual(1);
  }, 180_000);

  test("once the lock is free: the locked one is applied, the failing one still fails (exit 1); status and check --targets", async () => {
    const r = await json(["migrate", "--targets", "targets.txt"]);
    expect(r.code).toBe(1);
    const targets = r.doc.targets as TargetDoc[];
    const byName = (n: string) => targets.find((t) => t.target.endsWith(`/${n}`)) as TargetDoc;
    expect(byName(LOCKED)).toMatchObject({ outcome: "applied", plansApplied: 1 });
    expect(byName(FAILING)).toMatchObject({ outcome: "failed", exitCode: 1 });
    expect(targets.filter((t) => t.outcome === "already_applied")).toHaveLength(23);

    const check = await json(["check", "--targets", "targets.txt", "--parallel", "8"]);
    expect(check.doc.schema).toBe("pormg.check-targets/1");
    expect(check.code).toBe(2);
    const checked = check.doc.targets as TargetDoc[];
    expect(checked.filter((t) => t.outcome === "agree")).toHaveLength(24);
    expect(checked.find((t) => t.target.endsWith(`/${FAILING}`))).toMatchObject({ outcome: "drift", exitCode: 2 });
    const plain = await run(["check", "--targets", "targets.txt"]);
    const drifting = plain.stderr.slice(plain.stderr.indexOf(`${FAILING}: drift,`)).split("\n");
    expect(drifting[1]).toBe("    author: table is missing in the database");

    const status = await run(["status", "--targets", "targets.txt"]);
    expect(status.code).toBe(0);
    expect(status.stdout.split("\n")[0]).toMatch(/^TARGET\s+OUTCOME\s+PLANS PENDING\s+DURATION$/);
    expect(status.stdout).toMatch(new RegExp(`${FAILING}\\s+(pending|attention)`));
  }, 180_000);
});

describe("--targets refuses bad input before touching any database", () => {
  test("an unset variable, --url beside it, a bad --parallel, environments without connection.yml", async () => {
    const bad = tempDir("pormg-targets-bad-");
    mkdirSync(join(bad, "db"));
    writeFileSync(join(bad, "db", "models.ts"), authorModels());
    writeFileSync(join(bad, "t.txt"), "postgres://u:${UNSET_PW}@h/d\n");
    writeFileSync(join(bad, "envs.txt"), "prod\n");
    const go = (args: string[]) => pormgAsync(args, { cwd: bad });
    const unset = await go(["migrate", "--targets", "t.txt"]);
    expect(unset.code).toBe(78);
    expect(unset.stderr).toContain("t.txt:1: ${UNSET_PW}: the variable UNSET_PW is not set");
    expect((await go(["migrate", "--targets", "t.txt", "--url", "sqlite:x.sqlite"])).code).toBe(64);
    expect((await go(["migrate", "--targets", "t.txt", "--parallel", "0"])).code).toBe(64);
    const planned = await go(["migrate", "--targets", "t.txt", "--plan"]);
    expect(planned.code).toBe(64);
    expect(planned.stderr).toContain("--plan and --targets exclude each other");
    const alone = await go(["status", "--parallel", "2"]);
    expect(alone.code).toBe(64);
    expect(alone.stderr).toContain("--parallel applies only with --targets");
    expect((await go(["migrate", "--targets", "t.txt", "--targets", "t.txt"])).code).toBe(64);
    expect((await go(["status", "--targets", "missing.txt"])).code).toBe(64);
    const envs = await go(["check", "--targets", "envs.txt"]);
    expect(envs.code).toBe(78);
    expect(envs.stderr).toContain('envs.txt:1: names the environment "prod", but db/connection.yml does not exist');
  }, 60_000);
});

/**
 * A plan whose steps are ALL non-transactional (MySQL: every DDL statement commits on its own),
 * through the generic engine: `migrate` commits the plan's `planned` event, runs a transaction
 * that holds only the `applied` event, then every step on its own after it, each recorded by a
 * `step_applied` event; a failed step stops the run with the earlier steps committed, and the next
 * `migrate` resumes at the failed step. On the SQLite-backed test dialect without transactional
 * DDL (test/fixtures/autocommit-dialect.ts), real SQLite files.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { offerPormgModule } from "../../../src/api/pormg-module.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { registerDialect } from "../../../src/dialect/dialect.ts";
import { loadConfig } from "../../../src/dialect/load-config.ts";
import { dryRun } from "../../../src/use-cases/dry-run.ts";
import { makemigrations } from "../../../src/use-cases/makemigrations.ts";
import { migrate } from "../../../src/use-cases/migrate.ts";
import { readHistory } from "../../../src/use-cases/migrate-checks.ts";
import { AUTOCOMMIT, autocommitDialect, statementLog } from "../../fixtures/autocommit-dialect.ts";
import { tempDir } from "../../lib/cli.ts";

offerPormgModule();

const models = (fields: string) => `import { Models } from "pormg";
export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
${fields}});
`;

describe("a plan with no transactional step (no transactional DDL)", () => {
  let unregister: () => void;
  let cwd: string;
  let folder: string;
  let file: string;
  beforeAll(() => {
    unregister = registerDialect(autocommitDialect);
  });
  afterAll(() => unregister());
  beforeEach(() => {
    cwd = tempDir("pormg-autocommit-");
    folder = join(cwd, "db");
    file = join(folder, "app.sqlite");
    mkdirSync(folder);
    writeFileSync(
      join(folder, "connection.yml"),
      `dev:\n  adapter: ${AUTOCOMMIT}\n  database: app.sqlite\n  config:\n    change_db: true\n`,
    );
    statementLog.length = 0;
  });

  const config = () => loadConfig({ folder, environ: {} });
  const raw = () => connect({ dialect: "sqlite", path: file });

  test("migrate runs every step after a transaction holding only the applied event, each recorded", async () => {
    writeFileSync(join(folder, "models.ts"), models(""));
    expect(config().dialect).toBe(AUTOCOMMIT);
    await makemigrations(config());
    const result = await migrate(config());
    expect(result.outcome).toBe("applied");
    const version = result.applied[0]?.version as string;

    // Inside a transaction: pormg's own statements only, never the plan's CREATE TABLE.
    const inside = statementLog.filter((s) => s.inTransaction).map((s) => s.sql);
    expect(inside.some((sql) => /CREATE TABLE\s+"?author/i.test(sql))).toBe(false);
    const created = statementLog.find((s) => /CREATE TABLE\s+"?author/i.test(s.sql));
    expect(created?.inTransaction).toBe(false);

    const db = await raw();
    try {
      const state = await readHistory(db);
      const v = state.versions.get(version);
      expect(v?.status).toBe("applied");
      expect(v?.steps.map((s) => [s.stepIndex, s.ok])).toEqual([[0, true]]);
      expect(await db.query("SELECT name FROM author")).toEqual([]);
    } finally {
      await db.close();
    }
    // Nothing left to do.
    expect(["nothing_pending", "already_applied"]).toContain((await migrate(config())).outcome);
    rmSync(cwd, { recursive: true, force: true });
  }, 30_000);

  test("dry-run --verify runs the whole plan on the sandbox's copy and finds no difference", async () => {
    writeFileSync(join(folder, "models.ts"), models(""));
    await makemigrations(config());
    const result = await dryRun(config(), { verify: true });
    expect(result.verify?.ok).toBe(true);
    expect(result.verify?.statements).toBeGreaterThan(0);
    expect(result.verify?.nonTransactional).toEqual([]);
    const db = await raw();
    try {
      expect(await db.query("SELECT name FROM sqlite_master WHERE name = 'author'")).toEqual([]);
    } finally {
      await db.close();
    }
    rmSync(cwd, { recursive: true, force: true });
  }, 30_000);

  test("a failed step leaves the earlier ones committed; the next migrate resumes at it", async () => {
    writeFileSync(join(folder, "models.ts"), models(""));
    await makemigrations(config());
    await migrate(config());
    // A new file, not a rewrite: a module imported in this process is cached by its path.
    writeFileSync(join(folder, "models2.ts"), models("  bio: Models.TextField({ null: true }),\n"));
    writeFileSync(
      join(folder, "connection.yml"),
      `dev:\n  adapter: ${AUTOCOMMIT}\n  database: app.sqlite\n  config:\n    change_db: true\n    model_file: models2.ts\n`,
    );
    await makemigrations(config());
    // A hand-written step of its own, after the generated one: it fails while author 1 exists.
    const pending = join(folder, "migrations", "pending_migrations.sql");
    const text = readFileSync(pending, "utf8");
    expect(text).toContain('"transactional":false');
    writeFileSync(
      pending,
      `${text.replace(/\n*$/, "\n")}-- step: Data (post): seed\n-- pormg-step-flags: {"transactional":false}\n` +
        "INSERT INTO author (id, name) VALUES (1, 'seeded');\n",
    );
    const db = await raw();
    await db.execute("INSERT INTO author (id, name) VALUES (1, 'by hand')");
    const failure = await migrate(config()).catch((e: unknown) => e);
    expect(isPormgError(failure, "STATEMENT_FAILED")).toBe(true);
    expect((failure as { details: { committed?: boolean } }).details.committed).toBe(true);
    expect((failure as Error).message).toContain("commits on its own");
    const columns = async () =>
      (await db.query<{ name: string }>("SELECT name FROM pragma_table_info('author')")).map((r) => r.name);
    expect(await columns()).toEqual(["id", "name", "bio"]);
    const state = await readHistory(db);
    const version = [...state.versions.keys()].at(-1) as string;
    expect(state.versions.get(version)?.status).toBe("applied");
    expect(state.versions.get(version)?.steps.map((s) => [s.stepIndex, s.ok])).toEqual([
      [0, true],
      [1, false],
    ]);

    await db.execute("DELETE FROM author");
    statementLog.length = 0;
    const resumed = await migrate(config());
    expect(resumed.outcome).toBe("applied");
    // Only the failed step ran again.
    expect(statementLog.filter((s) => /ALTER TABLE/i.test(s.sql))).toEqual([]);
    expect(await db.query("SELECT id, name, bio FROM author")).toEqual([{ id: 1, name: "seeded", bio: null }]);
    const after = await readHistory(db);
    expect(after.versions.get(version)?.steps.map((s) => [s.stepIndex, s.ok])).toEqual([
      [0, true],
      [1, true],
    ]);
    await db.close();
    expect(["nothing_pending", "already_applied"]).toContain((await migrate(config())).outcome);
    rmSync(cwd, { recursive: true, force: true });
  }, 30_000);

  test("a data step runs after the schema steps before it, in a transaction of its own: whole or not at all", async () => {
    writeFileSync(join(folder, "models.ts"), models(""));
    await makemigrations(config());
    await migrate(config());
    writeFileSync(join(folder, "models3.ts"), models("  bio: Models.TextField({ null: true }),\n"));
    writeFileSync(
      join(folder, "connection.yml"),
      `dev:\n  adapter: ${AUTOCOMMIT}\n  database: app.sqlite\n  config:\n    change_db: true\n    model_file: models3.ts\n`,
    );
    await makemigrations(config());
    // A transactional Data (post) step (no flags) that reads the column the schema step adds; its
    // second statement fails while author 2 exists, after its first changed a row.
    const pending = join(folder, "migrations", "pending_migrations.sql");
    writeFileSync(
      pending,
      `${readFileSync(pending, "utf8").replace(/\n*$/, "\n")}-- step: Data (post): fill bios\n` +
        "UPDATE author SET bio = 'filled' WHERE bio IS NULL;\n" +
        "INSERT INTO author (id, name) VALUES (2, 'second');\n",
    );
    const db = await raw();
    await db.execute("INSERT INTO author (id, name) VALUES (1, 'one'), (2, 'two')");
    const failure = await migrate(config()).catch((e: unknown) => e);
    expect(isPormgError(failure, "STATEMENT_FAILED")).toBe(true);
    // The schema step committed; the data step's UPDATE was rolled back with its failed INSERT.
    expect(await db.query("SELECT id, bio FROM author ORDER BY id")).toEqual([
      { id: 1, bio: null },
      { id: 2, bio: null },
    ]);
    const update = statementLog.find((s) => /UPDATE author/.test(s.sql));
    expect(update?.inTransaction).toBe(true);

    await db.execute("DELETE FROM author WHERE id = 2");
    const resumed = await migrate(config());
    expect(resumed.outcome).toBe("applied");
    expect(await db.query("SELECT id, name, bio FROM author ORDER BY id")).toEqual([
      { id: 1, name: "one", bio: "filled" },
      { id: 2, name: "second", bio: null },
    ]);
    await db.close();
    rmSync(cwd, { recursive: true, force: true });
  }, 30_000);
});

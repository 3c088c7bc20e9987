import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { verifyPlan } from "../../../src/apply/verify-plan.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { withoutConcurrently } from "../../../src/dialect/postgres/postgres-execution.ts";
import { introspectPostgres } from "../../../src/dialect/postgres/postgres-introspect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { createTestSchema, PG_URL } from "../introspect/postgres-helpers.ts";
import { count, sqliteFile, sqliteSchemaOf, step } from "./apply-helpers.ts";

const PG_BEFORE = `
CREATE TABLE "customer" ("id" integer PRIMARY KEY, "email" varchar(80));
INSERT INTO "customer" VALUES (1, 'a@x'), (2, NULL), (3, 'c@x');`;
const PG_AFTER = `
CREATE TABLE "customer" ("id" integer PRIMARY KEY, "email" varchar(80), "active" boolean NOT NULL DEFAULT true);
CREATE INDEX "customer_email_idx" ON "customer" ("email");
CREATE TABLE "invoice" ("id" integer PRIMARY KEY, "customer_id" integer NOT NULL);
ALTER TABLE "invoice" ADD CONSTRAINT "invoice_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE;`;
const PG_PLAN = [
  step("customer | Add field: active", 'ALTER TABLE "customer" ADD COLUMN "active" boolean NOT NULL DEFAULT true;'),
  step("invoice | Create table", 'CREATE TABLE "invoice" ("id" integer PRIMARY KEY, "customer_id" integer NOT NULL);'),
  step(
    "invoice | Add foreign key",
    'ALTER TABLE "invoice" ADD CONSTRAINT "invoice_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE;',
  ),
  step("customer | Add index", 'CREATE INDEX CONCURRENTLY "customer_email_idx" ON "customer" ("email");', {
    transactional: false,
  }),
];

/** Runs `body` with a schema holding PG_BEFORE and the schema PG_AFTER introspects to. */
async function withPostgres(
  body: (schema: string, expected: Awaited<ReturnType<typeof introspectPostgres>>["schema"]) => Promise<void>,
) {
  const db = await createTestSchema();
  const models = await createTestSchema();
  try {
    await db.run(PG_BEFORE);
    await models.run(PG_AFTER);
    const expected = (await introspectPostgres(models.driver, { schema: models.name, ignoreTables: [] })).schema;
    const before = await db.introspect();
    await body(db.name, expected);
    const after = await db.introspect();
    // Nothing the verify did survives: same schema, same rows.
    expect(after.schema).toEqual(before.schema);
    expect(await count(db.driver, "SELECT count(*) AS n FROM customer WHERE email IS NULL")).toBe(1);
  } finally {
    await db.dispose();
    await models.dispose();
  }
}

describe("verifyPlan on postgresql", () => {
  test("a plan that reaches the models verifies ok, and the database is left as it was", () =>
    withPostgres(async (schema, expected) => {
      const report = await verifyPlan({ dialect: "postgresql", url: PG_URL }, PG_PLAN, expected, {
        dialect: postgresDialect,
        schema,
        lockTimeoutSeconds: 5,
      });
      expect(report).toMatchObject({
        ok: true,
        differences: [],
        statements: 4,
        nonTransactional: [{ stepIndex: 3, label: "customer | Add index", how: "rewritten" }],
      });
      expect(report.failedStatement).toBeUndefined();
    }));

  test("a plan that fails on existing rows reports its first failing statement", () =>
    withPostgres(async (schema, expected) => {
      const plan = [
        ...PG_PLAN,
        step("customer | Alter field: email", 'ALTER TABLE "customer" ALTER COLUMN "email" SET NOT NULL;'),
        step("never", "SELECT 1/0;"),
      ];
      const report = await verifyPlan({ dialect: "postgresql", url: PG_URL }, plan, expected, {
        dialect: postgresDialect,
        schema,
      });
      expect(report.ok).toBe(false);
      expect(report.failedStatement).toMatchObject({
        stepIndex: 4,
        label: "customer | Alter field: email",
        sql: 'ALTER TABLE "customer" ALTER COLUMN "email" SET NOT NULL',
        code: "23502",
      });
      expect(report.failedStatement?.error).toContain('column "email"');
    }));

  test("a plan that does not reach the models reports the differences", () =>
    withPostgres(async (schema, expected) => {
      const report = await verifyPlan({ dialect: "postgresql", url: PG_URL }, PG_PLAN.slice(0, 2), expected, {
        dialect: postgresDialect,
        schema,
      });
      expect(report.ok).toBe(false);
      expect(report.failedStatement).toBeUndefined();
      expect(report.differences.map((d) => `${d.table}: ${d.what}`).sort()).toEqual([
        "customer: index (email) is missing in the database",
        "invoice: foreign key (customer_id) → customer(id) on delete cascade on update no action is missing in the database",
      ]);
    }));

  test("steps that are neither transactional nor a CONCURRENTLY index are skipped and said so", () =>
    withPostgres(async (schema, expected) => {
      const plan = [...PG_PLAN, step("vacuum", "VACUUM customer;", { transactional: false })];
      const report = await verifyPlan({ dialect: "postgresql", url: PG_URL }, plan, expected, {
        dialect: postgresDialect,
        schema,
      });
      expect(report.ok).toBe(true);
      expect(report.nonTransactional).toEqual([
        { stepIndex: 3, label: "customer | Add index", how: "rewritten" },
        { stepIndex: 4, label: "vacuum", how: "skipped" },
      ]);
    }));
});

const LITE_BEFORE = `
CREATE TABLE "artist" ("id" INTEGER PRIMARY KEY, "name" TEXT);
CREATE TABLE "album" ("id" INTEGER PRIMARY KEY, "artist_id" INTEGER REFERENCES "artist" ("id") ON DELETE CASCADE);
INSERT INTO artist VALUES (1, 'a'), (2, NULL);
INSERT INTO album VALUES (10, 1), (11, 2);`;
const LITE_AFTER = `
CREATE TABLE "artist" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);
CREATE TABLE "album" ("id" INTEGER PRIMARY KEY, "artist_id" INTEGER REFERENCES "artist" ("id") ON DELETE CASCADE, "title" TEXT);`;
const LITE_REBUILD = [
  'CREATE TABLE "artist_new" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);',
  'INSERT INTO "artist_new" ("id", "name") SELECT "id", "name" FROM "artist";',
  'DROP TABLE "artist";',
  'ALTER TABLE "artist_new" RENAME TO "artist";',
].join("\n");

describe("verifyPlan on sqlite", () => {
  async function withSqlite(body: (path: string) => Promise<void>, prepare = "") {
    const file = await sqliteFile(LITE_BEFORE + prepare);
    try {
      const hash = file.hash();
      await body(file.path);
      expect(file.hash()).toBe(hash);
    } finally {
      file.dispose();
    }
  }
  const addTitle = step("album | Add field: title", 'ALTER TABLE "album" ADD COLUMN "title" TEXT;');
  const rebuildArtist = step("artist | Alter table", LITE_REBUILD, { rebuild: { table: "artist" } });

  test("a plan that reaches the models verifies ok on a copy, and the file is byte-identical", () =>
    withSqlite(async (path) => {
      const report = await verifyPlan(
        { dialect: "sqlite", path },
        [addTitle, rebuildArtist],
        await sqliteSchemaOf(LITE_AFTER),
        { dialect: sqliteDialect },
      );
      expect(report).toMatchObject({ ok: true, differences: [], statements: 5, nonTransactional: [] });
    }, "UPDATE artist SET name = 'b' WHERE id = 2;"));

  test("a plan that fails on existing rows reports its first failing statement", () =>
    withSqlite(async (path) => {
      const report = await verifyPlan(
        { dialect: "sqlite", path },
        [addTitle, rebuildArtist],
        await sqliteSchemaOf(LITE_AFTER),
        { dialect: sqliteDialect },
      );
      expect(report.ok).toBe(false);
      expect(report.failedStatement).toMatchObject({
        stepIndex: 1,
        label: "artist | Alter table",
        sql: 'INSERT INTO "artist_new" ("id", "name") SELECT "id", "name" FROM "artist"',
      });
      expect(report.failedStatement?.error).toContain("NOT NULL constraint failed");
    }));

  test("a lossy rebuild is reported as the failure", () =>
    withSqlite(async (path) => {
      const lossy = step(
        "artist | Alter table",
        LITE_REBUILD.replace('FROM "artist";', 'FROM "artist" WHERE "name" IS NOT NULL;'),
        {
          rebuild: { table: "artist" },
        },
      );
      const report = await verifyPlan(
        { dialect: "sqlite", path },
        [addTitle, lossy],
        await sqliteSchemaOf(LITE_AFTER),
        {
          dialect: sqliteDialect,
        },
      );
      expect(report.ok).toBe(false);
      expect(report.failedStatement?.stepIndex).toBe(1);
      expect(report.failedStatement?.error).toContain('changed the row count of "artist" from 2 to 1');
    }));

  test("a plan that does not reach the models reports the differences", () =>
    withSqlite(async (path) => {
      const report = await verifyPlan({ dialect: "sqlite", path }, [addTitle], await sqliteSchemaOf(LITE_AFTER), {
        dialect: sqliteDialect,
      });
      expect(report.ok).toBe(false);
      expect(report.differences).toEqual([
        { table: "artist", column: "name", what: "nullability: models NOT NULL, database NULL" },
      ]);
    }));

  test("a database file that does not exist yet verifies from an empty database", async () => {
    const file = await sqliteFile("");
    try {
      const path = `${file.path}.missing`;
      const create = step(
        "artist | Create table",
        'CREATE TABLE "artist" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);',
      );
      const expected = await sqliteSchemaOf('CREATE TABLE "artist" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);');
      const report = await verifyPlan({ dialect: "sqlite", path }, [create], expected, { dialect: sqliteDialect });
      expect(report).toMatchObject({ ok: true, statements: 1 });
      expect(existsSync(path)).toBe(false);
    } finally {
      file.dispose();
    }
  });
});

describe("withoutConcurrently", () => {
  test("drops CONCURRENTLY from index statements, keeps what runs in a transaction as it is", () => {
    const s = (sql: string) => step("x", sql, { transactional: false });
    expect(
      withoutConcurrently(s('CREATE UNIQUE INDEX CONCURRENTLY "i" ON "t" ("a");\nDROP INDEX CONCURRENTLY "j";')),
    ).toEqual(step("x", 'CREATE UNIQUE INDEX  "i" ON "t" ("a");\nDROP INDEX  "j";'));
    expect(withoutConcurrently(s('CREATE INDEX CONCURRENTLY IF NOT EXISTS "i" ON "t" ("a");'))?.sql).toBe(
      'CREATE INDEX  IF NOT EXISTS "i" ON "t" ("a");',
    );
    expect(withoutConcurrently(s("REINDEX INDEX CONCURRENTLY i;"))).toBeNull();
    expect(withoutConcurrently(s("VACUUM t;"))).toBeNull();
    // A statement that runs in a transaction as it is (an online step's VALIDATE …) is kept unchanged.
    expect(withoutConcurrently(s('CREATE INDEX "concurrently" ON t (a);'))).toEqual(
      step("x", 'CREATE INDEX "concurrently" ON t (a);'),
    );
    expect(withoutConcurrently(s('ALTER TABLE "t" VALIDATE CONSTRAINT "c";'))).toEqual(
      step("x", 'ALTER TABLE "t" VALIDATE CONSTRAINT "c";'),
    );
    expect(withoutConcurrently(s('ALTER TABLE "t" VALIDATE CONSTRAINT "c";\nVACUUM t;'))).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { executeInTransaction, executePlan } from "../../../src/apply/execute-plan.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { createTestSchema, PG_URL, type TestSchema } from "../introspect/postgres-helpers.ts";
import { caught, count, step } from "./apply-helpers.ts";

let db: TestSchema;
beforeEach(async () => {
  db = await createTestSchema();
});
afterEach(async () => {
  await db.dispose();
});

const tableCount = (name: string) =>
  count(
    db.driver,
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '${db.name}' AND table_name = '${name}'`,
  );

describe("postgresql: executePlan", () => {
  test("runs every step in order, statement by statement, and reports it", async () => {
    const seen: number[] = [];
    const report = await executePlan(
      db.driver,
      postgresDialect,
      [
        step("artist | Create table", 'CREATE TABLE "artist" ("id" integer PRIMARY KEY, "name" text);'),
        step(
          "album | Create table",
          'CREATE TABLE "album" ("id" integer PRIMARY KEY, "artist_id" integer);\n' +
            'ALTER TABLE "album" ADD CONSTRAINT "album_artist_fk" FOREIGN KEY ("artist_id") REFERENCES "artist" ("id");',
        ),
        step("Data: seed", "INSERT INTO artist VALUES (1, 'a; b'); INSERT INTO album VALUES (10, 1);"),
      ],
      { schema: db.name, lockTimeoutSeconds: 5, statementTimeoutSeconds: 30, onProgress: (i) => seen.push(i) },
    );
    expect(report).toMatchObject({ statements: 5, steps: 3, nonTransactional: [] });
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect(seen).toEqual([0, 1, 2]);
    expect(await count(db.driver, "SELECT count(*) AS n FROM album JOIN artist ON artist.id = album.artist_id")).toBe(
      1,
    );
    expect(await count(db.driver, "SELECT count(*) AS n FROM artist WHERE name = 'a; b'")).toBe(1);
  });

  test("lock_timeout bounds how long DDL waits for a lock", async () => {
    await db.run('CREATE TABLE "busy" ("id" integer)');
    const other = await connect({ dialect: "postgresql", url: PG_URL });
    try {
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => {};
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = other.transaction(async (tx) => {
        await tx.execute(`LOCK TABLE "${db.name}"."busy" IN ACCESS EXCLUSIVE MODE`);
        locked();
        await held;
      });
      await lockTaken;
      const started = performance.now();
      const error = await caught(() =>
        executePlan(
          db.driver,
          postgresDialect,
          [step("busy | Add field", 'ALTER TABLE "busy" ADD COLUMN "x" integer;')],
          {
            schema: db.name,
            lockTimeoutSeconds: 0.2,
            lockRetries: 0,
          },
        ),
      );
      release();
      await holder;
      expect(error.details).toMatchObject({ code: "55P03", stepIndex: 0 });
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await other.close();
    }
  });

  test("statement_timeout cancels a statement that runs too long", async () => {
    const error = await caught(() =>
      executePlan(db.driver, postgresDialect, [step("Data: slow", "SELECT pg_sleep(5);")], {
        statementTimeoutSeconds: 0.1,
      }),
    );
    expect(error.details).toMatchObject({ code: "57014", stepIndex: 0 });
  });

  test("non-transactional steps run after the commit, one statement at a time", async () => {
    const steps = [
      step("t | Create table", 'CREATE TABLE "t" ("id" integer, "v" integer);'),
      step(
        "t | Index v",
        'CREATE INDEX CONCURRENTLY "t_v_idx" ON "t" ("v");\nCREATE INDEX CONCURRENTLY "t_id_idx" ON "t" ("id");',
        {
          transactional: false,
        },
      ),
      step("t | Data", "INSERT INTO t VALUES (1, 2);"),
    ];
    const searchPath = () => db.driver.query<{ p: string }>("SELECT current_setting('search_path') AS p");
    // A search_path other than the plan's schema, to see the executor put it back.
    await db.run("SET search_path TO pg_catalog");
    const before = await searchPath();
    const order: number[] = [];
    const report = await executePlan(db.driver, postgresDialect, steps, {
      schema: db.name,
      onProgress: (i) => order.push(i),
    });
    expect(order).toEqual([0, 2, 1]);
    expect(report).toMatchObject({
      statements: 4,
      steps: 3,
      nonTransactional: [{ stepIndex: 1, label: "t | Index v", ok: true }],
    });
    expect(await count(db.driver, `SELECT count(*) AS n FROM pg_indexes WHERE schemaname = '${db.name}'`)).toBe(2);
    expect(await searchPath()).toEqual(before);
  });

  test("a failing non-transactional step reports that the transaction was committed", async () => {
    const steps = [
      step("t | Create table", 'CREATE TABLE "t" ("id" integer);'),
      step("t | Index id", 'CREATE INDEX CONCURRENTLY "t_id_idx" ON "t" ("id");', { transactional: false }),
      step("t | Index nope", 'CREATE INDEX CONCURRENTLY "t_nope_idx" ON "t" ("nope");', { transactional: false }),
    ];
    const error = await caught(() => executePlan(db.driver, postgresDialect, steps, { schema: db.name }));
    expect(error.code).toBe("STATEMENT_FAILED");
    expect(error.details).toMatchObject({
      stepIndex: 2,
      committed: true,
      nonTransactional: [
        { stepIndex: 1, ok: true },
        { stepIndex: 2, ok: false },
      ],
    });
    expect(error.message).toContain("already committed");
    expect(await tableCount("t")).toBe(1);
  });

  test("executeInTransaction runs inside the caller's transaction and defers non-transactional steps", async () => {
    const steps = [
      step("t | Create table", 'CREATE TABLE "t" ("id" integer);'),
      step("t | Index", 'CREATE INDEX CONCURRENTLY "t_idx" ON "t" ("id");', { transactional: false }),
    ];
    const report = await db.driver.transaction(async (tx) => {
      const r = await executeInTransaction(tx, postgresDialect, steps, { schema: db.name, lockTimeoutSeconds: 1 });
      const [row] = await tx.query<{ t: string }>("SELECT current_setting('lock_timeout') AS t");
      expect(row?.t).toBe("1s");
      await tx.execute("CREATE TABLE caller_row (id integer)");
      return r;
    });
    expect(report).toEqual({ statements: 1, steps: 1, deferred: [1] });
    expect(await tableCount("t")).toBe(1);
    expect(await tableCount("caller_row")).toBe(1);
    // The plan's 1 s was transaction-local: the session is back at pormg's own default.
    const [row] = await db.driver.query<{ t: string }>("SELECT current_setting('lock_timeout') AS t");
    expect(row?.t).toBe("5s");
  });
});

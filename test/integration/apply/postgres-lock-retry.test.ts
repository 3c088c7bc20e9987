/**
 * The executor's retries after a lock timeout on PostgreSQL (src/apply/lock-retry.ts): a plan
 * behind a session that holds a table lock is rolled back and run again with backoff until the
 * lock is free, or fails with LOCK_TIMEOUT counting its retries; a non-transactional step is
 * retried on its own; a statement_timeout is never retried.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { executePlan } from "../../../src/apply/execute-plan.ts";
import type { LockRetry } from "../../../src/apply/lock-retry.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { createTestSchema, PG_URL, type TestSchema } from "../introspect/postgres-helpers.ts";
import { caught, count, step } from "./apply-helpers.ts";

let db: TestSchema;
let other: Driver;
beforeEach(async () => {
  db = await createTestSchema();
  other = await connect({ dialect: "postgresql", url: PG_URL });
  await db.run('CREATE TABLE "busy" ("id" integer)');
});
afterEach(async () => {
  await other.execute("ROLLBACK").catch(() => {});
  await other.close();
  await db.dispose();
});

/** Locks `busy` on the other session, in an open transaction; the returned function ends it. */
async function hold(mode: string): Promise<() => Promise<void>> {
  await other.execute(`BEGIN; LOCK TABLE "${db.name}"."busy" IN ${mode} MODE`);
  return () => other.execute("ROLLBACK");
}

const columns = () =>
  count(
    db.driver,
    `SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = '${db.name}' AND table_name = 'busy'`,
  );

describe("postgresql: retries after a lock timeout", () => {
  test("the plan's transaction is rolled back and run again until the lock is free", async () => {
    const release = await hold("ACCESS SHARE");
    setTimeout(() => void release(), 1200);
    const retries: LockRetry[] = [];
    const report = await executePlan(
      db.driver,
      postgresDialect,
      [
        step("other | Create table", 'CREATE TABLE "other" ("id" integer);'),
        step("busy | Add field", 'ALTER TABLE "busy" ADD COLUMN "x" integer;'),
      ],
      { schema: db.name, lockTimeoutSeconds: 0.2, lockRetries: 10, onLockRetry: (r) => retries.push(r) },
    );
    expect(report.lockRetries).toBeGreaterThanOrEqual(1);
    expect(retries.map((r) => r.retry)).toEqual([...Array(report.lockRetries).keys()].map((i) => i + 1));
    expect(retries.every((r) => r.of === 10 && r.delayMs > 0)).toBe(true);
    expect(await columns()).toBe(2);
  });

  test("when the retries are spent it fails with LOCK_TIMEOUT counting them, and nothing is applied", async () => {
    const release = await hold("ACCESS SHARE");
    const retries: LockRetry[] = [];
    const started = performance.now();
    const error = await caught(() =>
      executePlan(
        db.driver,
        postgresDialect,
        [
          step("other | Create table", 'CREATE TABLE "other" ("id" integer);'),
          step("busy | Add field", 'ALTER TABLE "busy" ADD COLUMN "x" integer;'),
        ],
        { schema: db.name, lockTimeoutSeconds: 0.2, lockRetries: 2, onLockRetry: (r) => retries.push(r) },
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    await release();
    expect(error.code).toBe("LOCK_TIMEOUT");
    expect(error.details).toMatchObject({ code: "55P03", stepIndex: 1, lockRetries: 2 });
    expect(error.message).toContain("retried 2 time(s)");
    expect(retries).toHaveLength(2);
    // Three attempts of 0.2 s and two backoffs of 125–375 ms and 250–750 ms.
    expect(seconds).toBeGreaterThan(0.9);
    expect(seconds).toBeLessThan(4);
    expect(await columns()).toBe(1);
    const tables = await count(
      db.driver,
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '${db.name}' AND table_name = 'other'`,
    );
    expect(tables).toBe(0);
  });

  test("a non-transactional step is retried on its own", async () => {
    const release = await hold("ACCESS EXCLUSIVE");
    setTimeout(() => void release(), 1000);
    const report = await executePlan(
      db.driver,
      postgresDialect,
      [step("busy | Index", 'CREATE INDEX CONCURRENTLY "busy_id" ON "busy" ("id");', { transactional: false })],
      { schema: db.name, lockTimeoutSeconds: 0.2, lockRetries: 10 },
    );
    expect(report.lockRetries).toBeUndefined();
    expect(report.nonTransactional).toHaveLength(1);
    expect(report.nonTransactional[0]?.ok).toBe(true);
    expect(report.nonTransactional[0]?.lockRetries).toBeGreaterThanOrEqual(1);
    const valid = await count(
      db.driver,
      `SELECT count(*) AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'busy_id' AND i.indisvalid`,
    );
    expect(valid).toBe(1);
  });

  test("a statement_timeout is not retried", async () => {
    const retries: LockRetry[] = [];
    const error = await caught(() =>
      executePlan(db.driver, postgresDialect, [step("Data: slow", "SELECT pg_sleep(5);")], {
        statementTimeoutSeconds: 0.1,
        lockRetries: 5,
        onLockRetry: (r) => retries.push(r),
      }),
    );
    expect(error.details).toMatchObject({ code: "57014" });
    expect(retries).toHaveLength(0);
  });

  test("lockTimeoutSeconds 0 means no lock timeout; undefined means 3 s", async () => {
    const settings = async (options: { lockTimeoutSeconds?: number }) => {
      let seen = "";
      await executePlan(
        db.driver,
        postgresDialect,
        [step("Data: read", "SELECT 1;")],
        { ...options, schema: db.name },
        {
          beforeCommit: async (tx) => {
            const [row] = await tx.query<{ t: string }>("SELECT current_setting('lock_timeout') AS t");
            seen = String(row?.t);
          },
        },
      );
      return seen;
    };
    expect(await settings({ lockTimeoutSeconds: 0 })).toBe("0");
    expect(await settings({})).toBe("3s");
  });
});

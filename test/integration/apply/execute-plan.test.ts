import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { executePlan } from "../../../src/apply/execute-plan.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import type { PlanStep } from "../../../src/schema/operation.ts";
import { DIALECTS, dataFor, type TestDatabase } from "../../lib/dialects.ts";
import { caught, count, step } from "./apply-helpers.ts";

/** One dialect's failing plan: a statement in the middle of step 2 fails, and what the error says. */
interface FailingPlan {
  readonly dialect: { readonly name: string };
  readonly steps: readonly PlanStep[];
  /** What the error's details hold (a subset). */
  readonly details: Record<string, unknown>;
  /** A part of the database's own message. */
  readonly cause: string;
  /** Parts of the error's message. */
  readonly message: readonly string[];
  /** Tables the plan creates, which must not exist afterwards. */
  readonly tables: readonly string[];
  /**
   * Without transactional DDL (MySQL): the tables the steps before the failing one created, which
   * committed and stay, with how many rows each holds.
   */
  readonly kept?: Readonly<Record<string, number>>;
  /** Counts the tables called `name` in the test database. */
  tableCount(db: TestDatabase, name: string): Promise<number>;
  /** Further checks on the connection afterwards. */
  after?(driver: Driver): Promise<void>;
}

const FAILING: readonly FailingPlan[] = [
  {
    dialect: postgresDialect,
    steps: [
      step("a | Create table", 'CREATE TABLE "a" ("id" integer);'),
      step(
        "a | Data",
        "INSERT INTO a VALUES (1), (NULL);\nUPDATE a SET id = id +\n  nosuch;\nINSERT INTO a VALUES (3);",
      ),
      step("b | Create table", 'CREATE TABLE "b" ("id" integer);'),
    ],
    details: {
      stepIndex: 1,
      label: "a | Data",
      statementIndex: 1,
      sql: "UPDATE a SET id = id +\n  nosuch",
      code: "42703",
      line: 2,
      column: 3,
    },
    cause: 'column "nosuch" does not exist',
    message: ['Statement 2 of step 2 of 3 ("a | Data") failed (line 2, column 3)', "nothing was applied"],
    tables: ["a", "b"],
    tableCount: (db, name) =>
      count(
        db.driver,
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '${db.schema}' AND table_name = '${name}'`,
      ),
  },
  {
    dialect: sqliteDialect,
    steps: [
      step("a | Create table", 'CREATE TABLE "a" ("id" INTEGER NOT NULL);'),
      step("a | Data", "INSERT INTO a VALUES (1);\nINSERT INTO a VALUES (NULL);\nINSERT INTO a VALUES (3);"),
    ],
    details: { stepIndex: 1, label: "a | Data", statementIndex: 1, sql: "INSERT INTO a VALUES (NULL)" },
    cause: "NOT NULL constraint failed",
    message: ['Statement 2 of step 2 of 2 ("a | Data") failed'],
    tables: ["a"],
    tableCount: (db, name) => count(db.driver, `SELECT count(*) AS n FROM sqlite_master WHERE name = '${name}'`),
    async after(driver) {
      expect(await count(driver, "SELECT foreign_keys AS n FROM pragma_foreign_keys")).toBe(1);
    },
  },
  {
    dialect: mysqlDialect,
    // As MySQL's renderer makes them: every step non-transactional, each statement its own unit.
    steps: [
      step("a | Create table", "CREATE TABLE `a` (`id` integer);", { transactional: false }),
      step(
        "a | Data",
        "INSERT INTO a VALUES (1), (NULL);\nUPDATE a SET id = id +\n  nosuch;\nINSERT INTO a VALUES (3);",
        { transactional: false },
      ),
      step("b | Create table", "CREATE TABLE `b` (`id` integer);", { transactional: false }),
    ],
    details: {
      stepIndex: 1,
      label: "a | Data",
      statementIndex: 1,
      sql: "UPDATE a SET id = id +\n  nosuch",
      code: "ER_BAD_FIELD_ERROR",
    },
    cause: "Unknown column 'nosuch'",
    message: ['Statement 2 of step 2 of 3 ("a | Data") failed', "1 of 3 step(s) ran and committed before this one"],
    tables: ["b"],
    // The statements before the failing one committed: the table and the data step's first rows stay.
    kept: { a: 2 },
    tableCount: (db, name) =>
      count(
        db.driver,
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${name}'`,
      ),
  },
];

for (const h of DIALECTS) {
  const failing = dataFor(FAILING, h);

  describe(`${h.name}: executePlan`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await h.freshDatabase();
    });
    afterEach(async () => {
      await db.dispose();
    });

    test("a failing statement in the middle rolls everything back and names the statement", async () => {
      const error = await caught(() =>
        executePlan(db.driver, h.dialect, failing.steps, db.schema === undefined ? {} : { schema: db.schema }),
      );
      expect(error.code).toBe("STATEMENT_FAILED");
      expect(error.details).toMatchObject(failing.details);
      expect(String(error.details?.error)).toContain(failing.cause);
      for (const part of failing.message) expect(error.message).toContain(part);
      for (const table of failing.tables) expect(await failing.tableCount(db, table)).toBe(0);
      if (!h.dialect.capabilities.transactionalDdl)
        for (const [table, rows] of Object.entries(failing.kept ?? {})) {
          expect(await failing.tableCount(db, table)).toBe(1);
          expect(await count(db.driver, `SELECT count(*) AS n FROM ${h.dialect.quoteIdent(table)}`)).toBe(rows);
        }
      await failing.after?.(db.driver);
    });

    test("timeouts are checked before anything runs", async () => {
      // 0 is allowed: no lock timeout (docs/migrating.md "Lock timeouts and retries").
      for (const bad of [-1, Number.NaN, 3_000_000]) {
        const error = await caught(() =>
          executePlan(db.driver, h.dialect, [step("a", 'CREATE TABLE "never" ("id" integer);')], {
            lockTimeoutSeconds: bad,
          }),
        );
        expect(error.code).toBe("USAGE");
      }
      expect(await failing.tableCount(db, "never")).toBe(0);
    });
  });
}

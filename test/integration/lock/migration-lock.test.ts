import { describe, expect, test } from "bun:test";
import { withMigrationLock } from "../../../src/apply/lock.ts";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { DIALECTS, dataFor, type TestDatabase } from "../../lib/dialects.ts";
import { claimConcurrently, failure } from "./lock-helpers.ts";

/** How many processes race for the lock at once (a SQLite file lock is polled, so fewer). */
const RACERS = [
  { dialect: postgresDialect, processes: 10 },
  { dialect: sqliteDialect, processes: 5 },
  { dialect: mysqlDialect, processes: 10 },
];

/** Runs `fn` on a fresh test database, always disposing of it. */
async function withDatabase(h: (typeof DIALECTS)[number], fn: (db: TestDatabase) => Promise<void>): Promise<void> {
  const db = await h.freshDatabase();
  try {
    await fn(db);
  } finally {
    await db.dispose();
  }
}

for (const h of DIALECTS) {
  const { processes } = dataFor(RACERS, h);

  describe(`${h.name} migration lock`, () => {
    test(`${processes} processes at once: the check-then-write section runs in one of them at a time`, async () => {
      await withDatabase(h, async (db) => {
        const outcomes = await claimConcurrently(processes, [JSON.stringify(db.target), db.schema ?? ""]);
        expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
        expect(outcomes.filter((o) => o === "already_applied")).toHaveLength(processes - 1);
        expect(await (await db.open()).query("SELECT pid FROM claims")).toHaveLength(1);
      });
    });

    test("a bad lock wait is a usage error, before connecting", async () => {
      await withDatabase(h, async ({ target }) => {
        for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 3_000_000]) {
          const error = await failure(withMigrationLock(target, h.dialect, { lockWaitSeconds: bad }, async () => 0));
          expect(error.code).toBe("USAGE");
          expect(error.message).toContain("--lock-wait");
        }
      });
    });

    test("the lock is released when the locked section throws", async () => {
      await withDatabase(h, async ({ target }) => {
        await expect(
          withMigrationLock(target, h.dialect, {}, async () => {
            throw new Error("boom");
          }),
        ).rejects.toThrow("boom");
        expect(await withMigrationLock(target, h.dialect, { lockWaitSeconds: 0 }, async () => "free again")).toBe(
          "free again",
        );
      });
    });
  });
}

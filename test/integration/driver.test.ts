import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Driver } from "../../src/core/driver.ts";
import { isPormgError } from "../../src/core/errors.ts";
import { connect } from "../../src/dialect/connect.ts";
import { DIALECTS, type TestDatabase } from "../lib/dialects.ts";

/** The same conformance suite runs against every driver (real servers and files, no mocks). */
for (const h of DIALECTS) {
  describe(`${h.name} driver`, () => {
    let fresh: TestDatabase;
    let db: Driver;
    const p = h.placeholder;
    beforeAll(async () => {
      fresh = await h.freshDatabase();
      db = fresh.driver;
      await db.execute("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, flag boolean)");
    });
    afterAll(async () => {
      await fresh.dispose();
    });

    test("reports dialect and server version", () => {
      expect(db.dialect).toBe(h.name);
      expect(db.serverVersion).toMatch(/^\d+\.\d+/);
    });
    test("binds parameters, never splicing them into SQL", async () => {
      await db.query(`INSERT INTO items (id, name, flag) VALUES (${p(1)}, ${p(2)}, ${p(3)})`, [
        1,
        "it's'; DROP TABLE items; --",
        true,
      ]);
      const rows = await db.query<{ name: string }>(`SELECT name FROM items WHERE id = ${p(1)}`, [1]);
      expect(rows).toEqual([{ name: "it's'; DROP TABLE items; --" }]);
    });
    test("executes a multi-statement script", async () => {
      await db.execute("INSERT INTO items (id, name) VALUES (2, 'b'); INSERT INTO items (id, name) VALUES (3, 'c');");
      const rows = await db.query<{ n: number | string }>("SELECT count(*) AS n FROM items");
      expect(Number(rows[0]?.n)).toBe(3);
    });
    test("commits a transaction that resolves", async () => {
      const value = await db.transaction(async (tx) => {
        await tx.execute("INSERT INTO items (id, name) VALUES (4, 'd')");
        return "done";
      });
      expect(value).toBe("done");
      expect(await db.query("SELECT id FROM items WHERE id = 4")).toHaveLength(1);
    });
    test("rolls back a transaction that throws, and a failed savepoint alone", async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.execute("INSERT INTO items (id, name) VALUES (5, 'e')");
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await db.query("SELECT id FROM items WHERE id = 5")).toHaveLength(0);

      await db.transaction(async (tx) => {
        await tx.execute("INSERT INTO items (id, name) VALUES (6, 'f')");
        await expect(
          tx.transaction(async (inner) => {
            await inner.execute("INSERT INTO items (id, name) VALUES (7, 'g')");
            throw new Error("inner");
          }),
        ).rejects.toThrow("inner");
      });
      const ids = (await db.query<{ id: number }>("SELECT id FROM items WHERE id IN (6, 7) ORDER BY id")).map(
        (r) => r.id,
      );
      expect(ids).toEqual([6]);
    });
    test("a failing statement rejects with the database's reason", async () => {
      await expect(db.query("SELECT * FROM no_such_table")).rejects.toThrow(/no_such_table/);
    });
  });
}

test("an unreachable PostgreSQL server is CONNECT_FAILED with the password redacted", async () => {
  try {
    await connect({ dialect: "postgresql", url: "postgres://root:hunter2@127.0.0.1:1/test", connectTimeoutSeconds: 2 });
    throw new Error("expected a failure");
  } catch (error) {
    expect(isPormgError(error, "CONNECT_FAILED")).toBe(true);
    expect((error as Error).message).toContain("postgres://root:***@127.0.0.1:1/test");
    expect((error as Error).message).not.toContain("hunter2");
  }
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Driver } from "../../src/core/driver.ts";
import { isPormgError } from "../../src/core/errors.ts";
import { connect } from "../../src/dialect/connect.ts";
import { PG_URL, tempDir } from "../lib/cli.ts";

const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

/** The same conformance suite runs against every driver (real servers and files, no mocks). */
const harnesses: { name: string; open: () => Promise<Driver>; setup: string; teardown: string }[] = [
  {
    name: "postgresql",
    open: () => connect({ dialect: "postgresql", url: PG_URL }),
    setup: `CREATE SCHEMA t_driver_${suffix}; SET search_path TO t_driver_${suffix}`,
    teardown: `DROP SCHEMA t_driver_${suffix} CASCADE`,
  },
  {
    name: "sqlite",
    open: () => connect({ dialect: "sqlite", path: join(tempDir(), "driver.sqlite") }),
    setup: "SELECT 1",
    teardown: "SELECT 1",
  },
];

for (const h of harnesses) {
  describe(`${h.name} driver`, () => {
    let db: Driver;
    const p = (n: number) => (h.name === "postgresql" ? `$${n}` : "?");
    beforeAll(async () => {
      db = await h.open();
      await db.execute(h.setup);
      await db.execute("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, flag boolean)");
    });
    afterAll(async () => {
      await db.execute(h.teardown);
      await db.close();
    });

    test("reports dialect and server version", () => {
      expect(db.dialect).toBe(h.name as Driver["dialect"]);
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

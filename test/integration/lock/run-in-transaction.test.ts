import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Driver } from "../../../src/core/driver.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { VERSION } from "../../../src/core/version.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { actorName } from "../../../src/driver/connect.ts";
import { runInTransaction } from "../../../src/use-cases/run-in-transaction.ts";
import { tempDir } from "../../lib/cli.ts";
import { DIALECTS, type TestDatabase } from "../../lib/dialects.ts";

const dir = tempDir("pormg-rit-");
const sqlitePath = join(dir, "data.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database folder with a connection.yml for `yaml`. */
function folder(name: string, yaml: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, "connection.yml"), yaml);
  return path;
}

/** A SQLite database folder for the SQLite-only tests at the end. */
const lite = folder("lite", `dev:\n  adapter: SQLite\n  database: ${sqlitePath}\n`);

for (const h of DIALECTS) {
  describe(`${h.name}: runInTransaction`, () => {
    /** The test database; its `driver` is the connection the test looks at the data with. */
    let db: TestDatabase;
    /** A database folder pointing at the test database. */
    let dbFolder: string;
    beforeAll(async () => {
      db = await h.freshDatabase();
      dbFolder = folder(h.name, h.connectionYml(db));
      await db.run("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)");
    });
    afterAll(async () => {
      await db.dispose();
    });
    const ids = async () =>
      (await db.driver.query<{ id: number }>("SELECT id FROM notes ORDER BY id")).map((r) => Number(r.id));
    const insert = (tx: Driver, id: number) =>
      tx.query(`INSERT INTO notes (id, body) VALUES (${h.placeholder(1)}, ${h.placeholder(2)})`, [id, `note ${id}`]);

    test("opens the folder's database, commits, returns fn's value and closes what it opened", async () => {
      const before = await db.driver.query("SELECT 1");
      expect(before).toHaveLength(1);
      const value = await runInTransaction(dbFolder, async (tx) => {
        expect(tx.dialect).toBe(h.name);
        await insert(tx, 1);
        return "done";
      });
      expect(value).toBe("done");
      expect(await ids()).toContain(1);
      if (h.name === "postgresql") {
        // Only the observer is left among this process's pormg connections.
        const rows = await db.driver.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [
          `pormg/${VERSION} ${actorName()}`.slice(0, 63),
        ]);
        expect(rows).toHaveLength(1);
      }
    });

    test("rolls everything back and rethrows when fn throws", async () => {
      await expect(
        runInTransaction(dbFolder, async (tx) => {
          await insert(tx, 2);
          throw new Error("data step failed");
        }),
      ).rejects.toThrow("data step failed");
      expect(await ids()).not.toContain(2);
    });

    test("nested calls are savepoints: a failed inner call rolls back only its own work", async () => {
      await runInTransaction(db.driver, async (tx) => {
        await insert(tx, 3);
        await expect(
          runInTransaction(tx, async (inner) => {
            await insert(inner, 4);
            throw new Error("inner");
          }),
        ).rejects.toThrow("inner");
        await expect(
          tx.transaction(async (inner) => {
            await insert(inner, 5);
            throw new Error("inner again");
          }),
        ).rejects.toThrow("inner again");
        await runInTransaction(tx, async (inner) => {
          await insert(inner, 6);
        });
      });
      const now = await ids();
      expect(now).toEqual(expect.arrayContaining([3, 6]));
      expect(now).not.toContain(4);
      expect(now).not.toContain(5);
    });

    test("a failed outer transaction also rolls back its committed savepoints", async () => {
      await expect(
        runInTransaction(db.driver, async (tx) => {
          await runInTransaction(tx, (inner) => insert(inner, 7));
          throw new Error("outer");
        }),
      ).rejects.toThrow("outer");
      expect(await ids()).not.toContain(7);
    });

    test("a loaded Config works too, and a database error rolls back", async () => {
      const { loadConfig } = await import("../../../src/dialect/load-config.ts");
      const config = loadConfig({ folder: dbFolder, environ: {} });
      await expect(
        runInTransaction(config, async (tx) => {
          await insert(tx, 8);
          await insert(tx, 8);
        }),
      ).rejects.toThrow();
      expect(await ids()).not.toContain(8);
    });
  });
}

test("sqlite: waiting too long for another writer is LOCK_TIMEOUT (exit 4)", async () => {
  const other = await connect({ dialect: "sqlite", path: sqlitePath });
  await other.execute("BEGIN IMMEDIATE");
  try {
    const started = Date.now();
    const error = await runInTransaction(lite, async () => "never", {
      lockWaitSeconds: 0.3,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(isPormgError(error, "LOCK_TIMEOUT")).toBe(true);
    expect((error as Error).message).toContain(`Could not take the write lock of SQLite database "${sqlitePath}"`);
  } finally {
    await other.execute("ROLLBACK");
    await other.close();
  }
});

test("a bad lockWaitSeconds is a usage error", async () => {
  const error = await runInTransaction(lite, async () => 0, { lockWaitSeconds: -1 }).catch((e: unknown) => e);
  expect(isPormgError(error, "USAGE")).toBe(true);
});

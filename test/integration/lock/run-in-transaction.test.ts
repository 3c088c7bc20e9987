import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Driver } from "../../../src/core/driver.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { VERSION } from "../../../src/core/version.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { actorName } from "../../../src/driver/connect.ts";
import { runInTransaction } from "../../../src/use-cases/run-in-transaction.ts";
import { PG_URL, tempDir } from "../../lib/cli.ts";

const dir = tempDir("pormg-rit-");
const schema = `t_rit_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
const sqlitePath = join(dir, "data.sqlite");

/** A database folder with a connection.yml for `yaml`. */
function folder(name: string, yaml: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, "connection.yml"), yaml);
  return path;
}

interface Harness {
  readonly name: "postgresql" | "sqlite";
  /** A database folder pointing at the test database. */
  readonly folder: string;
  /** A connection the test uses to look at the data (on PostgreSQL with search_path at the test schema). */
  observer: Driver;
  readonly p: (n: number) => string;
}

const harnesses: Harness[] = [
  {
    name: "postgresql",
    folder: folder("pg", `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n  schema: ${schema}\n`),
    observer: undefined as unknown as Driver,
    p: (n) => `$${n}`,
  },
  {
    name: "sqlite",
    folder: folder("lite", `dev:\n  adapter: SQLite\n  database: ${sqlitePath}\n`),
    observer: undefined as unknown as Driver,
    p: () => "?",
  },
];

beforeAll(async () => {
  for (const h of harnesses) {
    h.observer =
      h.name === "postgresql"
        ? await connect({ dialect: "postgresql", url: PG_URL })
        : await connect({ dialect: "sqlite", path: sqlitePath });
    if (h.name === "postgresql") await h.observer.execute(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    await h.observer.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)");
  }
});

afterAll(async () => {
  for (const h of harnesses) {
    if (h.name === "postgresql") await h.observer.execute(`DROP SCHEMA ${schema} CASCADE`);
    await h.observer.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

for (const h of harnesses) {
  describe(`${h.name}: runInTransaction`, () => {
    const ids = async () =>
      (await h.observer.query<{ id: number }>("SELECT id FROM notes ORDER BY id")).map((r) => Number(r.id));
    const insert = (tx: Driver, id: number) =>
      tx.query(`INSERT INTO notes (id, body) VALUES (${h.p(1)}, ${h.p(2)})`, [id, `note ${id}`]);

    test("opens the folder's database, commits, returns fn's value and closes what it opened", async () => {
      const before = await h.observer.query("SELECT 1");
      expect(before).toHaveLength(1);
      const value = await runInTransaction(h.folder, async (tx) => {
        expect(tx.dialect).toBe(h.name);
        await insert(tx, 1);
        return "done";
      });
      expect(value).toBe("done");
      expect(await ids()).toContain(1);
      if (h.name === "postgresql") {
        // Only the observer is left among this process's pormg connections.
        const rows = await h.observer.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [
          `pormg/${VERSION} ${actorName()}`.slice(0, 63),
        ]);
        expect(rows).toHaveLength(1);
      }
    });

    test("rolls everything back and rethrows when fn throws", async () => {
      await expect(
        runInTransaction(h.folder, async (tx) => {
          await insert(tx, 2);
          throw new Error("data step failed");
        }),
      ).rejects.toThrow("data step failed");
      expect(await ids()).not.toContain(2);
    });

    test("nested calls are savepoints: a failed inner call rolls back only its own work", async () => {
      await runInTransaction(h.observer, async (tx) => {
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
        runInTransaction(h.observer, async (tx) => {
          await runInTransaction(tx, (inner) => insert(inner, 7));
          throw new Error("outer");
        }),
      ).rejects.toThrow("outer");
      expect(await ids()).not.toContain(7);
    });

    test("a loaded Config works too, and a database error rolls back", async () => {
      const { loadConfig } = await import("../../../src/dialect/load-config.ts");
      const config = loadConfig({ folder: h.folder, environ: {} });
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
    const error = await runInTransaction(harnesses[1]?.folder as string, async () => "never", {
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
  const error = await runInTransaction(harnesses[1]?.folder as string, async () => 0, { lockWaitSeconds: -1 }).catch(
    (e: unknown) => e,
  );
  expect(isPormgError(error, "USAGE")).toBe(true);
});

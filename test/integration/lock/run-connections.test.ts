import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { tryMigrationLock } from "../../../src/apply/lock.ts";
import { loadConfig } from "../../../src/dialect/load-config.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { openRunConnections } from "../../../src/use-cases/run-connections.ts";
import { tempDir } from "../../lib/cli.ts";
import { adminExecute, databaseUrl, withPg } from "../../lib/pg-admin.ts";

// A migrate run opens the migration lock's connection beside its reader, so the two set-ups overlap
// (RunConnections.takeLockConnection): the lock must be held on exactly that connection, and one
// never taken must not outlive the run.
const database = `pormg_runconn_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
const url = databaseUrl(database);
const config = () => loadConfig({ cwd: tempDir(), folder: "none", url, environ: {} });

/** Backends connected to the test's database, pid by pid. */
const backends = () =>
  withPg(async (db) =>
    (await db.query<{ pid: number }>("SELECT pid FROM pg_catalog.pg_stat_activity WHERE datname = $1", [database])).map(
      (r) => Number(r.pid),
    ),
  );

beforeAll(() => adminExecute(`CREATE DATABASE ${database}`));
afterAll(() => adminExecute(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

describe("postgresql run connections", () => {
  test("the lock is taken on the connection opened ahead, which is handed out once", async () => {
    const shared = await openRunConnections(config());
    if (!shared) throw new Error("no run connections");
    try {
      expect(await backends()).toHaveLength(2);
      const ahead = shared.takeLockConnection();
      expect(ahead).toBeDefined();
      expect(shared.takeLockConnection()).toBeUndefined();
      const aheadPid = Number(
        (await (await ahead)?.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))?.[0]?.pid,
      );
      const held = await tryMigrationLock(
        config(),
        postgresDialect,
        { db: shared.reader, lockConnection: () => ahead },
        async (lock) => ({ lockPid: lock.lockPid, count: (await backends()).length }),
      );
      expect(held?.value).toEqual({ lockPid: aheadPid, count: 2 });
      // Released: the lock's connection is closed with it; the reader stays.
      expect(await backends()).toHaveLength(1);
    } finally {
      await shared.close();
    }
    expect(await backends()).toHaveLength(0);
  });

  test("a lock connection never taken is closed with the run", async () => {
    const shared = await openRunConnections(config());
    expect(await backends()).toHaveLength(2);
    await shared?.close();
    expect(await backends()).toHaveLength(0);
  });

  test("a run on a database that does not exist fails once, leaving nothing open", async () => {
    const missing = loadConfig({ cwd: tempDir(), folder: "none", url: databaseUrl(`${database}_none`), environ: {} });
    const error = await openRunConnections(missing).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("CONNECT_FAILED");
  });
});

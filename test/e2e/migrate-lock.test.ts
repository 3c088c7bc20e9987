import { describe, expect, test } from "bun:test";
import type { Driver } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { migrationLockNameOf } from "../../src/dialect/mysql/mysql-lock-holder.ts";
import { LOCK_KEY_SQL, migrationLockName } from "../../src/dialect/postgres/postgres-lock-holder.ts";
import { sqliteLockFile } from "../../src/dialect/sqlite/sqlite-lock.ts";
import { PG_URL } from "../lib/cli.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, eventTypes, ok, type Project, project, spawnPormg, tableExists } from "./migrate-helpers.ts";

/**
 * Holds the project's migration lock on a connection of this test process, the way another server
 * migrating the same folder would (its schema's key: `pormg::migrations::<schema>`).
 */
async function holdLock(p: Project): Promise<{ db: Driver; pid: number; release(): Promise<void> }> {
  if (p.dialect === "postgresql") {
    const name = migrationLockName(p.schema);
    const db = await connect({ dialect: "postgresql", url: PG_URL });
    await db.execute("SET application_name = 'e2e-lock-holder'");
    await db.query(`SELECT pg_advisory_lock(${LOCK_KEY_SQL})`, [name]);
    const [row] = await db.query("SELECT pg_backend_pid() AS pid");
    return {
      db,
      pid: Number(row?.pid),
      async release() {
        await db.query(`SELECT pg_advisory_unlock(${LOCK_KEY_SQL})`, [name]);
        await db.close();
      },
    };
  }
  if (p.dialect === "mysql") {
    // A named lock on a connection to the project's database: `pormg::<database>::migrations`.
    const db = await p.open();
    const name = await migrationLockNameOf(db);
    await db.query("SELECT GET_LOCK(?, 0)", [name]);
    const [row] = await db.query("SELECT CONNECTION_ID() AS pid");
    return {
      db,
      pid: Number(row?.pid),
      async release() {
        await db.query("SELECT RELEASE_LOCK(?)", [name]);
        await db.close();
      },
    };
  }
  const db = await connect({ dialect: "sqlite", path: sqliteLockFile(p.file) as string });
  await db.execute("BEGIN IMMEDIATE");
  return {
    db,
    pid: process.pid,
    async release() {
      await db.execute("ROLLBACK");
      await db.close();
    },
  };
}

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: the migration lock`, () => {
    test("a second process waits, then times out with exit 4 naming the holder; status shows the lock", async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["init"]));
        const version = p.json(["makemigrations"]).doc.version as string;
        const holder = await holdLock(p);
        try {
          const started = performance.now();
          const timedOut = p.json(["migrate", "--lock-wait", "1"]);
          expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
          expect(timedOut.code).toBe(4);
          expect(timedOut.doc).toMatchObject({
            schema: "pormg.migrate/1",
            outcome: "refused",
            version,
            error: { code: "LOCK_TIMEOUT" },
          });
          const human = p.run(["migrate", "--lock-wait", "1"]);
          expect(human.code).toBe(4);
          expect(human.stderr).toContain("error[LOCK_TIMEOUT]: Could not take the migration lock");
          if (dialect === "postgresql") {
            expect(human.stderr).toContain(`it is held by pid ${holder.pid} (e2e-lock-holder)`);
            expect(human.stderr).toContain(`pg_terminate_backend(${holder.pid})`);
          } else if (dialect === "mysql") {
            // The holder is named by its connection id and its program_name attribute or MySQL user.
            expect(human.stderr).toMatch(
              new RegExp(
                `"pormg::${p.schema}::migrations" within 1 s: it is held by connection ${holder.pid} \\(\\S+\\) from `,
              ),
            );
            expect(human.stderr).toContain(`end it with KILL ${holder.pid}.`);
          } else {
            expect(human.stderr).toContain(`within 1 s: another pormg process is migrating it`);
            expect(human.stderr).toContain(`${p.file}.pormg-lock`);
          }
          expect(await tableExists(p, "author")).toBe(false);

          const status = p.json(["status"]);
          if (dialect === "mysql") {
            expect(status.doc.lock).toMatchObject({
              pid: holder.pid,
              applicationName: expect.any(String),
              since: expect.stringMatching(/Z$/),
            });
            expect(p.run(["status"]).stdout).toMatch(new RegExp(`Lock: held by pid ${holder.pid} \\(\\S+\\)`));
          } else {
            expect(status.doc.lock).toEqual(
              dialect === "postgresql"
                ? { pid: holder.pid, applicationName: "e2e-lock-holder", since: expect.stringMatching(/Z$/) }
                : { pid: null, applicationName: null, since: null },
            );
            expect(p.run(["status"]).stdout).toContain(
              dialect === "postgresql"
                ? `Lock: held by pid ${holder.pid} (e2e-lock-holder)`
                : "Lock: held by another process",
            );
          }

          // A waiter that outlasts the holder applies the plan.
          const waiter = spawnPormg(["migrate", "--json", "--lock-wait", "20"], p.cwd);
          await new Promise((r) => setTimeout(r, 700));
          expect(waiter.child.exitCode).toBeNull();
          await holder.release();
          const waited = await waiter.done;
          expect(waited.code).toBe(0);
          expect(JSON.parse(waited.stdout)).toMatchObject({ outcome: "applied", version });
        } finally {
          await holder.release().catch(() => {});
        }
        expect(await tableExists(p, "author")).toBe(true);
      } finally {
        await p.dispose();
      }
    }, 60_000);

    test("while another session holds the lock, a stale plan is refused at once, without waiting; once it is free, the checks run under it", async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        p.models(authorModels("born: Models.IntegerField({ null: true }),"));
        ok(p.run(["makemigrations"]));
        const db = await p.open();
        try {
          const q = dialectNamed(dialect).quoteIdent;
          await db.execute(`ALTER TABLE ${q("author")} ADD COLUMN ${q("sneaky")} integer`);
        } finally {
          await db.close();
        }
        const holder = await holdLock(p);
        try {
          const started = performance.now();
          const refused = p.json(["migrate", "--lock-wait", "30"]);
          expect(refused.code).toBe(3);
          expect(refused.doc).toMatchObject({ outcome: "refused", error: { code: "PLAN_STALE" } });
          expect(performance.now() - started).toBeLessThan(15_000);
        } finally {
          await holder.release();
        }
        // The lock is free: the same refusal, from the checks made under it.
        const again = p.json(["migrate", "--lock-wait", "0"]);
        expect(again.code).toBe(3);
        expect(again.doc).toMatchObject({ outcome: "refused", error: { code: "PLAN_STALE" } });
        // MySQL: the first plan's one step ran after its `applied` commit, recorded by step_applied.
        const steps = dialectNamed(dialect).capabilities.transactionalDdl ? [] : ["step_applied"];
        expect(await eventTypes(p)).toEqual(["planned", "applied", ...steps]);
      } finally {
        await p.dispose();
      }
    }, 60_000);
  });
}

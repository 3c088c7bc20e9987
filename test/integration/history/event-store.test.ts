import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { appendEvent, readEvents, recordEvent } from "../../../src/history/event-store.ts";
import type { NewEvent } from "../../../src/history/events.ts";
import { initHistory } from "../../../src/history/init-history.ts";
import { readProjection } from "../../../src/history/projection.ts";
import { rebuildProjection } from "../../../src/history/rebuild-projection.ts";
import { verifyHistory } from "../../../src/history/verify-history.ts";
import { DIALECTS } from "../../lib/dialects.ts";
import { type HistoryDb, historyDb, v } from "./history-helpers.ts";

const plannedEvent = (version: string, checksum = "a".repeat(64)): NewEvent => ({
  version,
  actor: "tester@host:1 pormg/0.1.0",
  type: "planned",
  payload: { name: "init", checksum, sqlContent: "CREATE TABLE a (id int);", isDestructive: false, statements: 1 },
});
const appliedEvent = (version: string): NewEvent => ({
  version,
  actor: "tester@host:1 pormg/0.1.0",
  type: "applied",
  payload: { durationMs: 12.5, statements: 1 },
});
const failedEvent = (version: string): NewEvent => ({
  version,
  actor: "tester@host:1 pormg/0.1.0",
  type: "failed",
  payload: { error: 'relation "x" does not exist', failedStatement: "SELECT * FROM x", durationMs: 3 },
});

async function rejects(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("expected the statement to be rejected");
}

async function seed(driver: Driver): Promise<void> {
  await initHistory(driver, dialectNamed(driver.dialect));
  await recordEvent(driver, dialectNamed(driver.dialect), plannedEvent(v(1)));
  await recordEvent(driver, dialectNamed(driver.dialect), appliedEvent(v(1)));
  await recordEvent(driver, dialectNamed(driver.dialect), plannedEvent(v(2), "b".repeat(64)));
  await recordEvent(driver, dialectNamed(driver.dialect), failedEvent(v(2)));
}

for (const { name: dialect, dialect: quoting } of DIALECTS) {
  const q = (name: string) => quoting.quoteIdent(name);
  describe(`${dialect}: event store`, () => {
    let db: HistoryDb;
    beforeEach(async () => {
      db = await historyDb(dialect);
    });
    afterEach(async () => {
      await db.dispose();
    });

    test("appends chain the events and write the projection in the same transaction", async () => {
      const first = await initHistory(db.driver, dialectNamed(db.driver.dialect));
      expect(first).toMatchObject({ createdEvents: true, createdProjection: true, adopted: 0 });
      expect(await initHistory(db.driver, dialectNamed(db.driver.dialect))).toMatchObject({
        createdEvents: false,
        createdProjection: false,
      });
      const planned = await recordEvent(db.driver, dialectNamed(db.driver.dialect), plannedEvent(v(1)));
      expect(planned).toMatchObject({ seq: 1, prevHash: "0".repeat(64) });
      expect(await readProjection(db.driver, dialectNamed(db.driver.dialect))).toEqual([]);
      const applied = await recordEvent(db.driver, dialectNamed(db.driver.dialect), appliedEvent(v(1)), {
        expectedSeq: 1,
      });
      expect(applied).toMatchObject({ seq: 2, prevHash: planned.hash });
      const [row] = await readProjection(db.driver, dialectNamed(db.driver.dialect));
      expect(row).toMatchObject({ version: v(1), name: "init", checksum: "a".repeat(64), status: "applied" });
      expect(row?.formatVersion).toBe(1);
      expect(row?.appliedAt.startsWith(applied.occurredAt.slice(0, 23))).toBe(true);
      const events = await readEvents(db.driver, dialectNamed(db.driver.dialect));
      expect(events.map((e) => [e.type, e.seq, e.actor])).toEqual([
        ["planned", 1, "tester@host:1 pormg/0.1.0"],
        ["applied", 2, "tester@host:1 pormg/0.1.0"],
      ]);
      expect(events[1]?.payload).toEqual({ durationMs: 12.5, statements: 1 });
      expect(await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).toEqual({
        ok: true,
        events: 2,
        firstBad: null,
      });
    });

    test("a failed run writes a failed row; a rolled-back append leaves nothing", async () => {
      await seed(db.driver);
      const rows = await readProjection(db.driver, dialectNamed(db.driver.dialect));
      expect(rows.map((r) => [r.version, r.status])).toEqual([
        [v(1), "applied"],
        [v(2), "failed"],
      ]);
      const boom = new Error("plan failed");
      const caught = await db.driver
        .transaction(async (tx) => {
          await appendEvent(tx, dialectNamed(tx.dialect), plannedEvent(v(3)));
          await appendEvent(tx, dialectNamed(tx.dialect), appliedEvent(v(3)));
          throw boom;
        })
        .catch((e) => e);
      expect(caught).toBe(boom);
      expect((await readEvents(db.driver, dialectNamed(db.driver.dialect))).length).toBe(4);
      expect((await readProjection(db.driver, dialectNamed(db.driver.dialect))).length).toBe(2);
      expect((await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).ok).toBe(true);
    });

    test("a stale expectedSeq and an impossible transition write nothing", async () => {
      await seed(db.driver);
      const stale = await recordEvent(db.driver, dialectNamed(db.driver.dialect), appliedEvent(v(2)), {
        expectedSeq: 1,
      }).catch((e) => e);
      expect(isPormgError(stale, "PLAN_REFUSED")).toBe(true);
      expect(stale.message).toContain("expected its last event at seq 1, found seq 2 (failed)");
      const orphan = await recordEvent(db.driver, dialectNamed(db.driver.dialect), appliedEvent(v(1))).catch((e) => e);
      expect(isPormgError(orphan, "INTERNAL")).toBe(true);
      expect(orphan.message).toContain("no open planned run");
      expect((await readEvents(db.driver, dialectNamed(db.driver.dialect))).length).toBe(4);
    });

    test("the log rejects UPDATE and DELETE (and TRUNCATE on PostgreSQL)", async () => {
      await seed(db.driver);
      const update = await rejects(db.driver.query(`UPDATE pormg_migration_events SET ${q("actor")} = 'mallory'`));
      expect(update).toContain("append-only");
      // MySQL caps a SIGNAL's MESSAGE_TEXT at 128 characters: its triggers name the rejected statement instead of the advice.
      if (dialect === "mysql") expect(update).toContain("(UPDATE rejected)");
      else expect(update).toContain("pormg history rebuild");
      expect(await rejects(db.driver.query(`DELETE FROM pormg_migration_events WHERE ${q("id")} = 2`))).toContain(
        "append-only",
      );
      if (dialect === "postgresql")
        expect(await rejects(db.driver.execute("TRUNCATE pormg_migration_events"))).toContain("append-only");
      expect((await readEvents(db.driver, dialectNamed(db.driver.dialect))).length).toBe(4);
      expect((await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).ok).toBe(true);
    });

    test("an edit made with the triggers disabled is caught, with the first bad id", async () => {
      await seed(db.driver);
      await disableTriggers(db);
      await db.driver.query(
        `UPDATE pormg_migration_events SET ${q("payload")} = ${dialect === "postgresql" ? `'{"durationMs": 1, "statements": 1}'::jsonb` : `'{"durationMs":1,"statements":1}'`} WHERE ${q("id")} = 2`,
      );
      const result = await verifyHistory(db.driver, dialectNamed(db.driver.dialect));
      expect(result.ok).toBe(false);
      expect(result.events).toBe(4);
      expect(result.firstBad?.id).toBe(2);
      expect(result.firstBad?.reason).toStartWith("hash mismatch");
      // A bootstrap refuses to restore them quietly (it would hide the tampering); init's repair does, and says so.
      const quiet = await initHistory(db.driver, dialectNamed(db.driver.dialect)).catch((e) => e);
      expect(isPormgError(quiet, "HISTORY_TAMPERED")).toBe(true);
      expect(
        (await initHistory(db.driver, dialectNamed(db.driver.dialect), { restoreTriggers: true })).restoredTriggers,
      ).toBe(true);
      expect(await rejects(db.driver.query(`DELETE FROM pormg_migration_events`))).toContain("append-only");
    });

    test("an edit between two verifications in one process is caught by the second (the first result is not reused)", async () => {
      await seed(db.driver);
      const d = dialectNamed(db.driver.dialect);
      expect((await verifyHistory(db.driver, d)).ok).toBe(true);
      // Read again unchanged: the same result.
      expect((await verifyHistory(db.driver, d)).ok).toBe(true);
      await disableTriggers(db);
      await db.driver.query(
        `UPDATE pormg_migration_events SET ${q("payload")} = ${dialect === "postgresql" ? `'{"durationMs": 1, "statements": 1}'::jsonb` : `'{"durationMs":1,"statements":1}'`} WHERE ${q("id")} = 2`,
      );
      const edited = await verifyHistory(db.driver, d);
      expect(edited.ok).toBe(false);
      expect(edited.firstBad?.id).toBe(2);
      expect(edited.firstBad?.reason).toStartWith("hash mismatch");
    });

    test("a projection row edited between two verifications in one process is caught by the second", async () => {
      await seed(db.driver);
      const d = dialectNamed(db.driver.dialect);
      expect((await verifyHistory(db.driver, d)).ok).toBe(true);
      await db.driver.query(`UPDATE pormg_migrations SET ${q("name")} = 'renamed' WHERE ${q("version")} = '${v(1)}'`);
      const result = await verifyHistory(db.driver, d);
      expect(result.ok).toBe(false);
      expect(result.firstBad?.reason).toStartWith("projection row differs");
    });

    test("triggers disabled between two verifications of the same log in one process are caught by the second", async () => {
      await seed(db.driver);
      const d = dialectNamed(db.driver.dialect);
      expect((await verifyHistory(db.driver, d)).ok).toBe(true);
      await disableTriggers(db);
      const result = await verifyHistory(db.driver, d);
      expect(result.ok).toBe(false);
      expect(result.firstBad?.reason).toContain("append-only protection");
    });

    test("a deleted event breaks the chain at its successor; rebuild refuses a tampered log", async () => {
      await seed(db.driver);
      await disableTriggers(db);
      await db.driver.query(`DELETE FROM pormg_migration_events WHERE ${q("id")} = 2`);
      const result = await verifyHistory(db.driver, dialectNamed(db.driver.dialect));
      expect(result.firstBad?.id).toBe(3);
      expect(result.firstBad?.reason).toStartWith("broken chain");
      const refused = await rebuildProjection(db.driver, dialectNamed(db.driver.dialect)).catch((e) => e);
      expect(isPormgError(refused, "HISTORY_TAMPERED")).toBe(true);
      expect(refused.exitCode).toBe(3);
    });

    test("projection drift is caught and fixed by rebuildProjection", async () => {
      await seed(db.driver);
      const before = await readProjection(db.driver, dialectNamed(db.driver.dialect));
      await db.driver.query(
        `UPDATE pormg_migrations SET ${q("status")} = 'failed' WHERE ${q("version")} = ${db.p(1)}`,
        [v(1)],
      );
      await db.driver.query(`DELETE FROM pormg_migrations WHERE ${q("version")} = ${db.p(1)}`, [v(2)]);
      await db.driver.query(
        `INSERT INTO pormg_migrations (${q("version")}, ${q("name")}, ${q("checksum")}) VALUES (${db.p(1)}, 'ghost', 'x')`,
        [v(7)],
      );
      const events = await readEvents(db.driver, dialectNamed(db.driver.dialect));
      const result = await verifyHistory(db.driver, dialectNamed(db.driver.dialect));
      expect(result.ok).toBe(false);
      expect(result.firstBad?.id).toBe(events[1]?.id as number);
      expect(result.firstBad?.reason).toBe(
        `projection row differs: version ${v(1)}: status is "failed", the log says "applied"`,
      );
      expect(await rebuildProjection(db.driver, dialectNamed(db.driver.dialect))).toEqual({
        rows: 2,
        changed: [v(1), v(2), v(7)],
      });
      expect(await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).toEqual({
        ok: true,
        events: 4,
        firstBad: null,
      });
      const after = await readProjection(db.driver, dialectNamed(db.driver.dialect));
      expect(after.map(({ id: _id, ...rest }) => rest)).toEqual(before.map(({ id: _id, ...rest }) => rest));
      expect(after[0]?.id).toBe(before[0]?.id as number);
      expect(await rebuildProjection(db.driver, dialectNamed(db.driver.dialect))).toEqual({ rows: 2, changed: [] });
    });

    test("a dropped projection is recreated from the log by initHistory", async () => {
      await seed(db.driver);
      await db.driver.execute("DROP TABLE pormg_migrations");
      const result = await initHistory(db.driver, dialectNamed(db.driver.dialect));
      expect(result).toMatchObject({ createdProjection: true, createdEvents: false, rebuiltRows: 2 });
      expect((await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).ok).toBe(true);
    });
  });
}

async function disableTriggers(db: HistoryDb): Promise<void> {
  if (db.dialect === "postgresql") await db.driver.execute("ALTER TABLE pormg_migration_events DISABLE TRIGGER USER");
  else if (db.dialect === "mysql")
    // The MySQL client runs one statement per call.
    for (const name of ["pormg_migration_events_no_update", "pormg_migration_events_no_delete"])
      await db.driver.execute(`DROP TRIGGER ${name}`);
  else
    await db.driver.execute(
      "DROP TRIGGER pormg_migration_events_no_update; DROP TRIGGER pormg_migration_events_no_delete",
    );
}

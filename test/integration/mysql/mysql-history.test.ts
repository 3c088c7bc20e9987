import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { mysqlHistory } from "../../../src/dialect/mysql/mysql-history.ts";
import { HISTORY_INIT, mysqlLockName, mysqlLockNameSql } from "../../../src/dialect/mysql/mysql-lock-name.ts";
import { readEvents, recordEvent } from "../../../src/history/event-store.ts";
import { readHistoryIntegrity } from "../../../src/history/history-integrity.ts";
import { unqualifiedNames } from "../../../src/history/history-names.ts";
import { initHistory } from "../../../src/history/init-history.ts";
import { readProjection } from "../../../src/history/projection.ts";
import { rebuildProjection } from "../../../src/history/rebuild-projection.ts";
import { markApplied, markFailed, removeRecord } from "../../../src/history/repair.ts";
import { verifyHistory } from "../../../src/history/verify-history.ts";
import type { MysqlTestDatabase } from "../../lib/mysql.ts";
import {
  applied,
  mysqlHistoryDialect as dialect,
  historyDatabase,
  planned,
  rejection,
  v,
} from "./mysql-history-helpers.ts";

describe("mysql: the generic history through mysqlHistory", () => {
  let db: MysqlTestDatabase;
  beforeEach(async () => {
    db = await historyDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  test("initHistory creates InnoDB tables and both triggers once; the second run changes nothing", async () => {
    expect(await initHistory(db.driver, dialect)).toMatchObject({ createdEvents: true, createdProjection: true });
    expect(await initHistory(db.driver, dialect)).toMatchObject({ createdEvents: false, createdProjection: false });
    const probe = await mysqlHistory.probe(db.driver, unqualifiedNames);
    expect(probe).toEqual({
      projection: true,
      events: true,
      triggers: 2,
      formatVersion: true,
      schemaExists: true,
      meta: true,
    });
    const engines = await db.driver.query<{ t: string; e: string }>(
      "SELECT TABLE_NAME AS t, ENGINE AS e FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
    );
    expect(engines.sort((a, b) => a.t.localeCompare(b.t))).toEqual([
      { t: "pormg_migration_events", e: "InnoDB" },
      { t: "pormg_migration_events_guard", e: "InnoDB" },
      { t: "pormg_migration_meta", e: "InnoDB" },
      { t: "pormg_migrations", e: "InnoDB" },
    ]);
    const integrity = await readHistoryIntegrity(db.driver, dialect);
    expect(integrity).toMatchObject({ events: true, projection: true, triggerProblems: [], projectionRows: 0 });
    expect(integrity.eventLogSince).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await mysqlHistory.historySchema(db.driver)).toBe(db.name);
    expect(
      (await mysqlHistory.tablesIn(db.driver, db.name, ["pormg_migrations", "pormg_migration_events"])).sort(),
    ).toEqual(["pormg_migration_events", "pormg_migrations"]);
    expect(await mysqlHistory.schemaExists(db.driver, db.name)).toBe(true);
    expect(await mysqlHistory.schemaExists(db.driver, `${db.name}_nope`)).toBe(false);
  });

  test("recorded events chain, the projection follows, and verify passes", async () => {
    await initHistory(db.driver, dialect);
    const first = await recordEvent(db.driver, dialect, planned(v(1)));
    expect(first).toMatchObject({ seq: 1, prevHash: "0".repeat(64) });
    const second = await recordEvent(db.driver, dialect, applied(v(1)), { expectedSeq: 1 });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, id: first.id + 1 });
    await recordEvent(db.driver, dialect, planned(v(2)));
    const events = await readEvents(db.driver, dialect);
    expect(events).toEqual([first, second, expect.objectContaining({ version: v(2), prevHash: second.hash })]);
    const [row] = await readProjection(db.driver, dialect);
    expect(row).toMatchObject({
      version: v(1),
      name: "init",
      status: "applied",
      isDestructive: false,
      formatVersion: 1,
    });
    expect(row?.appliedAt).toBe(`${second.occurredAt.slice(0, 23)}000`);
    expect(await verifyHistory(db.driver, dialect)).toEqual({ ok: true, events: 3, firstBad: null });
  });

  test("the triggers refuse UPDATE and DELETE on the event log", async () => {
    await initHistory(db.driver, dialect);
    await recordEvent(db.driver, dialect, planned(v(1)));
    const update = await rejection(db.driver.execute(`UPDATE pormg_migration_events SET actor = 'mallory'`));
    expect(update).toMatchObject({ errno: 1644, sqlState: "45000" });
    expect(update.message).toContain("pormg_migration_events is append-only");
    expect(update.message).toContain("UPDATE rejected");
    const remove = await rejection(db.driver.execute("DELETE FROM pormg_migration_events"));
    expect(remove.message).toContain("DELETE rejected");
    // MySQL refuses a MESSAGE_TEXT longer than 128 characters (MariaDB allows 512).
    expect(remove.message.length).toBeLessThanOrEqual(128);
    expect(await verifyHistory(db.driver, dialect)).toMatchObject({ ok: true, events: 1 });
  });

  test("TRUNCATE, which fires no trigger, is refused by the guard's foreign key; a missing guard is a problem", async () => {
    await initHistory(db.driver, dialect);
    await recordEvent(db.driver, dialect, planned(v(1)));
    await recordEvent(db.driver, dialect, applied(v(1)));
    expect((await rejection(db.driver.execute("TRUNCATE TABLE pormg_migration_events"))).errno).toBe(1701);
    await db.driver.execute("DROP TABLE pormg_migration_events_guard");
    expect((await readHistoryIntegrity(db.driver, dialect)).triggerProblems).toEqual([
      "the guard pormg_migration_events_guard is missing (its foreign key is what refuses TRUNCATE of the log)",
    ]);
    expect((await verifyHistory(db.driver, dialect)).firstBad?.reason).toContain("append-only protection");
    await db.driver.execute("TRUNCATE TABLE pormg_migration_events");
    expect((await verifyHistory(db.driver, dialect)).firstBad?.reason).toContain("it was emptied");
    expect(await initHistory(db.driver, dialect, { restoreTriggers: true })).toMatchObject({ restoredTriggers: true });
    expect((await readHistoryIntegrity(db.driver, dialect)).triggerProblems).toEqual([]);
  });

  test("a change that goes around the triggers (drop, update, re-create) is found by verify", async () => {
    await initHistory(db.driver, dialect);
    const event = await recordEvent(db.driver, dialect, planned(v(1)));
    await recordEvent(db.driver, dialect, applied(v(1)));
    await db.driver.execute("DROP TRIGGER pormg_migration_events_no_update");
    await db.driver.execute(
      `UPDATE pormg_migration_events SET payload = REPLACE(payload, 'CREATE TABLE a', 'DROP TABLE a') WHERE id = ${event.id}`,
    );
    // While a trigger is missing, verify and a bootstrap both say the protection is off.
    expect((await verifyHistory(db.driver, dialect)).firstBad?.reason).toContain("hash mismatch");
    expect((await readHistoryIntegrity(db.driver, dialect)).triggerProblems).toEqual([
      "trigger pormg_migration_events_no_update is missing",
    ]);
    const refused = await rejection(initHistory(db.driver, dialect));
    expect(isPormgError(refused, "HISTORY_TAMPERED")).toBe(true);
    // The trigger re-created (as pormg init does): the triggers are in force, the changed event is still found.
    expect(await initHistory(db.driver, dialect, { restoreTriggers: true })).toMatchObject({ restoredTriggers: true });
    expect((await readHistoryIntegrity(db.driver, dialect)).triggerProblems).toEqual([]);
    const result = await verifyHistory(db.driver, dialect);
    expect(result.ok).toBe(false);
    expect(result.firstBad).toMatchObject({ id: event.id });
    expect(result.firstBad?.reason).toContain("hash mismatch");
  });

  test("a trigger replaced by a no-op under the same name does not count", async () => {
    await initHistory(db.driver, dialect);
    await db.driver.execute(`DROP TRIGGER pormg_migration_events_no_delete;
      CREATE TRIGGER pormg_migration_events_no_delete BEFORE DELETE ON pormg_migration_events FOR EACH ROW SET @x = 1`);
    expect(await mysqlHistory.probe(db.driver, unqualifiedNames)).toMatchObject({ triggers: 2 });
    expect((await readHistoryIntegrity(db.driver, dialect)).triggerProblems).toEqual([
      "trigger pormg_migration_events_no_delete no longer rejects changes (it was replaced)",
    ]);
    expect((await verifyHistory(db.driver, dialect)).firstBad?.reason).toContain("append-only protection");
  });

  test("payloads round-trip byte for byte: unicode, escapes and a payload of several megabytes", async () => {
    await initHistory(db.driver, dialect);
    const unicode = "CREATE TABLE \"ünïcødé\" (note text DEFAULT '😀 日本語 \\n \u0000 \u2028 \ud800');\n";
    const big = `-- ${"x".repeat(64)}\n`.repeat(80_000) + unicode;
    for (const [n, sql] of [
      [1, unicode],
      [2, big],
    ] as const) {
      const event = await recordEvent(db.driver, dialect, planned(v(n), sql));
      const [raw] = await db.driver.query<{ payload: string }>(
        "SELECT payload FROM pormg_migration_events WHERE id = ?",
        [event.id],
      );
      expect(raw?.payload).toBe(JSON.stringify(event.payload));
    }
    expect(big.length).toBeGreaterThan(5_000_000);
    const events = await readEvents(db.driver, dialect);
    expect(events.map((e) => (e.payload as { sqlContent: string }).sqlContent)).toEqual([unicode, big]);
    expect(await verifyHistory(db.driver, dialect)).toMatchObject({ ok: true, events: 2 });
  });

  test("the session time zone changes nothing that is written or read back", async () => {
    await db.driver.execute("SET time_zone = '+05:30'");
    await initHistory(db.driver, dialect);
    const now = () => new Date("2026-03-29T01:30:00.123Z");
    await recordEvent(db.driver, dialect, planned(v(1)), { now });
    const event = await recordEvent(db.driver, dialect, applied(v(1)), { now });
    const other = await db.open();
    await other.execute("SET time_zone = '-08:00'");
    const [stored] = await readEvents(other, dialect);
    expect(stored?.occurredAt).toBe("2026-03-29T01:30:00.123Z");
    expect((await readProjection(other, dialect))[0]?.appliedAt).toBe("2026-03-29T01:30:00.123000");
    expect(event.occurredAt).toBe("2026-03-29T01:30:00.123Z");
    expect(await verifyHistory(other, dialect)).toMatchObject({ ok: true, events: 2 });
    // The projection's default is UTC too, whatever the session's zone.
    await other.execute(`INSERT INTO pormg_migrations (version, name, checksum) VALUES ('x', 'x', 'x')`);
    const [row] = await other.query<{ skew: number }>(
      "SELECT ABS(TIMESTAMPDIFF(SECOND, applied_at, UTC_TIMESTAMP())) AS skew FROM pormg_migrations WHERE version = 'x'",
    );
    expect(Number(row?.skew)).toBeLessThan(60);
  });

  test("concurrent appenders on two connections queue and never fork the chain", async () => {
    await initHistory(db.driver, dialect);
    const other = await db.open();
    await Promise.all([
      (async () => {
        for (let i = 1; i <= 8; i++) await recordEvent(db.driver, dialect, planned(v(i)));
      })(),
      (async () => {
        for (let i = 11; i <= 18; i++) await recordEvent(other, dialect, planned(v(i)));
      })(),
    ]);
    expect(await verifyHistory(db.driver, dialect)).toEqual({ ok: true, events: 16, firstBad: null });
  });

  test("a PormG pormg_migrations without an event log is adopted", async () => {
    await db.driver.execute(mysqlHistory.projectionDdl(unqualifiedNames));
    await db.driver.execute(`INSERT INTO pormg_migrations (version, name, checksum, sql_content, applied_at)
      VALUES ('${v(1)}', 'init', 'c', 'CREATE TABLE a (id int);', '2025-01-01 10:00:00.5')`);
    expect(await verifyHistory(db.driver, dialect)).toMatchObject({ ok: true, events: 0, unadoptedRows: 1 });
    expect(await initHistory(db.driver, dialect, { actor: "adopter" })).toMatchObject({
      adopted: 1,
      createdEvents: true,
    });
    expect((await readProjection(db.driver, dialect))[0]?.appliedAt).toBe("2025-01-01T10:00:00.500000");
    expect(await verifyHistory(db.driver, dialect)).toEqual({ ok: true, events: 1, firstBad: null });
  });

  test("repairs record their events, and a projection changed by hand is found and rebuilt from the log", async () => {
    await markApplied(db.driver, dialect, { version: v(1), name: "one", sqlContent: "SELECT 1;", reason: "by hand" });
    await markApplied(db.driver, dialect, { version: v(2), name: "two", sqlContent: "SELECT 2;", reason: "by hand" });
    await markFailed(db.driver, dialect, { version: v(2), reason: "it did not" });
    await removeRecord(db.driver, dialect, { version: v(2), reason: "gone" });
    expect((await readProjection(db.driver, dialect)).map((r) => [r.version, r.status])).toEqual([[v(1), "applied"]]);
    expect(await verifyHistory(db.driver, dialect)).toMatchObject({ ok: true, events: 4 });
    await db.driver.execute(`UPDATE pormg_migrations SET status = 'failed'`);
    expect((await verifyHistory(db.driver, dialect)).firstBad?.reason).toContain('status is "failed"');
    expect(await rebuildProjection(db.driver, dialect)).toEqual({ rows: 1, changed: [v(1)] });
    expect(await verifyHistory(db.driver, dialect)).toMatchObject({ ok: true, events: 4 });
  });

  test("a dropped event log is noticed (the marker remembers it)", async () => {
    await initHistory(db.driver, dialect);
    await recordEvent(db.driver, dialect, planned(v(1)));
    await recordEvent(db.driver, dialect, applied(v(1)));
    // The guard's foreign key refuses DROP TABLE; with foreign_key_checks off it goes through.
    expect((await rejection(db.driver.execute("DROP TABLE pormg_migration_events"))).errno).toBe(1451);
    await db.driver.execute(
      "SET foreign_key_checks = 0; DROP TABLE pormg_migration_events; SET foreign_key_checks = 1",
    );
    expect((await verifyHistory(db.driver, dialect)).firstBad?.reason).toContain("it was dropped");
    expect(isPormgError(await rejection(initHistory(db.driver, dialect)), "HISTORY_TAMPERED")).toBe(true);
  });
});

describe("mysql: concurrent bootstraps", () => {
  let db: MysqlTestDatabase;
  beforeEach(async () => {
    db = await historyDatabase();
  });
  afterEach(async () => {
    await db.dispose();
  });

  test("two connections bootstrapping at once: one creates, both succeed, and the lock is not left behind", async () => {
    const [a, b] = [db.driver, await db.open()];
    for (const c of [a, b]) await c.execute("SET SESSION lock_wait_timeout = 5");
    const results = await Promise.all([initHistory(a, dialect), initHistory(b, dialect)]);
    expect(results.filter((r) => r.createdEvents)).toHaveLength(1);
    const [held] = await a.query<{ holder: unknown }>(
      `SELECT IS_USED_LOCK(${mysqlLockNameSql(HISTORY_INIT)}) AS holder`,
    );
    // The creator released it with the marker; the one that found the work done may still hold it.
    const loser = results[0]?.createdEvents ? b : a;
    const [loserId] = await loser.query<{ id: unknown }>("SELECT CONNECTION_ID() AS id");
    expect(held?.holder === null || Number(held?.holder) === Number(loserId?.id)).toBe(true);
    // A later bootstrap on a connection that holds it does not wait for itself.
    await loser.execute("DROP TRIGGER pormg_migration_events_no_delete");
    expect(await initHistory(loser, dialect, { restoreTriggers: true })).toMatchObject({ restoredTriggers: true });
    expect(await verifyHistory(a, dialect)).toEqual({ ok: true, events: 0, firstBad: null });
  });

  test("a snapshot is a read-only transaction, and only the one transaction is", async () => {
    await initHistory(db.driver, dialect);
    const write = "INSERT INTO pormg_migrations (version, name, checksum) VALUES ('x', 'x', 'x')";
    const refused = await rejection(mysqlHistory.snapshot(db.driver, (d) => d.execute(write)));
    expect(refused.errno).toBe(1792);
    await db.driver.transaction((tx) => tx.execute(write));
    expect((await readProjection(db.driver, dialect)).map((r) => r.version)).toEqual(["x"]);
  });

  test("verify inside a transaction reads the caller's transaction (the isolation cannot change there)", async () => {
    await initHistory(db.driver, dialect);
    await recordEvent(db.driver, dialect, planned(v(1)));
    const result = await db.driver.transaction((tx) => verifyHistory(tx, dialect));
    expect(result).toEqual({ ok: true, events: 1, firstBad: null });
  });

  test("the lock name's SQL matches mysqlLockName, hashed for long database names", async () => {
    for (const name of ["shop", "d".repeat(64), "ünï😀".repeat(12)]) {
      const [row] = await db.driver.query<{ n: string }>(`SELECT ${mysqlLockNameSql(HISTORY_INIT, "?")} AS n`, [
        name,
        name,
        name,
      ]);
      expect(row?.n).toBe(mysqlLockName(name, HISTORY_INIT));
    }
  });
});

describe("mysql: history names qualified with another database (a dialect with schemas)", () => {
  let home: MysqlTestDatabase;
  let elsewhere: MysqlTestDatabase;
  beforeEach(async () => {
    [home, elsewhere] = await Promise.all([historyDatabase(), historyDatabase()]);
  });
  afterEach(async () => {
    await Promise.all([home.dispose(), elsewhere.dispose()]);
  });

  test("every statement lands in the named database, not the connection's", async () => {
    const qualifying = { ...dialect, capabilities: { schemas: true } };
    const driver = scoped(home.driver, elsewhere.name);
    expect(await initHistory(driver, qualifying)).toMatchObject({ createdEvents: true });
    const first = await recordEvent(driver, qualifying, planned(v(1)));
    await recordEvent(driver, qualifying, applied(v(1)));
    expect(await verifyHistory(driver, qualifying)).toEqual({ ok: true, events: 2, firstBad: null });
    expect(await initHistory(driver, qualifying)).toMatchObject({ createdEvents: false });
    const [here] = await home.driver.query<{ n: unknown }>(
      "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()",
    );
    expect(Number(here?.n)).toBe(0);
    await elsewhere.driver.execute("DROP TRIGGER pormg_migration_events_no_update");
    await elsewhere.driver.execute(`UPDATE pormg_migration_events SET actor = 'mallory' WHERE id = ${first.id}`);
    expect((await readHistoryIntegrity(driver, qualifying)).triggerProblems).toEqual([
      "trigger pormg_migration_events_no_update is missing",
    ]);
    expect(await initHistory(driver, qualifying, { restoreTriggers: true })).toMatchObject({ restoredTriggers: true });
    expect((await verifyHistory(driver, qualifying)).firstBad).toMatchObject({ id: first.id });
  });
});

/** `driver` marked as working in database `schema` (as a dialect's session scope would), transactions included. */
function scoped(driver: Driver, schema: string): Driver {
  return { ...driver, schema, transaction: (fn) => driver.transaction((tx) => fn(scoped(tx, schema))) };
}

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { readEvents, recordEvent } from "../../../src/history/event-store.ts";
import { initHistory } from "../../../src/history/init-history.ts";
import { readProjection } from "../../../src/history/projection.ts";
import { verifyHistory } from "../../../src/history/verify-history.ts";
import { type HistoryDb, historyDb, v } from "./history-helpers.ts";

describe("postgresql: concurrent appends", () => {
  let db: HistoryDb;
  beforeEach(async () => {
    db = await historyDb("postgresql");
  });
  afterEach(async () => {
    await db.dispose();
  });

  test("appenders on separate connections queue and never fork the chain", async () => {
    await initHistory(db.driver, dialectNamed(db.driver.dialect));
    const connections = await Promise.all([db.open(), db.open(), db.open(), db.open()]);
    const rounds = 15;
    await Promise.all(
      connections.map(async (driver, c) => {
        for (let i = 0; i < rounds; i++) {
          // Every connection also appends to one shared stream, so seqs are contested too.
          const version = i % 3 === 0 ? v(999) : v(c * 100 + i);
          await recordEvent(driver, dialectNamed(driver.dialect), {
            version,
            actor: `conn-${c}`,
            type: "planned",
            payload: { name: `c${c}`, checksum: "e".repeat(64), sqlContent: "", isDestructive: false, statements: 0 },
          });
          if (version !== v(999))
            await recordEvent(driver, dialectNamed(driver.dialect), {
              version,
              actor: `conn-${c}`,
              type: "applied",
              payload: { durationMs: 1, statements: 0 },
            });
        }
      }),
    );
    const events = await readEvents(db.driver, dialectNamed(db.driver.dialect));
    const shared = events.filter((e) => e.version === v(999));
    expect(shared.map((e) => e.seq)).toEqual(shared.map((_, i) => i + 1));
    expect(events.length).toBe(connections.length * (rounds + rounds - Math.ceil(rounds / 3)));
    expect(new Set(events.map((e) => e.prevHash)).size).toBe(events.length);
    expect(await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).toEqual({
      ok: true,
      events: events.length,
      firstBad: null,
    });
    expect((await readProjection(db.driver, dialectNamed(db.driver.dialect))).length).toBe(
      connections.length * (rounds - Math.ceil(rounds / 3)),
    );
  });

  test("the database itself rejects a second event after the same one (UNIQUE prev_hash)", async () => {
    await initHistory(db.driver, dialectNamed(db.driver.dialect));
    const first = await recordEvent(db.driver, dialectNamed(db.driver.dialect), {
      version: v(1),
      actor: "a",
      type: "planned",
      payload: { name: "n", checksum: "f".repeat(64), sqlContent: "", isDestructive: false, statements: 0 },
    });
    const fork = db.driver.query(
      `INSERT INTO pormg_migration_events ("version", "seq", "type", "occurred_at", "actor", "payload", "prev_hash", "hash")
       VALUES ($1, 1, 'planned', now(), 'mallory', '{}'::jsonb, $2, $3)`,
      [v(2), first.prevHash, "1".repeat(64)],
    );
    await expect(fork).rejects.toThrow(/pormg_migration_events_prev_hash_key/);
    const sameSeq = db.driver.query(
      `INSERT INTO pormg_migration_events ("version", "seq", "type", "occurred_at", "actor", "payload", "prev_hash", "hash")
       VALUES ($1, 1, 'planned', now(), 'mallory', '{}'::jsonb, $2, $3)`,
      [v(1), first.hash, "2".repeat(64)],
    );
    await expect(sameSeq).rejects.toThrow(/pormg_migration_events_version_seq_key/);
  });
});

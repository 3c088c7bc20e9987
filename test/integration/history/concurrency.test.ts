import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
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

// verifyHistory reads the catalog, the log and the projection with separate statements. Another
// server's migrate committing an event and its projection row between two of them must not read as
// tampering ("row present, the log has none"): the reads share one snapshot.
for (const dialect of ["postgresql", "sqlite"] as const) {
  describe(`${dialect}: verify while another connection appends`, () => {
    let db: HistoryDb;
    beforeEach(async () => {
      db = await historyDb(dialect);
    });
    afterEach(async () => {
      await db.dispose();
    });

    test("an append committed between any two of verify's reads is not reported as tampering", async () => {
      const d = dialectNamed(db.driver.dialect);
      await initHistory(db.driver, d);
      const writer = await db.open();
      // SQLite's writer must not wait: the reader holds the file's shared lock in this same process.
      if (dialect === "sqlite") await writer.execute("PRAGMA busy_timeout = 0");
      const append = async (n: number) => {
        const planned = { name: "n", checksum: "a".repeat(64), sqlContent: "", isDestructive: false, statements: 0 };
        await recordEvent(writer, d, { version: v(n), actor: "other-server", type: "planned", payload: planned });
        const applied = { durationMs: 1, statements: 0 };
        await recordEvent(writer, d, { version: v(n), actor: "other-server", type: "applied", payload: applied });
      };
      // The writer appends after the reader's k-th statement, for every k the reader reaches.
      for (let k = 1, reached = Number.POSITIVE_INFINITY; k <= reached; k++) {
        let queries = 0;
        const interleave = (inner: Driver): Driver => ({
          ...inner,
          async query(sql, params) {
            const rows = await inner.query(sql, params);
            if (++queries === k) await append(k).catch(() => {});
            return rows as never;
          },
          transaction: (fn) => inner.transaction((tx) => fn(interleave(tx))),
        });
        const result = await verifyHistory(interleave(db.driver), d);
        expect({ k, result }).toMatchObject({ k, result: { ok: true, firstBad: null } });
        reached = queries;
      }
      // Whichever way each writer went (committed, or refused while the reader held the file), the
      // history is consistent afterwards.
      expect(await verifyHistory(db.driver, d)).toMatchObject({ ok: true, firstBad: null });
      await writer.close();
    });
  });
}

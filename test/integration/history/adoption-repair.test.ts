import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { sha256Hex } from "../../../src/core/hash.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { readEvents } from "../../../src/history/event-store.ts";
import { initHistory } from "../../../src/history/init-history.ts";
import { readProjection } from "../../../src/history/projection.ts";
import { markApplied, markFailed, removeRecord } from "../../../src/history/repair.ts";
import { verifyHistory } from "../../../src/history/verify-history.ts";
import { DIALECTS } from "../../lib/dialects.ts";
import { type HistoryDb, historyDb, v } from "./history-helpers.ts";

/** PormG's table as an older PormG made it: frozen v1 without `format_version`. */
const PORMG_TABLE = {
  postgresql: `CREATE TABLE pormg_migrations (
  "id" SERIAL PRIMARY KEY, "version" VARCHAR(17) NOT NULL UNIQUE, "name" VARCHAR(255) NOT NULL,
  "checksum" VARCHAR(64) NOT NULL, "sql_content" TEXT NOT NULL DEFAULT '',
  "applied_at" TIMESTAMP NOT NULL DEFAULT NOW(), "status" VARCHAR(20) NOT NULL DEFAULT 'applied',
  "is_destructive" BOOLEAN NOT NULL DEFAULT FALSE)`,
  sqlite: `CREATE TABLE pormg_migrations (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT, "version" VARCHAR(17) NOT NULL UNIQUE, "name" VARCHAR(255) NOT NULL,
  "checksum" VARCHAR(64) NOT NULL, "sql_content" TEXT NOT NULL DEFAULT '',
  "applied_at" DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  "status" VARCHAR(20) NOT NULL DEFAULT 'applied', "is_destructive" BOOLEAN NOT NULL DEFAULT 0)`,
  mysql: `CREATE TABLE pormg_migrations (
  \`id\` INT NOT NULL AUTO_INCREMENT PRIMARY KEY, \`version\` VARCHAR(17) NOT NULL UNIQUE, \`name\` VARCHAR(255) NOT NULL,
  \`checksum\` VARCHAR(64) NOT NULL, \`sql_content\` LONGTEXT NOT NULL DEFAULT (''),
  \`applied_at\` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`status\` VARCHAR(20) NOT NULL DEFAULT 'applied',
  \`is_destructive\` BOOLEAN NOT NULL DEFAULT FALSE) ENGINE=InnoDB`,
} as const;

const ACTOR = "ana@ci:7 pormg/0.1.0";

for (const { name: dialect, dialect: quoting } of DIALECTS) {
  const q = (name: string) => quoting.quoteIdent(name);
  describe(`${dialect}: adoption of a PormG history`, () => {
    let db: HistoryDb;
    beforeEach(async () => {
      db = await historyDb(dialect);
    });
    afterEach(async () => {
      await db.dispose();
    });

    test("every row becomes an imported event, in version order; the rows stay as they were", async () => {
      await db.driver.execute(PORMG_TABLE[dialect]);
      const p = db.p;
      const columns = ["version", "name", "checksum", "sql_content", "status", "is_destructive", "applied_at"];
      const insert = `INSERT INTO pormg_migrations (${columns.map(q).join(", ")})
        VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${dialect === "postgresql" ? "$7::text::timestamp" : "?"})`;
      // Inserted out of version order, so ids and versions disagree.
      const legacy = dialect === "sqlite" ? "2024-03-01 09:30:00" : "2024-03-01 09:30:00.123456";
      await db.driver.query(insert, [v(20), "second", sha256Hex("b"), "b", "failed", true, legacy]);
      await db.driver.query(insert, [v(10), "first", sha256Hex("a"), "a", "applied", false, "2024-02-01 08:00:00"]);

      const result = await initHistory(db.driver, dialectNamed(db.driver.dialect), { actor: ACTOR });
      expect(result).toMatchObject({
        adopted: 2,
        addedFormatVersion: true,
        createdEvents: true,
        createdProjection: false,
      });

      const after = await readProjection(db.driver, dialectNamed(db.driver.dialect));
      if (dialect === "sqlite") {
        // PormG's init canonicalizes legacy SQLite timestamps.
        expect(after.find((r) => r.version === v(20))?.appliedAt).toBe("2024-03-01T09:30:00.000+00:00");
        expect(after.find((r) => r.version === v(10))?.appliedAt).toBe("2024-02-01T08:00:00.000+00:00");
      } else {
        expect(after.map((r) => r.appliedAt)).toEqual(["2024-02-01T08:00:00.000000", "2024-03-01T09:30:00.123456"]);
      }
      expect(
        after.map((r) => [
          r.id,
          r.version,
          r.name,
          r.checksum,
          r.sqlContent,
          r.status,
          r.isDestructive,
          r.formatVersion,
        ]),
      ).toEqual([
        [2, v(10), "first", sha256Hex("a"), "a", "applied", false, 1],
        [1, v(20), "second", sha256Hex("b"), "b", "failed", true, 1],
      ]);

      const events = await readEvents(db.driver, dialectNamed(db.driver.dialect));
      expect(events.map((e) => [e.type, e.version, e.seq, e.actor])).toEqual([
        ["imported", v(10), 1, ACTOR],
        ["imported", v(20), 1, ACTOR],
      ]);
      expect(events[1]?.payload as unknown).toEqual({ row: after[1] });
      expect(await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).toEqual({
        ok: true,
        events: 2,
        firstBad: null,
      });
      expect(await initHistory(db.driver, dialectNamed(db.driver.dialect))).toMatchObject({
        adopted: 0,
        createdEvents: false,
      });

      // Adopted rows can be repaired like any other.
      await markFailed(db.driver, dialectNamed(db.driver.dialect), {
        version: v(10),
        reason: "rolled back by hand",
        actor: ACTOR,
      });
      expect((await readProjection(db.driver, dialectNamed(db.driver.dialect))).map((r) => r.status)).toEqual([
        "failed",
        "failed",
      ]);
      expect((await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).ok).toBe(true);
    });

    test("an empty PormG table is adopted with no events", async () => {
      await db.driver.execute(PORMG_TABLE[dialect]);
      expect(await initHistory(db.driver, dialectNamed(db.driver.dialect))).toMatchObject({
        adopted: 0,
        createdEvents: true,
        addedFormatVersion: true,
      });
      expect(await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).toEqual({
        ok: true,
        events: 0,
        firstBad: null,
      });
    });
  });

  describe(`${dialect}: repair`, () => {
    let db: HistoryDb;
    beforeEach(async () => {
      db = await historyDb(dialect);
    });
    afterEach(async () => {
      await db.dispose();
    });

    test("mark-applied, mark-failed and remove round trip, each one event with who and why", async () => {
      const sql = "CREATE TABLE t (id integer);\nDROP TABLE old;";
      const marked = await markApplied(db.driver, dialectNamed(db.driver.dialect), {
        version: v(1),
        name: "manual",
        sqlContent: sql,
        isDestructive: true,
        reason: "applied by the DBA",
        actor: ACTOR,
      });
      expect(marked.payload).toEqual({
        name: "manual",
        checksum: sha256Hex(sql),
        sqlContent: sql,
        isDestructive: true,
        reason: "applied by the DBA",
      });
      expect(await readProjection(db.driver, dialectNamed(db.driver.dialect))).toMatchObject([
        {
          version: v(1),
          name: "manual",
          checksum: sha256Hex(sql),
          sqlContent: sql,
          status: "applied",
          isDestructive: true,
        },
      ]);

      await markFailed(db.driver, dialectNamed(db.driver.dialect), {
        version: v(1),
        reason: "it was rolled back",
        actor: ACTOR,
      });
      expect((await readProjection(db.driver, dialectNamed(db.driver.dialect)))[0]?.status).toBe("failed");

      await markApplied(db.driver, dialectNamed(db.driver.dialect), {
        version: v(2),
        name: "by checksum",
        checksum: "AB".repeat(32),
        reason: "r",
      });
      expect((await readProjection(db.driver, dialectNamed(db.driver.dialect)))[1]).toMatchObject({
        checksum: "ab".repeat(32),
        sqlContent: "",
      });

      await removeRecord(db.driver, dialectNamed(db.driver.dialect), {
        version: v(1),
        reason: "never existed",
        actor: ACTOR,
      });
      expect((await readProjection(db.driver, dialectNamed(db.driver.dialect))).map((r) => r.version)).toEqual([v(2)]);

      const events = await readEvents(db.driver, dialectNamed(db.driver.dialect));
      expect(events.map((e) => [e.type, e.version, e.seq])).toEqual([
        ["marked_applied", v(1), 1],
        ["marked_failed", v(1), 2],
        ["marked_applied", v(2), 1],
        ["removed", v(1), 3],
      ]);
      expect(events[3]?.payload).toEqual({ reason: "never existed" });
      expect(await verifyHistory(db.driver, dialectNamed(db.driver.dialect))).toEqual({
        ok: true,
        events: 4,
        firstBad: null,
      });
    });

    test("an unknown version is refused (exit 3) naming the known ones; nothing is written", async () => {
      await markApplied(db.driver, dialectNamed(db.driver.dialect), {
        version: v(1),
        name: "a",
        checksum: "c".repeat(64),
        reason: "r",
      });
      await markApplied(db.driver, dialectNamed(db.driver.dialect), {
        version: v(2),
        name: "b",
        checksum: "d".repeat(64),
        reason: "r",
      });
      const error = await markFailed(db.driver, dialectNamed(db.driver.dialect), { version: v(9), reason: "r" }).catch(
        (e) => e,
      );
      expect(isPormgError(error, "PLAN_REFUSED")).toBe(true);
      expect(error.exitCode).toBe(3);
      expect(error.message).toBe(
        `mark-failed: no migration record has this version ('${v(9)}'), so nothing was changed. Known versions: ${v(1)}, ${v(2)}. pormg status lists them.`,
      );
      expect(error.details.knownVersions).toEqual([v(1), v(2)]);
      await removeRecord(db.driver, dialectNamed(db.driver.dialect), { version: v(2), reason: "r" });
      const again = await removeRecord(db.driver, dialectNamed(db.driver.dialect), {
        version: v(2),
        reason: "r",
      }).catch((e) => e);
      expect(again.message).toStartWith("remove: its migration record was already removed");
      expect(again.message).toContain(`Known versions: ${v(1)}.`);
      expect((await readEvents(db.driver, dialectNamed(db.driver.dialect))).length).toBe(3);
    });

    test("on a fresh database the refusal says there are no records", async () => {
      const error = await removeRecord(db.driver, dialectNamed(db.driver.dialect), {
        version: v(1),
        reason: "r",
      }).catch((e) => e);
      expect(error.message).toContain("Known versions: none (the history has no migration records yet)");
    });

    test("mark-applied needs SQL or a checksum, and they must agree", async () => {
      const none = await markApplied(db.driver, dialectNamed(db.driver.dialect), {
        version: v(1),
        name: "x",
        reason: "r",
      }).catch((e) => e);
      expect(isPormgError(none, "USAGE")).toBe(true);
      expect(none.message).toContain("Refusing to fabricate one");
      const bad = await markApplied(db.driver, dialectNamed(db.driver.dialect), {
        version: v(1),
        name: "x",
        checksum: "nope",
        reason: "r",
      }).catch((e) => e);
      expect(isPormgError(bad, "USAGE")).toBe(true);
      const mismatch = await markApplied(db.driver, dialectNamed(db.driver.dialect), {
        version: v(1),
        name: "x",
        checksum: "0".repeat(64),
        sqlContent: "SELECT 1;",
        reason: "r",
      }).catch((e) => e);
      expect(isPormgError(mismatch, "PLAN_REFUSED")).toBe(true);
      const tooLong = await markApplied(db.driver, dialectNamed(db.driver.dialect), {
        version: "123456789012345678",
        name: "x",
        sqlContent: "",
        reason: "r",
      }).catch((e) => e);
      expect(isPormgError(tooLong, "USAGE")).toBe(true);
      expect(await readProjection(db.driver, dialectNamed(db.driver.dialect))).toEqual([]);
    });
  });
}

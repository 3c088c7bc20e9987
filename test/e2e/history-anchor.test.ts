/**
 * The hash chain has no secret, so a rewritten or cut log can verify again; an anchor stored
 * outside the database (`pormg history head`) detects it: `history verify --expect` and
 * `migrate --expect-head` refuse a log that no longer leads to the stored head. Real CLI, both
 * dialects, with the tampering done the way an attacker with write access would.
 */
import { describe, expect, test } from "bun:test";
import type { Driver } from "../../src/core/driver.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, ok, type Project, project } from "./migrate-helpers.ts";

/** Runs `fn` with the append-only triggers out of the way (as the table's owner could). */
async function tamper(p: Project, fn: (db: Driver) => Promise<void>): Promise<void> {
  const db = await p.open();
  try {
    if (p.dialect === "postgresql") {
      await db.execute("ALTER TABLE pormg_migration_events DISABLE TRIGGER USER");
      await fn(db);
      await db.execute("ALTER TABLE pormg_migration_events ENABLE TRIGGER USER");
    } else if (p.dialect === "mysql") {
      const triggers = await db.query(
        `SELECT TRIGGER_NAME AS name, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event, ACTION_STATEMENT AS body
           FROM information_schema.TRIGGERS
          WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'pormg_migration_events'`,
      );
      for (const t of triggers) await db.execute(`DROP TRIGGER \`${String(t.name)}\``);
      await fn(db);
      for (const t of triggers)
        await db.execute(
          `CREATE TRIGGER \`${String(t.name)}\` ${String(t.timing)} ${String(t.event)} ON pormg_migration_events FOR EACH ROW ${String(t.body)}`,
        );
    } else {
      const triggers = await db.query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'pormg_migration_events'",
      );
      for (const t of triggers) await db.execute(`DROP TRIGGER "${String(t.name)}"`);
      await fn(db);
      for (const t of triggers) await db.execute(String(t.sql));
    }
  } finally {
    await db.close();
  }
}

const head = (p: Project) => String(p.json(["history", "head"]).doc.head);

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: the head anchor`, () => {
    test("a cut log verifies by itself, but not against the stored head; migrate --expect-head refuses it", async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        const first = head(p);
        expect(first).toMatch(/^[0-9a-f]{64}$/);
        expect(p.run(["history", "verify", "--expect", first]).code).toBe(0);
        p.models(authorModels("bio: Models.TextField({ null: true }),"));
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        const second = head(p);
        // The log grew from the first head: it still leads to it.
        expect(p.run(["history", "verify", "--expect", first]).code).toBe(0);
        // Delete the newest release's events and its projection row.
        const reader = await p.open();
        const [last] = await reader.query("SELECT version FROM pormg_migration_events ORDER BY id DESC LIMIT 1");
        await reader.close();
        await tamper(p, async (db) => {
          const v = String(last?.version);
          await db.execute(`DELETE FROM pormg_migration_events WHERE version = '${v}'`);
          await db.execute(`DELETE FROM pormg_migrations WHERE version = '${v}'`);
        });
        expect(p.run(["history", "verify"]).code).toBe(0); // undetectable without an anchor
        const cut = p.run(["history", "verify", "--expect", second]);
        expect(cut.code).toBe(3);
        expect(cut.stderr).toContain(
          `error[HISTORY_TAMPERED]: The event log does not lead to the expected head ${second}`,
        );
        p.models(authorModels("bio: Models.TextField({ null: true }),\n  age: Models.IntegerField({ null: true }),"));
        // With nothing pending, and with a plan pending: refused, nothing applied.
        const idle = p.run(["migrate", "--expect-head", second]);
        expect(idle.code).toBe(3);
        ok(p.run(["makemigrations"]));
        const refused = p.json(["migrate", "--expect-head", second]);
        expect(refused.code).toBe(3);
        expect(refused.doc).toMatchObject({ outcome: "refused", error: { code: "HISTORY_TAMPERED" } });
        expect(p.json(["status"]).doc.pendingPlan).not.toBeNull();
      } finally {
        await p.dispose();
      }
    }, 60_000);

    test("an edited and re-chained log verifies by itself, but not against the stored head", async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        const stored = head(p);
        const { eventHash } = await import("../../src/history/hash-chain.ts");
        const { readEvents } = await import("../../src/history/event-store.ts");
        await tamper(p, async (db) => {
          let prev = "0".repeat(64);
          for (const e of await readEvents(db, dialectNamed(db.dialect))) {
            const actor = "someone-else@elsewhere";
            const hash = eventHash(prev, { ...e, actor });
            const q = dialect === "postgresql" ? ["$1", "$2", "$3", "$4"] : ["?", "?", "?", "?"];
            await db.query(
              `UPDATE pormg_migration_events SET actor = ${q[0]}, prev_hash = ${q[1]}, hash = ${q[2]} WHERE id = ${q[3]}`,
              [actor, prev, hash, e.id],
            );
            prev = hash;
          }
        });
        expect(p.run(["history", "verify"]).code).toBe(0);
        const r = p.run(["history", "verify", "--expect", stored]);
        expect(r.code).toBe(3);
        expect(r.stderr).toContain("HISTORY_TAMPERED");
      } finally {
        await p.dispose();
      }
    }, 60_000);
  });
}

describe("bad anchors are usage errors", () => {
  test("--expect and --expect-head take 64 hex digits", async () => {
    const p = await project("sqlite", authorModels());
    try {
      expect(p.run(["history", "verify", "--expect", "abc"]).code).toBe(64);
      ok(p.run(["makemigrations"]));
      expect(p.run(["migrate", "--expect-head", "xyz"]).code).toBe(64);
    } finally {
      await p.dispose();
    }
  });
});

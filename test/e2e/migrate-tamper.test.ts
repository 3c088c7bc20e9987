import { describe, expect, test } from "bun:test";
import type { Driver } from "../../src/core/driver.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, ok, type Project, planEvents, project } from "./migrate-helpers.ts";

/** Applies two one-step plans (four events, six on MySQL) and returns the event ids, oldest first. */
function twoPlans(p: Project): number[] {
  ok(p.run(["makemigrations"]));
  ok(p.run(["migrate"]));
  p.models(authorModels("born: Models.IntegerField({ null: true }),"));
  ok(p.run(["makemigrations", "--name", "born"]));
  ok(p.run(["migrate"]));
  const events = p.json(["history", "list"]).doc.events as { id: number }[];
  expect(events).toHaveLength(2 * planEvents(p.dialect, 1));
  return events.map((e) => e.id);
}

/** Runs `sql` on a raw connection with the append-only triggers out of the way, then puts them back. */
async function withoutTriggers(p: Project, db: Driver, sql: string): Promise<void> {
  if (p.dialect === "postgresql") {
    await db.execute("ALTER TABLE pormg_migration_events DISABLE TRIGGER USER");
    await db.execute(sql);
    await db.execute("ALTER TABLE pormg_migration_events ENABLE TRIGGER USER");
  } else {
    await db.execute("DROP TRIGGER pormg_migration_events_no_update; DROP TRIGGER pormg_migration_events_no_delete");
    await db.execute(sql);
  }
}

for (const { name: dialect } of DIALECTS) {
  const q = dialectNamed(dialect).quoteIdent;
  const total = 2 * planEvents(dialect, 1);
  describe(`${dialect}: tampering with the event log`, () => {
    test("UPDATE and DELETE through a raw connection are rejected", async () => {
      const p = await project(dialect, authorModels());
      const db = await p.open();
      try {
        twoPlans(p);
        await expect(db.execute(`UPDATE pormg_migration_events SET ${q("actor")} = 'mallory'`)).rejects.toThrow(
          /append-only.*UPDATE rejected/s,
        );
        await expect(db.execute("DELETE FROM pormg_migration_events")).rejects.toThrow(/append-only.*DELETE rejected/s);
        if (dialect === "postgresql")
          await expect(db.execute("TRUNCATE pormg_migration_events")).rejects.toThrow(/TRUNCATE rejected/);
        // TRUNCATE fires no trigger on MySQL: the foreign key of pormg_migration_events_guard refuses it (error 1701).
        if (dialect === "mysql")
          await expect(db.execute("TRUNCATE pormg_migration_events")).rejects.toThrow(/truncate.*foreign key/i);
        expect(p.json(["history", "verify"])).toMatchObject({ code: 0, doc: { ok: true, events: total } });
      } finally {
        await db.close();
        await p.dispose();
      }
    }, 30_000);

    test("an UPDATE made with the triggers disabled: history verify exits 3 naming the event", async () => {
      const p = await project(dialect, authorModels());
      const db = await p.open();
      try {
        const ids = twoPlans(p);
        const edited = ids[1] as number;
        const payload =
          dialect === "postgresql"
            ? `jsonb_set("payload", '{durationMs}', '999')`
            : `json_set(${q("payload")}, '$.durationMs', 999)`;
        await withoutTriggers(
          p,
          db,
          `UPDATE pormg_migration_events SET ${q("payload")} = ${payload} WHERE ${q("id")} = ${edited}`,
        );

        const verify = p.json(["history", "verify"]);
        expect(verify.code).toBe(3);
        expect(verify.doc).toEqual({
          schema: "pormg.history-verify/1",
          ok: false,
          events: total,
          firstBad: { id: edited, reason: expect.stringContaining("hash mismatch") },
          head: expect.stringMatching(/^[0-9a-f]{64}$/),
          warnings: [],
        });
        const human = p.run(["history", "verify"]);
        expect(human.code).toBe(3);
        expect(human.stderr).toContain(
          `error[HISTORY_TAMPERED]: The migration history does not verify: event ${edited}:`,
        );
        const status = p.json(["status"]);
        expect(status.doc.driftSignals).toContainEqual(
          expect.stringContaining(`The history does not verify: event ${edited}:`),
        );

        // migrate refuses to add to a tampered history, and applies nothing.
        p.models(
          authorModels("born: Models.IntegerField({ null: true }),\n  died: Models.IntegerField({ null: true }),"),
        );
        ok(p.run(["makemigrations", "--name", "died"]));
        const refused = p.json(["migrate"]);
        expect(refused.code).toBe(3);
        expect(refused.doc).toMatchObject({ outcome: "refused", error: { code: "HISTORY_TAMPERED" } });
        expect(p.json(["history", "list"]).doc.events).toHaveLength(total);
      } finally {
        await db.close();
        await p.dispose();
      }
    }, 30_000);

    test("a DELETE made with the triggers disabled: the next event's link is broken", async () => {
      const p = await project(dialect, authorModels());
      const db = await p.open();
      try {
        const ids = twoPlans(p);
        await withoutTriggers(p, db, `DELETE FROM pormg_migration_events WHERE ${q("id")} = ${ids[2]}`);
        const verify = p.json(["history", "verify"]);
        expect(verify.code).toBe(3);
        expect(verify.doc).toMatchObject({
          ok: false,
          events: total - 1,
          firstBad: { id: ids[3], reason: expect.stringContaining("broken chain") },
        });
      } finally {
        await db.close();
        await p.dispose();
      }
    }, 30_000);
  });
}

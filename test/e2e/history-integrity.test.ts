/**
 * The history detects what it promises, beyond the hash chain: a dropped event log (the projection
 * left behind), append-only triggers that were disabled, dropped or replaced by no-ops, and an
 * emptied log are each reported by `history verify` and `status` and refused by `migrate` — which
 * never re-imports the projection of a dropped log as a PormG history. `pormg init` restores the
 * triggers and says so. Real CLI, both dialects.
 */
import { describe, expect, test } from "bun:test";
import type { DialectName } from "../../src/core/dialect-name.ts";
import type { Driver } from "../../src/core/driver.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, ok, type Project, project } from "./migrate-helpers.ts";

async function sql(p: Project, statements: string): Promise<void> {
  const db: Driver = await p.open();
  try {
    await db.execute(statements);
  } finally {
    await db.close();
  }
}

async function tables(p: Project): Promise<string[]> {
  const db = await p.open();
  try {
    const rows =
      p.dialect === "postgresql"
        ? await db.query("SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 ORDER BY 1", [p.schema])
        : p.dialect === "mysql"
          ? await db.query(
              "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
            )
          : await db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1");
    return rows.map((r) => String(r.name)).filter((n) => n !== "sqlite_sequence");
  } finally {
    await db.close();
  }
}

/** A project with one applied plan and a second one pending. */
async function migrated(dialect: DialectName): Promise<Project> {
  const p = await project(dialect, authorModels());
  ok(p.run(["makemigrations"]));
  ok(p.run(["migrate"]));
  p.models(authorModels("bio: Models.TextField({ null: true }),"));
  ok(p.run(["makemigrations"]));
  return p;
}

const OFF = {
  postgresql: "ALTER TABLE pormg_migration_events DISABLE TRIGGER USER",
  sqlite: "DROP TRIGGER pormg_migration_events_no_update",
  mysql: "DROP TRIGGER pormg_migration_events_no_update",
} as const;

const NO_OP = {
  postgresql:
    "CREATE OR REPLACE FUNCTION pormg_migration_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
  sqlite:
    "DROP TRIGGER pormg_migration_events_no_delete; CREATE TRIGGER pormg_migration_events_no_delete BEFORE DELETE ON pormg_migration_events BEGIN SELECT 1; END",
  mysql:
    "DROP TRIGGER pormg_migration_events_no_delete; CREATE TRIGGER pormg_migration_events_no_delete BEFORE DELETE ON pormg_migration_events FOR EACH ROW SET @ignored = 1",
} as const;

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: history integrity`, () => {
    test("a dropped event log is reported, and migrate never re-adopts its projection", async () => {
      const p = await migrated(dialect);
      try {
        // MySQL: the guard's foreign key refuses dropping the log alone, so the guard goes with it.
        await sql(
          p,
          dialect === "mysql"
            ? "DROP TABLE pormg_migration_events_guard, pormg_migration_events"
            : "DROP TABLE pormg_migration_events",
        );
        const verify = p.run(["history", "verify"]);
        expect(verify.code).toBe(3);
        expect(verify.stderr).toContain("the event log pormg_migration_events is missing, but pormg has kept one");
        expect((p.json(["status"]).doc.driftSignals as string[]).join("\n")).toContain("it was dropped");
        const before = await tables(p);
        const r = p.run(["migrate"]);
        expect(r.code).toBe(3);
        expect(r.stderr).toContain("HISTORY_TAMPERED");
        expect(await tables(p)).toEqual(before); // nothing re-created, nothing imported
      } finally {
        await p.dispose();
      }
    }, 60_000);

    for (const [what, statements] of [
      ["disabled or dropped", OFF[dialect]],
      ["replaced by a no-op", NO_OP[dialect]],
    ] as const) {
      test(`append-only triggers ${what}: reported, migrate refused, pormg init restores them`, async () => {
        const p = await migrated(dialect);
        try {
          await sql(p, statements);
          const verify = p.run(["history", "verify"]);
          expect(verify.code).toBe(3);
          expect(verify.stderr).toContain("the append-only protection of the event log is off");
          expect((p.json(["status"]).doc.driftSignals as string[]).join("\n")).toContain("append-only protection");
          const refused = p.run(["migrate"]);
          expect(refused.code).toBe(3);
          expect(refused.stderr).toContain("append-only protection");
          const init = p.run(["init"]);
          expect(init.code).toBe(0);
          expect(init.stdout).toContain("restored the append-only triggers");
          expect(p.run(["history", "verify"]).code).toBe(0);
          ok(p.run(["migrate"]));
        } finally {
          await p.dispose();
        }
      }, 60_000);
    }

    test("an emptied event log beside projection rows is reported", async () => {
      const p = await migrated(dialect);
      try {
        await sql(
          p,
          dialect === "postgresql"
            ? "ALTER TABLE pormg_migration_events DISABLE TRIGGER USER; DELETE FROM pormg_migration_events; ALTER TABLE pormg_migration_events ENABLE TRIGGER USER"
            : "DROP TRIGGER pormg_migration_events_no_delete; DELETE FROM pormg_migration_events",
        );
        if (dialect !== "postgresql") ok(p.run(["init"])); // puts the dropped trigger back; the log stays empty
        const verify = p.run(["history", "verify"]);
        expect(verify.code).toBe(3);
        expect(verify.stderr).toContain("the event log is empty: it was emptied");
      } finally {
        await p.dispose();
      }
    }, 60_000);
  });
}

describe("a PormG history (projection only, never an event log) is still adopted", () => {
  test("verify notes the rows; migrate adopts them as imported events", async () => {
    const p = await project("sqlite", authorModels());
    try {
      await sql(
        p,
        `CREATE TABLE pormg_migrations ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "version" VARCHAR(17) NOT NULL UNIQUE,
           "name" VARCHAR(255) NOT NULL, "checksum" VARCHAR(64) NOT NULL, "sql_content" TEXT NOT NULL DEFAULT '',
           "applied_at" DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
           "status" VARCHAR(20) NOT NULL DEFAULT 'applied', "is_destructive" BOOLEAN NOT NULL DEFAULT 0,
           "format_version" INTEGER NOT NULL DEFAULT 1);
         INSERT INTO pormg_migrations (version, name, checksum) VALUES ('20250101000000000', 'from_pormg', '${"a".repeat(64)}')`,
      );
      const verify = p.json(["history", "verify"]);
      expect(verify.code).toBe(0);
      expect(verify.doc.unadoptedRows).toBe(1);
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      const events = p.json(["history"]).doc.events as { type: string }[];
      expect(events.map((e) => e.type)).toEqual(["imported", "planned", "applied"]);
    } finally {
      await p.dispose();
    }
  }, 60_000);
});

import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { unqualifiedNames } from "../../src/history/history-names.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, ok, type Project, planEvents, planEventTypes, project } from "./migrate-helpers.ts";

interface Event {
  id: number;
  type: string;
  version: string;
  actor: string;
  payload: Record<string, unknown>;
}

const events = (p: Project) => p.json(["history", "list"]).doc.events as Event[];
const versionsOf = (entries: unknown) => (entries as { version: string }[]).map((e) => e.version);

for (const { name: dialect } of DIALECTS) {
  const q = (sql: string) => sql.replace(/"([^"]+)"/g, (_m, name: string) => dialectNamed(dialect).quoteIdent(name));
  // The events of the one-step plan migrate applies first (MySQL: and its step_applied).
  const first = planEvents(dialect, 1);
  describe(`${dialect}: repair commands`, () => {
    test("mark-applied (--sql-file, --checksum), mark-failed, remove: events with reasons, visible in status", async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["makemigrations"]));
        const applied = p.json(["migrate"]).doc.version as string;

        // Unknown versions are refused, naming the known ones; nothing is written.
        for (const command of ["mark-failed", "remove"]) {
          const r = p.json([command, "20990101000000000", "--reason", "typo"]);
          expect(r.code).toBe(3);
          expect(r.doc).toMatchObject({ error: { code: "PLAN_REFUSED", details: { knownVersions: [applied] } } });
          const human = p.run([command, "20990101000000000"]);
          expect(human.stderr).toContain(`${command}: no migration record has this version ('20990101000000000')`);
          expect(human.stderr).toContain(`Known versions: ${applied}.`);
        }
        expect(events(p).map((e) => e.type)).toEqual(planEventTypes(dialect, 1));

        const sqlFile = join(p.cwd, "hotfix.sql");
        const sql = 'CREATE INDEX "author_name_idx" ON "author" ("name");\n';
        writeFileSync(sqlFile, sql);
        const bySql = p.json([
          "mark-applied",
          "20200101000000001",
          "hotfix by hand",
          "--sql-file",
          sqlFile,
          "--reason",
          "ran in psql during the outage",
        ]);
        expect(bySql).toMatchObject({
          code: 0,
          doc: { schema: "pormg.mark-applied/1", event: { type: "marked_applied", version: "20200101000000001" } },
        });
        const checksum = "ab".repeat(32);
        ok(
          p.run([
            "mark-applied",
            "20200101000000002",
            "legacy",
            "--checksum",
            checksum,
            "--reason",
            "from the old tool",
          ]),
        );
        expect(p.run(["mark-applied", "20200101000000003", "x"]).code).toBe(64);

        let status = p.json(["status"]);
        expect(status.doc.applied).toEqual([
          {
            version: "20200101000000001",
            name: "hotfix by hand",
            checksum: createHash("sha256").update(sql).digest("hex"),
            appliedAt: expect.any(String),
            isDestructive: false,
          },
          expect.objectContaining({ version: "20200101000000002", name: "legacy", checksum }),
          expect.objectContaining({ version: applied }),
        ]);

        ok(p.run(["mark-failed", "20200101000000002", "--reason", "never really ran"]));
        status = p.json(["status"]);
        expect(versionsOf(status.doc.failed)).toEqual(["20200101000000002"]);
        expect(versionsOf(status.doc.applied)).toEqual(["20200101000000001", applied]);

        const removed = p.json(["remove", "20200101000000002", "--reason", "recorded by mistake"]);
        expect(removed).toMatchObject({ code: 0, doc: { event: { type: "removed", version: "20200101000000002" } } });
        status = p.json(["status"]);
        expect(status.doc.failed).toEqual([]);
        expect(versionsOf(status.doc.applied)).toEqual(["20200101000000001", applied]);
        expect(p.json(["remove", "20200101000000002"]).code).toBe(3);

        const log = events(p);
        expect(log.map((e) => [e.type, e.version])).toEqual([
          ...planEventTypes(dialect, 1).map((type) => [type, applied]),
          ["marked_applied", "20200101000000001"],
          ["marked_applied", "20200101000000002"],
          ["marked_failed", "20200101000000002"],
          ["removed", "20200101000000002"],
        ]);
        expect(log.slice(first).map((e) => e.payload.reason)).toEqual([
          "ran in psql during the outage",
          "from the old tool",
          "never really ran",
          "recorded by mistake",
        ]);
        expect(log[first]?.payload).toMatchObject({ sqlContent: sql, name: "hotfix by hand" });
        for (const e of log) expect(e.actor).toMatch(/^[^@]+@[^:]+:\d+/);
        const human = p.run(["history", "list"]).stdout;
        expect(human).toContain("20200101000000002#3  removed");
        expect(p.json(["history", "verify"])).toMatchObject({ code: 0, doc: { ok: true, events: first + 4 } });
      } finally {
        await p.dispose();
      }
    }, 60_000);

    test("init adopts a PormG-made pormg_migrations: rows kept, imported events, verify ok", async () => {
      const p = await project(dialect, authorModels());
      const db = await p.open();
      try {
        await db.execute(dialectNamed(dialect).history.projectionDdl(unqualifiedNames));
        const insert = `INSERT INTO pormg_migrations ${q('("version", "name", "checksum", "sql_content", "status", "is_destructive", "applied_at")')}
          VALUES (${dialect === "postgresql" ? "$1, $2, $3, $4, $5, $6, $7" : "?, ?, ?, ?, ?, ?, ?"})`;
        const rows = [
          ["20240101120000000", "pending_migration", "1".repeat(64), "CREATE TABLE a (id int);", "applied", false],
          ["20240202120000000", "pending_migration", "2".repeat(64), "DROP TABLE a;", "failed", true],
          ["20240303120000000", "manual", "3".repeat(64), "", "applied", false],
        ] as const;
        for (const [i, row] of rows.entries())
          await db.query(insert, [
            ...row.slice(0, 5),
            dialect === "postgresql" ? row[5] : Number(row[5]),
            dialect === "postgresql" ? `2024-0${i + 1}-01 12:00:00` : `2024-0${i + 1}-01 12:00:00`,
          ]);
        const before = await db.query(
          q(`SELECT "id", "version", "name", "checksum", "sql_content", "status" FROM pormg_migrations ORDER BY "id"`),
        );

        const init = p.json(["init"]);
        expect(init).toMatchObject({
          code: 0,
          doc: { schema: "pormg.init/1", adopted: 3, createdEvents: true, createdProjection: false },
        });
        expect(p.json(["init"]).doc).toMatchObject({ adopted: 0, createdEvents: false });

        const after = await db.query(
          q(`SELECT "id", "version", "name", "checksum", "sql_content", "status" FROM pormg_migrations ORDER BY "id"`),
        );
        expect(after).toEqual(before);
        expect(events(p).map((e) => [e.type, e.version])).toEqual(rows.map((r) => ["imported", r[0]]));
        expect(p.json(["history", "verify"])).toMatchObject({ code: 0, doc: { ok: true, events: 3 } });
        const status = p.json(["status"]);
        expect(versionsOf(status.doc.applied)).toEqual(["20240101120000000", "20240303120000000"]);
        expect(versionsOf(status.doc.failed)).toEqual([]);
        expect(versionsOf(status.doc.superseded)).toEqual(["20240202120000000"]);

        // The adopted history goes on: pormg's own migration lands after the imported rows.
        ok(p.run(["makemigrations"]));
        expect(p.json(["migrate"]).doc.outcome).toBe("applied");
        expect(p.json(["history", "verify"])).toMatchObject({ code: 0, doc: { ok: true, events: 3 + first } });
      } finally {
        await db.close();
        await p.dispose();
      }
    }, 60_000);
  });
}

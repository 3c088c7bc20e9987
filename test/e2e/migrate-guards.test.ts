import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DIALECTS } from "../lib/dialects.ts";
import type { Project } from "./migrate-helpers.ts";
import { authorModels, eventTypes, ident, ok, planEventTypes, project } from "./migrate-helpers.ts";

const BORN = "born: Models.IntegerField({ null: true }),";
const NICK = "nick: Models.CharField({ maxLength: 20, null: true }),";

async function columns(p: Project, table: string): Promise<string[]> {
  const db = await p.open();
  try {
    const rows =
      p.dialect === "postgresql"
        ? await db.query(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
            [p.schema, table],
          )
        : p.dialect === "mysql"
          ? await db.query(
              "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position",
              [table],
            )
          : await db.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table]);
    return rows.map((r) => String(r.name));
  } finally {
    await db.close();
  }
}

async function exec(p: Project, sql: string): Promise<void> {
  const db = await p.open();
  try {
    await db.execute(sql);
  } finally {
    await db.close();
  }
}

function backups(p: Project): string[] {
  return readdirSync(dirname(p.file)).filter((f) => f.includes(".pormg-backup-"));
}

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: migrate guards`, () => {
    test("destructive plan: refused without --destructive, applied with it (SQLite: VACUUM INTO backup unless --no-backup)", async () => {
      const p = await project(dialect, authorModels(`${BORN}\n  ${NICK}`));
      try {
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        p.models(authorModels(NICK));
        const version = p.json(["makemigrations", "--name", "drop born"]).doc.version as string;

        const refused = p.json(["migrate"]);
        expect(refused.code).toBe(3);
        expect(refused.doc).toMatchObject({
          schema: "pormg.migrate/1",
          outcome: "refused",
          version,
          checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
          statements: expect.any(Number),
          error: { code: "DESTRUCTIVE_UNCONFIRMED" },
        });
        const human = p.run(["migrate"]);
        expect(human.code).toBe(3);
        expect(human.stderr).toContain(
          "error[DESTRUCTIVE_UNCONFIRMED]: Migration contains destructive operation(s). Pass --destructive to confirm.",
        );
        expect(human.stderr).toMatch(/ {2}- .*born/);
        expect(await columns(p, "author")).toEqual(["id", "name", "born", "nick"]);
        expect(await eventTypes(p)).toEqual(planEventTypes(dialect, 1));
        if (dialect === "sqlite") expect(backups(p)).toEqual([]);

        const applied = p.json(["migrate", "--destructive"]);
        expect(applied).toMatchObject({ code: 0, doc: { outcome: "applied", version, destructive: true } });
        expect(await columns(p, "author")).toEqual(["id", "name", "nick"]);
        const status = p.json(["status"]);
        expect(status.doc.applied).toContainEqual(expect.objectContaining({ version, isDestructive: true }));
        if (dialect === "sqlite") {
          const backup = `${p.file}.pormg-backup-${version}`;
          expect(applied.doc.backup).toBe(backup);
          expect(existsSync(backup)).toBe(true);
          expect(backups(p)).toEqual([backup.slice(dirname(p.file).length + 1)]);
        } else {
          expect(applied.doc.backup).toBeNull();
        }

        p.models(authorModels());
        const second = p.json(["makemigrations", "--name", "drop nick"]).doc.version as string;
        const noBackup = p.json(["migrate", "--destructive", "--no-backup"]);
        expect(noBackup).toMatchObject({ code: 0, doc: { outcome: "applied", version: second, backup: null } });
        expect(await columns(p, "author")).toEqual(["id", "name"]);
        if (dialect === "sqlite") expect(backups(p)).toHaveLength(1);
      } finally {
        await p.dispose();
      }
    }, 60_000);

    test("stale plan: a table changed between makemigrations and migrate is refused, naming it", async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        p.models(authorModels(BORN));
        ok(p.run(["makemigrations"]));
        await exec(p, `ALTER TABLE ${ident(p, "author")} ADD COLUMN ${ident(p, "sneaky")} integer`);
        const stale = p.json(["migrate"]);
        expect(stale.code).toBe(3);
        expect(stale.doc).toMatchObject({ outcome: "refused", error: { code: "PLAN_STALE" } });
        const human = p.run(["migrate"]);
        expect(human.stderr).toContain(
          'error[PLAN_STALE]: The pending plan is stale: "author" changed since it was generated',
        );
        expect(await columns(p, "author")).toEqual(["id", "name", "sneaky"]);
        expect(await eventTypes(p)).toEqual(planEventTypes(dialect, 1));
      } finally {
        await p.dispose();
      }
    }, 60_000);

    test("stale plan: only the tables the plan reads count — the one it alters and the one its new key references", async () => {
      const library = (extra: string) => `import { Models } from "pormg";
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });
export const Genre = Models.Model({ id: Models.IDField(), label: Models.CharField({ maxLength: 40 }) });
export const Book = Models.Model({ id: Models.IDField(), title: Models.CharField({ maxLength: 100 }),${extra} });
`;
      const withAuthor = ' author: Models.ForeignKey("Author", { null: true, onDelete: "CASCADE" })';
      const p = await project(dialect, library(""));
      try {
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        p.models(library(withAuthor));
        ok(p.run(["makemigrations"]));
        const plan = readFileSync(join(p.folder, "migrations", "pending_migrations.sql"), "utf8");
        expect(plan.match(/^-- pormg-schema-table: \S+ (.*)$/gm)?.map((l) => l.split(" ").pop())).toEqual([
          "author",
          "book",
        ]);
        // A table the plan does not read changed: the plan still applies; the drift check names the change.
        await exec(p, `ALTER TABLE ${ident(p, "genre")} ADD COLUMN ${ident(p, "sneaky")} integer`);
        const applied = p.json(["migrate"]);
        expect(applied.doc).toMatchObject({ outcome: "drift" });
        expect(applied.doc.applied).toHaveLength(1);
        expect(JSON.stringify(applied.doc.differences)).toContain("genre");
        expect(await columns(p, "book")).toContain("author");
        // The table its new key references changed: stale.
        await exec(p, `ALTER TABLE ${ident(p, "genre")} DROP COLUMN ${ident(p, "sneaky")}`);
        p.models(
          library(
            `${withAuthor}, editor: Models.ForeignKey("Author", { null: true, onDelete: "CASCADE", relatedName: "edited" })`,
          ),
        );
        ok(p.run(["makemigrations"]));
        await exec(p, `ALTER TABLE ${ident(p, "author")} ADD COLUMN ${ident(p, "sneaky")} integer`);
        const stale = p.json(["migrate"]);
        expect(stale.doc).toMatchObject({ outcome: "refused", error: { code: "PLAN_STALE" } });
        expect(p.run(["migrate"]).stderr).toContain('"author" changed since it was generated');
      } finally {
        await p.dispose();
      }
    }, 60_000);

    test("precheck: NOT NULL over NULLs is refused with the count", async () => {
      const p = await project(dialect, authorModels(BORN));
      try {
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        await exec(
          p,
          `INSERT INTO ${ident(p, "author")} (${ident(p, "name")}, ${ident(p, "born")}) VALUES ('a', NULL), ('b', NULL), ('c', 1970)`,
        );
        p.models(authorModels("born: Models.IntegerField(),"));
        ok(p.run(["makemigrations"]));
        const refused = p.json(["migrate", "--destructive"]);
        expect(refused.code).toBe(3);
        expect(refused.doc).toMatchObject({ outcome: "refused", error: { code: "PRECHECK_FAILED" } });
        const human = p.run(["migrate", "--destructive"]);
        expect(human.stderr).toContain("error[PRECHECK_FAILED]: The plan would fail on existing rows");
        expect(human.stderr).toMatch(/author\.born: .* — 2 row\(s\)/);
        expect(await eventTypes(p)).toEqual(planEventTypes(dialect, 1));
      } finally {
        await p.dispose();
      }
    }, 60_000);

    test("change_db: false with a plan pending → disabled, exit 3; no plan and no archive → nothing_pending, or drift", async () => {
      const off = await project(dialect, authorModels());
      try {
        // makemigrations itself refuses under change_db: false, so the plan comes first.
        ok(off.run(["makemigrations"]));
        const yml = join(off.folder, "connection.yml");
        writeFileSync(yml, readFileSync(yml, "utf8").replace("change_db: true", "change_db: false"));
        const disabled = off.json(["migrate"]);
        expect(disabled).toMatchObject({
          code: 3,
          doc: { outcome: "disabled", version: null, statements: 0, error: { code: "MIGRATE_DISABLED" } },
        });
        const human = off.run(["migrate"]);
        expect(human.code).toBe(3);
        expect(human.stderr).toContain("error[MIGRATE_DISABLED]");
        expect(human.stderr).toContain("change_db: false");
        expect(existsSync(join(off.folder, "migrations", "pending_migrations.sql"))).toBe(true);
        expect(off.json(["status"]).doc).toMatchObject({ applied: [], historyTable: false });
      } finally {
        await off.dispose();
      }
      const p = await project(dialect, authorModels());
      try {
        // Models declaring a table the empty database lacks: a deploy must not go green.
        expect(p.json(["migrate"])).toMatchObject({
          code: 2,
          doc: { schema: "pormg.migrate/1", outcome: "drift", version: null, checksum: null, statements: 0 },
        });
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        expect(p.json(["migrate"]).doc).toMatchObject({ outcome: "already_applied", applied: [], differences: [] });
      } finally {
        await p.dispose();
      }
      const empty = await project(dialect, 'import { Models } from "pormg";\n');
      try {
        expect(empty.json(["migrate"])).toMatchObject({
          code: 0,
          doc: { outcome: "nothing_pending", differences: [] },
        });
      } finally {
        await empty.dispose();
      }
    }, 60_000);
  });
}

describe("sqlite: a plan run on a database file that does not exist any more", () => {
  test("is refused as stale (its tables are gone), not run to fail on them", async () => {
    const p = await project("sqlite", authorModels());
    try {
      // A table made by hand (no archived plan could make it again), then a plan that changes it.
      await exec(p, 'CREATE TABLE "author" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL)');
      p.models(authorModels(BORN));
      ok(p.run(["makemigrations"]));
      rmSync(p.file);
      const stale = p.json(["migrate"]);
      expect(stale.code).toBe(3);
      expect(stale.doc).toMatchObject({ outcome: "refused", error: { code: "PLAN_STALE" } });
    } finally {
      await p.dispose();
    }
  }, 60_000);
});

/**
 * Small guards, through the real CLI on SQLite: an empty models file that would drop every table
 * warns loudly (and stays guarded); a dangling pending-plan link is an error, not "nothing
 * pending"; a pending plan that is a link is archived as a copy; a lock file that is the database
 * itself is refused.
 */
import { describe, expect, test } from "bun:test";
import { lstatSync, readFileSync, renameSync, symlinkSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { authorModels, ok, project } from "./migrate-helpers.ts";

describe("small guards (sqlite)", () => {
  test("a models file that declares no tables: a loud warning, and migrate stays guarded", async () => {
    const p = await project("sqlite", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      p.models('import { Models } from "pormg";\n');
      const r = p.run(["makemigrations"]);
      expect(r.code).toBe(0);
      expect(r.stderr + r.stdout).toContain("THIS PLAN DROPS EVERY TABLE IN THE DATABASE (author)");
      expect(p.run(["migrate"]).code).toBe(3);
    } finally {
      await p.dispose();
    }
  }, 60_000);

  test("a dangling pending-plan link is an error; a linked plan is archived as a copy", async () => {
    const p = await project("sqlite", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      const pending = join(p.folder, "migrations", "pending_migrations.sql");
      const real = join(p.cwd, "reviewed-plan.sql");
      renameSync(pending, real);
      symlinkSync(join(p.cwd, "nowhere.sql"), pending);
      for (const command of ["migrate", "dry-run"]) {
        const r = p.run([command]);
        expect({ command, code: r.code }).toEqual({ command, code: 78 });
        expect(r.stderr).toContain("it is a symbolic link to");
      }
      // status reports it among its signals instead of "nothing pending".
      const status = p.json(["status"]);
      expect(status.doc.pending).toBe(true);
      expect((status.doc.driftSignals as string[]).join("\n")).toContain("it is a symbolic link to");
      unlinkSync(pending);
      symlinkSync(real, pending);
      const applied = p.json(["migrate"]);
      expect(applied.doc.outcome).toBe("applied");
      const archived = applied.doc.archived as string;
      expect(lstatSync(archived).isSymbolicLink()).toBe(false);
      // The reviewed text, byte for byte, plus the header line recording the checksum that ran.
      const reviewed = readFileSync(real, "utf8").split("\n");
      const at = reviewed.findIndex((l) => l.startsWith("-- pormg-generated-checksum:")) + 1;
      reviewed.splice(at, 0, `-- pormg-applied-checksum: ${applied.doc.checksum}`);
      expect(readFileSync(archived, "utf8")).toBe(reviewed.join("\n"));
      expect(() => lstatSync(pending)).toThrow();
    } finally {
      await p.dispose();
    }
  }, 60_000);

  test("a lock file that is a link to the database itself is refused", async () => {
    const p = await project("sqlite", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      p.models(authorModels("bio: Models.TextField({ null: true }),"));
      ok(p.run(["makemigrations"]));
      unlinkSync(`${p.file}.pormg-lock`);
      symlinkSync(p.file, `${p.file}.pormg-lock`);
      const r = p.run(["migrate"]);
      expect(r.code).toBe(78);
      expect(r.stderr).toContain("is the database");
    } finally {
      await p.dispose();
    }
  }, 60_000);
});

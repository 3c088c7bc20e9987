import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isPormgError, Migrations, runInTransaction, scaffold } from "../../mod.ts";
import { tempDir } from "../lib/cli.ts";

test("the Migrations library API runs the whole workflow on SQLite", async () => {
  const folder = join(tempDir(), "db");
  scaffold(folder);
  writeFileSync(
    join(folder, "models.ts"),
    'import { Models } from "pormg";\nexport const Team = Models.Model({ teamId: Models.IDField(), name: Models.CharField({ maxLength: 40 }) });\n',
  );
  const planned = await Migrations.makemigrations(folder, { name: "teams" });
  expect(planned).toMatchObject({ outcome: "written", steps: 1, destructive: false });
  const dry = await Migrations.dryRun(folder, { verify: true });
  expect(dry.verify).toMatchObject({ ok: true, differences: [] });
  expect(await Migrations.migrate(folder)).toMatchObject({ outcome: "applied", version: planned.version });
  // The archived plan is the release, and this database has it.
  expect(await Migrations.migrate(folder)).toMatchObject({ outcome: "already_applied", applied: [], exitCode: 0 });
  await runInTransaction(folder, async (tx) => {
    await tx.query("INSERT INTO team (name) VALUES (?)", ["Ferrari"]);
  });
  expect(await Migrations.check(folder)).toEqual({ drift: false, differences: [] });
  const state = await Migrations.status(folder);
  expect(state.applied.map((a) => a.name)).toEqual(["teams"]);
  expect(state.driftSignals).toEqual([]);
  try {
    await Migrations.markFailed(folder, { version: "20990101000000000", reason: "test" });
    throw new Error("expected a refusal");
  } catch (error) {
    expect(isPormgError(error, "PLAN_REFUSED")).toBe(true);
    expect((error as Error).message).toContain(planned.version ?? "?");
  }
});

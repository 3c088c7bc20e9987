import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isPormgError } from "../../../src/core/errors.ts";
import { dialects } from "../../../src/dialect/dialect.ts";
import { fold } from "../../../src/history/fold.ts";
import { planChecksum } from "../../../src/plan-file/checksum.ts";
import type { PlanDocument } from "../../../src/plan-file/plan-document.ts";
import { readPlan } from "../../../src/plan-file/read-plan.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import { withAppliedChecksum } from "../../../src/use-cases/archive.ts";
import { lackingPlans, readRelease } from "../../../src/use-cases/release-plans.ts";
import { tempDir } from "../../lib/cli.ts";
import { applied, chain, planned } from "../history/history-events.ts";

function plan(version: string, sql: string, dialect: PlanDocument["dialect"] = "postgresql"): PlanDocument {
  const steps = [{ label: "t | New model", sql, destructive: false, transactional: true }];
  return {
    formatVersion: 1,
    version,
    name: `plan ${version.slice(-3)}`,
    dialect,
    modelsHash: "a".repeat(64),
    tables: [{ name: "t", fingerprint: "absent" }],
    lossy: [],
    generatedChecksum: planChecksum(steps),
    steps,
  };
}

/** A folder whose archive holds `files` (name → text). */
function folderWith(files: Record<string, string>): string {
  const folder = join(tempDir("pormg-release-unit-"), "db");
  const dir = join(folder, "migrations", "applied_migrations");
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return folder;
}

const P1 = plan("20260101000000001", 'CREATE TABLE "a" ("id" integer);');
const P2 = plan("20260101000000002", 'CREATE TABLE "b" ("id" integer);');
const archived = (p: PlanDocument, sql = p.steps.map((s) => s.sql)) =>
  withAppliedChecksum(writePlan(p, dialects()), planChecksum(sql.map((s) => ({ sql: s }))));

describe("the archive as the release", () => {
  test("withAppliedChecksum adds one header line after the generated checksum, outside the checksum", () => {
    const text = withAppliedChecksum(writePlan(P1, dialects()), "f".repeat(64));
    const again = withAppliedChecksum(text, "e".repeat(64));
    expect(again.split("\n").filter((l) => l.startsWith("-- pormg-applied-checksum:"))).toEqual([
      `-- pormg-applied-checksum: ${"e".repeat(64)}`,
    ]);
    const lines = again.split("\n");
    const at = lines.findIndex((l) => l.startsWith("-- pormg-generated-checksum:"));
    expect(lines[at + 1]).toBe(`-- pormg-applied-checksum: ${"e".repeat(64)}`);
    const back = readPlan(again, "x.sql", dialects(), { applied: true });
    expect(back.appliedChecksum).toBe("e".repeat(64));
    expect(planChecksum(back.steps)).toBe(planChecksum(P1.steps));
  });

  test("plans of this dialect come in version order; another dialect's are set aside", () => {
    const folder = folderWith({
      "b.sql": archived(P2),
      "a.sql": archived(P1),
      "c.sql": archived(plan("20260101000000000", 'CREATE TABLE "s" ("id" integer);', "sqlite")),
      "notes.txt": "not a plan",
    });
    const release = readRelease(folder, "postgresql");
    expect(release.plans.map((a) => a.plan.version)).toEqual([P1.version, P2.version]);
    expect(release.otherDialect.map((a) => a.plan.dialect)).toEqual(["sqlite"]);
    expect(readRelease(join(folder, "nowhere"), "sqlite")).toEqual({ plans: [], otherDialect: [] });
  });

  test("a step edited after archiving is ARCHIVE_EDITED naming the file; an old archive is checked against the generated checksum", () => {
    const edited = archived(P2).replace('"b"', '"bb"');
    const folder = folderWith({ "1.sql": archived(P1), "2.sql": edited });
    try {
      readRelease(folder, "postgresql");
      throw new Error("expected a refusal");
    } catch (error) {
      expect(isPormgError(error, "ARCHIVE_EDITED")).toBe(true);
      expect((error as Error).message).toContain(join(folder, "migrations", "applied_migrations", "2.sql"));
      expect((error as Error).message).toContain("-- pormg-applied-checksum:");
    }
    // Hand-edited before it was applied: the applied checksum is the edited one, and it verifies.
    const handEdited = withAppliedChecksum(
      writePlan(P2, dialects()).replace('"b"', '"bb"'),
      planChecksum([{ sql: 'CREATE TABLE "bb" ("id" integer);' }]),
    );
    expect(readRelease(folderWith({ "2.sql": handEdited }), "postgresql").plans).toHaveLength(1);
    // No applied checksum (an archive from before): the generated one decides.
    const old = writePlan(P2, dialects());
    expect(readRelease(folderWith({ "2.sql": old }), "postgresql").plans).toHaveLength(1);
    expect(() => readRelease(folderWith({ "2.sql": old.replace('"b"', '"bb"') }), "postgresql")).toThrow(
      /predates pormg recording one/,
    );
  });

  test("an unreadable archive file is PLAN_MALFORMED naming it; two plans of one version are refused", () => {
    const folder = folderWith({ "bad.sql": "SELECT 1;\n" });
    expect(() => readRelease(folder, "postgresql")).toThrow(/bad\.sql/);
    const twice = folderWith({ "1.sql": archived(P1), "1b.sql": archived({ ...P2, version: P1.version }) });
    expect(() => readRelease(twice, "postgresql")).toThrow(/two different plans of version 20260101000000001/);
  });

  test("the history lacks a plan unless its version or its checksum is applied", () => {
    const release = readRelease(folderWith({ "1.sql": archived(P1), "2.sql": archived(P2) }), "postgresql");
    const c1 = planChecksum(P1.steps);
    const c2 = planChecksum(P2.steps);
    expect(lackingPlans(fold([]), release.plans).map((a) => a.plan.version)).toEqual([P1.version, P2.version]);
    const hasOne = fold(chain([planned(P1.version, c1), applied(P1.version)]));
    expect(lackingPlans(hasOne, release.plans).map((a) => a.plan.version)).toEqual([P2.version]);
    // The same steps applied under another version (generated twice) count as applied.
    const sameSql = fold(chain([planned("20250101000000009", c2), applied("20250101000000009")]));
    expect(lackingPlans(sameSql, release.plans).map((a) => a.plan.version)).toEqual([P1.version]);
    // A failed attempt is still lacking.
    const failedOnce = fold(
      chain([planned(P1.version, c1), { version: P1.version, type: "failed", payload: { error: "x", durationMs: 1 } }]),
    );
    expect(lackingPlans(failedOnce, release.plans)).toHaveLength(2);
    // The version applied with other steps: the archive is not what ran here.
    const other = fold(chain([planned(P1.version, "d".repeat(64)), applied(P1.version)]));
    expect(() => lackingPlans(other, release.plans)).toThrow(/differs from what this database's history applied/);
  });
});

import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isPormgError } from "../../../src/core/errors.ts";
import { sha256Hex } from "../../../src/core/hash.ts";
import { dialects } from "../../../src/dialect/dialect.ts";
import { planChecksum, sqlContent } from "../../../src/plan-file/checksum.ts";
import type { PlanDocument } from "../../../src/plan-file/plan-document.ts";
import { readPlan } from "../../../src/plan-file/read-plan.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import { pgPlan, pgSteps, sqlitePlan } from "./sample-plan.ts";

const fixtures = join(import.meta.dir, "fixtures");

/** Compares `text` with a golden file; `UPDATE_GOLDEN=1` rewrites it instead. */
function expectGolden(file: string, text: string) {
  const path = join(fixtures, file);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, "utf8"));
}

function internalError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isPormgError(e, "INTERNAL")) return e.message;
    throw e;
  }
  throw new Error("expected an INTERNAL error");
}

describe("writePlan", () => {
  test("PostgreSQL plan matches the golden file", () => {
    expectGolden("postgres-plan.sql", writePlan(pgPlan, dialects()));
  });

  test("SQLite plan with a rebuild step matches the golden file", () => {
    expectGolden("sqlite-plan.sql", writePlan(sqlitePlan, dialects()));
  });

  test("header comes first in docs/design.md §5 order, steps follow in execution order", () => {
    const lines = writePlan(pgPlan, dialects()).split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "-- pormg-migration-format: 1",
      "-- pormg-version: 20261129153000123",
      "-- pormg-name: add driver code",
      "-- pormg-dialect: postgresql",
      `-- pormg-models-hash: ${"a".repeat(64)}`,
    ]);
    const labels = lines.filter((l) => l.startsWith("-- step: ")).map((l) => l.slice(9));
    expect(labels).toEqual(pgSteps.map((s) => s.label));
    expect(lines.findIndex((l) => l.startsWith("-- pormg-generated-checksum:"))).toBe(
      lines.findIndex((l) => l.startsWith("-- step:")) - 1,
    );
  });

  test("steps without flags get no flags line; flagged ones get exactly the non-default flags", () => {
    const text = writePlan(pgPlan, dialects());
    expect(text).toContain('-- step: drivers | Add field: code\nALTER TABLE "drivers"');
    expect(text).toContain('-- pormg-step-flags: {"destructive":true}\nALTER TABLE "results" DROP COLUMN');
    expect(text).toContain('-- pormg-step-flags: {"transactional":false}\nCREATE INDEX CONCURRENTLY');
  });

  test("text that does not fit on a line verbatim is written as a JSON string and reads back", () => {
    const step = pgSteps[1] as PlanDocument["steps"][number];
    const awkward = [
      "line\nbreak",
      " leading space",
      "trailing ",
      '"quoted"',
      "tab\there",
      "naïve ✓ 名前",
      "sep\u2028x",
    ];
    const lineCount = (doc: PlanDocument) => writePlan(doc, dialects()).split("\n").length;
    const plain: PlanDocument = {
      ...pgPlan,
      name: "n",
      tables: [{ name: "t", fingerprint: "0123456789abcdef" }],
      steps: [{ ...step, label: "l" }],
      generatedChecksum: planChecksum([step]),
    };
    for (const value of awkward) {
      const doc: PlanDocument = {
        ...plain,
        name: value,
        tables: [{ name: value, fingerprint: "0123456789abcdef" }],
        steps: [{ ...step, label: value }],
      };
      expect(lineCount(doc)).toBe(lineCount(plain));
      expect(readPlan(writePlan(doc, dialects()), "p.sql", dialects())).toEqual(doc);
    }
    expect(writePlan({ ...plain, name: "naïve ✓ 名前" }, dialects())).toContain("-- pormg-name: naïve ✓ 名前\n");
    expect(writePlan({ ...plain, name: " x" }, dialects())).toContain('-- pormg-name: " x"\n');
  });

  test("refuses documents it could not read back, as a bug (INTERNAL)", () => {
    const step = pgSteps[1] as PlanDocument["steps"][number];
    expect(internalError(() => writePlan({ ...pgPlan, steps: [] }, dialects()))).toContain("at least one step");
    expect(
      internalError(() => writePlan({ ...pgPlan, steps: [{ ...step, sql: "SELECT 1;\r\nSELECT 2;" }] }, dialects())),
    ).toContain("CR");
    expect(
      internalError(() => writePlan({ ...pgPlan, steps: [{ ...step, sql: "SELECT 1;\n" }] }, dialects())),
    ).toContain("blank space");
    expect(
      internalError(() =>
        writePlan({ ...pgPlan, steps: [{ ...step, sql: "SELECT 1;\n-- step: x\nSELECT 2;" }] }, dialects()),
      ),
    ).toContain("does not read back");
    expect(
      internalError(() => writePlan({ ...pgPlan, steps: [{ ...step, sql: "SELECT 'open;" }] }, dialects())),
    ).toContain("cannot read back");
  });
});

describe("checksum", () => {
  test("sql_content is the steps' SQL joined with LF; checksum is its lowercase hex SHA-256", () => {
    expect(sqlContent([{ sql: "A;" }, { sql: "B;\nC;" }])).toBe("A;\nB;\nC;");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(planChecksum([{ sql: "ab" }, { sql: "c" }])).toBe(sha256Hex("ab\nc"));
    expect(planChecksum([{ sql: "abc" }])).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  test("the header is not part of the checksum", () => {
    const renamed = readPlan(
      writePlan({ ...pgPlan, name: "other", version: "20300101000000000" }, dialects()),
      "p.sql",
      dialects(),
    );
    expect(planChecksum(renamed.steps)).toBe(planChecksum(pgPlan.steps));
  });
});

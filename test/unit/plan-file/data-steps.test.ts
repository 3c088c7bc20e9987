import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";
import { dialects } from "../../../src/dialect/dialect.ts";
import { isGeneratedLabel, stepLabel } from "../../../src/plan/labels.ts";
import { planChecksum, sqlContent } from "../../../src/plan-file/checksum.ts";
import { dataTemplateStep, PLACEHOLDER, placeholderSteps } from "../../../src/plan-file/data-template.ts";
import { executionOrder, readsLikeDataStep, stepPhase } from "../../../src/plan-file/execution-order.ts";
import { decodeLossy, encodeLossy } from "../../../src/plan-file/header-values.ts";
import { readPlan } from "../../../src/plan-file/read-plan.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import { pgPlan } from "./sample-plan.ts";

const base = writePlan(pgPlan, dialects());

function malformed(text: string): PormgError {
  try {
    readPlan(text, "plan.sql", dialects());
  } catch (error) {
    if (isPormgError(error, "PLAN_MALFORMED")) return error;
    throw error;
  }
  throw new Error("expected PLAN_MALFORMED");
}

const lineOf = (text: string, fragment: string) => text.split("\n").findIndex((l) => l.includes(fragment)) + 1;

describe("execution order", () => {
  const steps = [
    { label: "Data (post): last" },
    { label: "t | Add field: a" },
    { label: "Data (pre): first" },
    { label: "Data (post): later" },
    { label: "custom view" },
    { label: "Data (pre): second" },
  ];

  test("pre steps, then schema steps, then post steps, each in file order", () => {
    expect(executionOrder(steps).map((s) => s.label)).toEqual([
      "Data (pre): first",
      "Data (pre): second",
      "t | Add field: a",
      "custom view",
      "Data (post): last",
      "Data (post): later",
    ]);
    expect(steps.map((s) => stepPhase(s.label))).toEqual(["post", "schema", "pre", "post", "schema", "pre"]);
  });

  test("labels that read like data steps", () => {
    for (const label of ["data(pre): x", "Data (Pre): x", " DATA (after): x", "Data(post):x"])
      expect(readsLikeDataStep(label)).toBe(true);
    for (const label of ["database | Add field: x", "metadata (x)", "t | Data (pre): x"])
      expect(readsLikeDataStep(label)).toBe(false);
  });

  test("every generated label kind is recognised as generated, data steps and free text are not", () => {
    const generated = [
      stepLabel.createTable("data (x"),
      stepLabel.dropTable("t"),
      stepLabel.renameTable("t"),
      stepLabel.addField("t", "c"),
      stepLabel.removeField("t", "c"),
      stepLabel.alterField("t", "c"),
      stepLabel.renameField("t", "c"),
      stepLabel.setPrimaryKey("t", ["a", "b"]),
      stepLabel.removePrimaryKey("t"),
      stepLabel.newForeignKey("t", ["a"]),
      stepLabel.removeForeignKey("t", ["a"]),
      stepLabel.createIndex("t", "i"),
      stepLabel.removeIndex("t", "i"),
      stepLabel.renameIndex("t", "i"),
      stepLabel.createUnique("t", "u"),
      stepLabel.removeUnique("t", "u"),
      stepLabel.createCheck("t", "k"),
      stepLabel.removeCheck("t", "k"),
      stepLabel.alterTable("t"),
    ];
    expect(generated.filter((l) => !isGeneratedLabel(l))).toEqual([]);
    expect(["Data (after): x", "custom", "t | Drop tables", "x | y"].filter(isGeneratedLabel)).toEqual([]);
  });
});

describe("readPlan: data steps", () => {
  test("a data step at the end reads; the checksum stays over the file order, so written plans keep theirs", () => {
    const text = `${base}-- step: Data (pre): fill\nUPDATE "drivers" SET "code" = 'x' WHERE "code" IS NULL;\n`;
    const plan = readPlan(text, "plan.sql", dialects());
    expect(plan.steps.at(-1)?.label).toBe("Data (pre): fill");
    expect(executionOrder(plan.steps)[0]?.label).toBe("Data (pre): fill");
    const fileOrder = plan.steps.map((s) => s.sql).join("\n");
    expect(sqlContent(plan.steps)).toBe(fileOrder);
    expect(planChecksum(plan.steps)).toBe(createHash("sha256").update(fileOrder).digest("hex"));
    // The sample plan, written before this rule, still has the checksum it was written with.
    expect(planChecksum(readPlan(base, "plan.sql", dialects()).steps)).toBe(pgPlan.generatedChecksum);
  });

  test("a label that reads like a data step but is neither is refused with its line and the fix", () => {
    for (const label of ["data(pre): x", "Data (Pre): x", "Data (after): x", "DATA (POST): x"]) {
      const text = `${base}-- step: ${label}\nSELECT 1;\n`;
      const error = malformed(text);
      expect(error.message).toStartWith(
        `plan.sql:${lineOf(text, label)}: step label "${label}" reads like a data step`,
      );
      expect(error.message).toContain("-- step: Data (pre): <what it does>");
      expect(error.details).toMatchObject({ line: lineOf(text, label) });
    }
  });

  test("a generated label of a table named like a data step is a schema step", () => {
    const label = stepLabel.addField("data (old)", "x");
    const plan = readPlan(`${base}-- step: ${label}\nSELECT 1;\n`, "plan.sql", dialects());
    expect(stepPhase(plan.steps.at(-1)?.label ?? "")).toBe("schema");
  });

  test("a Data (pre) step that cannot run in a transaction is refused", () => {
    const text = `${base}-- step: Data (pre): index\nCREATE INDEX CONCURRENTLY "i" ON "drivers" ("code");\n`;
    expect(malformed(text).message).toContain("a `Data (pre):` step runs inside the plan's transaction");
    // As a post step it runs after the commit.
    expect(() => readPlan(text.replace("Data (pre)", "Data (post)"), "plan.sql", dialects())).not.toThrow();
  });

  test("an applied plan (an archive) is read without the data-step rules", () => {
    const text = `${base}-- step: Data (after): x\nSELECT 1;\n`;
    expect(readPlan(text, "plan.sql", dialects(), { applied: true }).steps.at(-1)?.label).toBe("Data (after): x");
  });
});

describe('readPlan: "handled":"pre"', () => {
  const mark = (text: string, fragment: string) =>
    text
      .split("\n")
      .map((l) => (l.startsWith("-- pormg-lossy:") && l.includes(fragment) ? `${l.slice(0, -1)},"handled":"pre"}` : l))
      .join("\n");
  const pre = `-- step: Data (pre): fill\nUPDATE "drivers" SET "code" = 'x' WHERE "code" IS NULL;\n`;

  test("a counted rows finding marked handled, with a Data (pre) step, reads back with the mark", () => {
    const plan = readPlan(mark(`${base}${pre}`, "NOT NULL over NULLs"), "plan.sql", dialects());
    expect(plan.lossy.find((f) => f.column === "code")).toMatchObject({ kind: "rows", handled: "pre" });
  });

  test("refused without a Data (pre) step, on silent, uncounted and add_not_null findings", () => {
    const noPre = mark(base, "NOT NULL over NULLs");
    expect(malformed(noPre).message).toStartWith(`plan.sql:${lineOf(noPre, '"handled"')}:`);
    expect(malformed(noPre).message).toContain("but the plan has no `Data (pre):` step");
    expect(malformed(mark(`${base}${pre}`, "dropped with its values")).message).toContain("on a silent change");
    const uncounted = base.replace(
      '"countSql":"SELECT COUNT(*) AS n FROM \\"drivers\\" WHERE \\"code\\" IS NULL"}',
      '"handled":"pre"}',
    );
    expect(uncounted).not.toBe(base);
    expect(malformed(`${uncounted}${pre}`).message).toContain("on a finding pormg cannot count");
    const addNotNull = base.replace("NOT NULL over NULLs", "add_not_null: a NOT NULL column with no default");
    expect(malformed(mark(`${addNotNull}${pre}`, "add_not_null")).message).toContain("on a new NOT NULL column");
  });

  test("the mark round-trips through the header JSON; any other value is refused", () => {
    const finding = {
      table: "t",
      column: "c",
      kind: "rows" as const,
      reason: "set_not_null",
      countSql: "SELECT 1 AS n",
      handled: "pre" as const,
    };
    expect(decodeLossy(encodeLossy(finding))).toEqual(finding);
    expect(decodeLossy(encodeLossy(finding).replace('"pre"', '"post"'))).toContain('"handled" must be "pre"');
  });
});

describe("the makemigrations --empty template", () => {
  test("one Data (post) step whose placeholder is found only as the string literal", () => {
    const step = dataTemplateStep("backfill\ncodes ");
    expect(step.label).toBe("Data (post): backfill codes");
    expect(placeholderSteps([step], "postgresql")).toEqual([step.label]);
    const edited = { ...step, sql: `-- was: SELECT '${PLACEHOLDER}' AS placeholder;\nUPDATE t SET c = 1;` };
    expect(placeholderSteps([edited], "postgresql")).toEqual([]);
    // The template is a plan readPlan accepts.
    const doc = { ...pgPlan, lossy: [], steps: [step], generatedChecksum: planChecksum([step]) };
    expect(readPlan(writePlan(doc, dialects()), "plan.sql", dialects()).steps).toEqual([step]);
  });
});

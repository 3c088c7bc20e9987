import { describe, expect, test } from "bun:test";
import { dialects } from "../../../src/dialect/dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { readPlan } from "../../../src/plan-file/read-plan.ts";
import { planStatements } from "../../../src/plan-file/step-statements.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import type { PlanStep } from "../../../src/schema/operation.ts";
import { pgPlan } from "./sample-plan.ts";

const drop: PlanStep = {
  label: "book | Remove foreign key: author_id",
  sql: 'ALTER TABLE "book" DROP CONSTRAINT "book_author_id_fkey";',
  destructive: false,
  transactional: true,
  recreate: true,
};
const retype: PlanStep = {
  label: "book | Alter field: author_id",
  sql: 'ALTER TABLE "book" ALTER COLUMN "author_id" TYPE text USING "author_id"::text;',
  destructive: false,
  transactional: true,
};
const add: PlanStep = {
  label: "book | New foreign key: author_id",
  sql: 'ALTER TABLE "book" ADD CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED;',
  destructive: false,
  transactional: true,
};

const destructiveSteps = (steps: readonly PlanStep[]) => {
  const classified = planStatements(steps, postgresDialect);
  return steps.filter((s) => (classified.get(s) ?? []).some((c) => c.destructive)).map((s) => s.label);
};

describe("planStatements: dropping a constraint removes no data (docs/design.md §10)", () => {
  test("the drop half of a re-creation is not destructive", () => {
    expect(destructiveSteps([drop, retype, add])).toEqual([]);
  });

  test("nor is a constraint drop without the recreate flag or without the add", () => {
    const { recreate: _, ...plain } = drop;
    expect(destructiveSteps([plain, retype, add])).toEqual([]);
    expect(destructiveSteps([drop, retype])).toEqual([]);
  });

  test("a drop step that also drops a column, or cascades, is destructive whatever its flag", () => {
    const more = { ...drop, sql: `${drop.sql}\nALTER TABLE "book" DROP COLUMN "note";` };
    expect(destructiveSteps([more, retype, add])).toEqual([drop.label]);
    const cascade = { ...drop, sql: drop.sql.replace(";", " CASCADE;") };
    expect(destructiveSteps([cascade, retype, add])).toEqual([drop.label]);
  });
});

describe("plan files keep the re-creation", () => {
  test("the recreate flag is written and read back, and the step is not destructive", () => {
    const doc = { ...pgPlan, steps: [drop, retype, add] };
    const text = writePlan(doc, dialects());
    expect(text).toContain(`-- step: ${drop.label}\n-- pormg-step-flags: {"recreate":true}\n`);
    const back = readPlan(text, "plan.sql", dialects());
    expect(back.steps.map((s) => [s.destructive, s.recreate ?? false])).toEqual([
      [false, true],
      [false, false],
      [false, false],
    ]);
  });

  test("a plan whose drop was edited to cascade reads the drop as destructive", () => {
    const text = writePlan({ ...pgPlan, steps: [drop, retype, add] }, dialects());
    const edited = text.replace(
      'DROP CONSTRAINT "book_author_id_fkey";',
      'DROP CONSTRAINT "book_author_id_fkey" CASCADE;',
    );
    expect(readPlan(edited, "plan.sql", dialects()).steps.map((s) => s.destructive)).toEqual([true, false, false]);
  });

  test("a recreate flag must be true", () => {
    const text = writePlan({ ...pgPlan, steps: [drop, retype, add] }, dialects()).replace(
      '{"recreate":true}',
      '{"recreate":1}',
    );
    expect(() => readPlan(text, "plan.sql", dialects())).toThrow('"recreate" must be true');
  });
});

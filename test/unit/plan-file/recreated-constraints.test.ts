import { describe, expect, test } from "bun:test";
import type { PlanStep } from "../../../src/plan/operation.ts";
import { readPlan } from "../../../src/plan-file/read-plan.ts";
import { planStatements } from "../../../src/plan-file/step-statements.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import { constraintChange } from "../../../src/sql/constraint-shape.ts";
import { splitStatements } from "../../../src/sql/split-statements.ts";
import { pgPlan } from "./sample-plan.ts";

const change = (sql: string, dialect: "postgresql" | "sqlite" = "postgresql") =>
  constraintChange(splitStatements(sql, dialect)[0] as never, dialect);

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
  const classified = planStatements(steps, "postgresql");
  return steps.filter((s) => (classified.get(s) ?? []).some((c) => c.destructive)).map((s) => s.label);
};

describe("constraintChange: statements that drop or add one named constraint", () => {
  test("drops and adds, names folded as PostgreSQL folds them", () => {
    expect(change('ALTER TABLE "Book" DROP CONSTRAINT "Book_fk"')).toEqual({
      action: "drop",
      table: "Book",
      name: "Book_fk",
    });
    expect(change("ALTER TABLE IF EXISTS ONLY Book DROP CONSTRAINT IF EXISTS Book_FK RESTRICT")).toEqual({
      action: "drop",
      table: "book",
      name: "book_fk",
    });
    expect(change('ALTER TABLE "book" ADD CONSTRAINT "c" CHECK (a > 0) NOT VALID')).toEqual({
      action: "add",
      table: "book",
      name: "c",
    });
  });

  test("anything else is not a constraint change", () => {
    expect(change('ALTER TABLE "book" DROP CONSTRAINT "c" CASCADE')).toBeUndefined();
    expect(change('ALTER TABLE "book" DROP CONSTRAINT "c", DROP COLUMN "x"')).toBeUndefined();
    expect(change('ALTER TABLE "public"."book" DROP CONSTRAINT "c"')).toBeUndefined();
    expect(change('ALTER TABLE "book" DROP COLUMN "c"')).toBeUndefined();
    expect(change('ALTER TABLE "book" ADD CONSTRAINT "c"')).toBeUndefined();
    expect(change("SELECT 'ALTER TABLE book DROP CONSTRAINT c'")).toBeUndefined();
  });
});

describe("planStatements: a constraint the plan drops and adds back is re-created, not removed", () => {
  test("the drop half of a re-creation is not destructive", () => {
    expect(destructiveSteps([drop, retype, add])).toEqual([]);
  });

  test("without the planner's recreate flag, a constraint drop stays destructive", () => {
    const { recreate: _, ...plain } = drop;
    expect(destructiveSteps([plain, retype, add])).toEqual([drop.label]);
  });

  test("with the add edited away, renamed, on another table or before the drop, the drop is destructive", () => {
    expect(destructiveSteps([drop, retype])).toEqual([drop.label]);
    const renamed = { ...add, sql: add.sql.replace('"book_author_id_fkey"', '"other_fkey"') };
    expect(destructiveSteps([drop, retype, renamed])).toEqual([drop.label]);
    const elsewhere = { ...add, sql: add.sql.replace('ALTER TABLE "book"', 'ALTER TABLE "novel"') };
    expect(destructiveSteps([drop, retype, elsewhere])).toEqual([drop.label]);
    expect(destructiveSteps([add, drop, retype])).toEqual([drop.label]);
  });

  test("an add that runs after the commit, or a drop step that also drops more, does not count", () => {
    expect(destructiveSteps([drop, retype, { ...add, transactional: false }])).toEqual([drop.label]);
    const more = { ...drop, sql: `${drop.sql}\nALTER TABLE "book" DROP COLUMN "note";` };
    expect(destructiveSteps([more, retype, add])).toEqual([drop.label]);
  });

  test("execution order decides: a Data (pre) step that adds the constraint runs before the drop", () => {
    const pre = { ...add, label: "Data (pre): add it early" };
    expect(destructiveSteps([drop, retype, pre])).toEqual([drop.label]);
  });
});

describe("plan files keep the re-creation", () => {
  test("the recreate flag is written and read back, and the step is not destructive", () => {
    const doc = { ...pgPlan, steps: [drop, retype, add] };
    const text = writePlan(doc);
    expect(text).toContain(`-- step: ${drop.label}\n-- pormg-step-flags: {"recreate":true}\n`);
    const back = readPlan(text, "plan.sql");
    expect(back.steps.map((s) => [s.destructive, s.recreate ?? false])).toEqual([
      [false, true],
      [false, false],
      [false, false],
    ]);
  });

  test("a plan whose add was edited away reads the drop as destructive", () => {
    const text = writePlan({ ...pgPlan, steps: [drop, retype, add] });
    const edited = text.replace(/-- step: book \| New foreign key: author_id\n[^\n]*\n/, "");
    expect(readPlan(edited, "plan.sql").steps.map((s) => s.destructive)).toEqual([true, false]);
  });

  test("a recreate flag must be true", () => {
    const text = writePlan({ ...pgPlan, steps: [drop, retype, add] }).replace('{"recreate":true}', '{"recreate":1}');
    expect(() => readPlan(text, "plan.sql")).toThrow('"recreate" must be true');
  });
});

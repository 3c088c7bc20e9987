import { describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { countDuplicates, countWhere } from "../../../src/plan/lossy-count.ts";
import { assertPrecheck } from "../../../src/use-cases/migrate-checks.ts";
import { precheckFix, preStepTemplate } from "../../../src/use-cases/precheck-hints.ts";

const notNull = {
  table: "people",
  column: "full name",
  kind: "rows" as const,
  reason: "set_not_null: rows where it is NULL fail",
  // The live names: the table was renamed by the plan, the count still reads the old one.
  countSql: countWhere(postgresDialect, "persons", '"full name" IS NULL'),
};

describe("precheck hints", () => {
  test("a NULL finding gets an UPDATE of the live table and column with a value to fill in", () => {
    expect(preStepTemplate(notNull)).toBe(
      '-- step: Data (pre): fix people.full name\nUPDATE "persons" SET "full name" = <value> WHERE "full name" IS NULL;',
    );
  });

  test("other counted findings get an UPDATE over their predicate, or the count query to act on", () => {
    const long = {
      ...notNull,
      reason: "varchar_length",
      countSql: countWhere(postgresDialect, "p", 'char_length(rtrim("c")) > 5'),
    };
    expect(preStepTemplate(long)).toBe(
      '-- step: Data (pre): fix people.full name\nUPDATE "p" SET <column> = <value> WHERE char_length(rtrim("c")) > 5;',
    );
    const dup = { ...notNull, reason: "add_unique (c)", countSql: countDuplicates(postgresDialect, "p", ['"c"']) };
    expect(preStepTemplate(dup)).toContain(`-- Change or delete the rows this query counts: ${dup.countSql}`);
  });

  test("the refusal names the step to paste and the marked header line, or the models fix", () => {
    const lines = precheckFix({ ...notNull, rows: 2 }, "db/migrations/pending_migrations.sql").join("\n");
    expect(lines).toContain("append it to db/migrations/pending_migrations.sql");
    expect(lines).toContain('UPDATE "persons" SET "full name" = <value> WHERE "full name" IS NULL;');
    expect(lines).toContain('"handled":"pre"}');
    const added = { ...notNull, reason: "add_not_null: a NOT NULL column with no default …", rows: 3 };
    expect(precheckFix(added, "x").join("\n")).toContain("`default: <value>` or `dbDefault:");
    const left = { ...notNull, handled: "pre" as const, rows: 1, rowsBefore: 4 };
    expect(precheckFix(left, "x").join("\n")).toContain("leave 1 row(s) that fail (4 before them)");
  });

  test("assertPrecheck refuses with every failing finding and its fix, and passes when nothing fails", () => {
    expect(() => assertPrecheck([{ ...notNull, rows: 0 }])).not.toThrow();
    try {
      assertPrecheck([{ ...notNull, rows: 2 }], "plan.sql");
      throw new Error("expected a refusal");
    } catch (error) {
      expect(isPormgError(error, "PRECHECK_FAILED")).toBe(true);
      expect((error as Error).message).toContain(
        "people.full name: set_not_null: rows where it is NULL fail — 2 row(s)",
      );
      expect((error as Error).message).toContain("-- step: Data (pre): fix people.full name");
    }
  });
});

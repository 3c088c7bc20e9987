import { afterEach, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
import { dialectNamed, dialects, registerDialect } from "../../../src/dialect/dialect.ts";
import { introspect } from "../../../src/introspect/introspect.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import type { Schema } from "../../../src/schema/ir.ts";
import { splitStatements } from "../../../src/sql/split-statements.ts";
import { skeletonDialect } from "../../fixtures/skeleton-dialect/skeleton-dialect.ts";

// The seam of issue 12: a third dialect is one folder (test/fixtures/skeleton-dialect/) plus one
// registration. It typechecks against `Dialect` without any change in src/, and generic code
// reaches it only through its parts — each of which says "not supported" here.

let unregister: (() => void) | undefined;
afterEach(() => {
  unregister?.();
  unregister = undefined;
});

const empty: Schema = { dialect: "skeleton", tables: [] };
const withTable: Schema = {
  dialect: "skeleton",
  tables: [
    {
      name: "author",
      columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
      checks: [],
      indexes: [],
      uniques: [],
      foreignKeys: [],
    },
  ],
};

describe("a skeleton third dialect", () => {
  test("registers beside the built-in dialects, and unregisters", () => {
    unregister = registerDialect(skeletonDialect);
    expect(dialects().map((d) => d.name)).toEqual(["postgresql", "sqlite", "mysql", "skeleton"]);
    expect(dialectNamed("skeleton")).toBe(skeletonDialect);
    expect(() => registerDialect(skeletonDialect)).toThrow("already registered");
    unregister();
    unregister = undefined;
    expect(dialects().map((d) => d.name)).toEqual(["postgresql", "sqlite", "mysql"]);
    expect(() => dialectNamed("skeleton")).toThrow("no dialect named skeleton");
  });

  test("generic code reaches it only through its parts", async () => {
    unregister = registerDialect(skeletonDialect);
    const d = dialectNamed("skeleton");
    expect(() => splitStatements("SELECT 1", d.sql)).toThrow("skeleton dialect: sql.");
    const driver = { dialect: "skeleton", serverVersion: "0" } as unknown as Driver;
    await expect(introspect(driver, d)).rejects.toThrow("skeleton dialect: introspector.");
    expect(() => modelsToSchema({ Author: Models.Model({ id: Models.IDField() }) }, d)).toThrow("skeleton dialect: ");
    await expect(planOperations(empty, withTable, d)).rejects.toThrow("skeleton dialect: ");
  });

  test("its capabilities and quoting are its own, as data", () => {
    expect(skeletonDialect.capabilities.transactionalDdl).toBe(false);
    expect(skeletonDialect.quoteIdent('a"b')).toBe('"a""b"');
    expect(skeletonDialect.ignoredTablePrefixes).toEqual(["skeleton_"]);
  });
});

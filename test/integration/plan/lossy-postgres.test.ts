import { afterAll, beforeAll, expect, test } from "bun:test";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { createTestSchema, type TestSchema } from "../introspect/postgres-helpers.ts";
import { applyPostgres, count } from "./apply.ts";
import { postgresLossy, retype } from "./lossy-postgres-data.ts";

// The lossy findings every dialect has are in lossy-findings.test.ts; this is PostgreSQL's own.
let db: TestSchema;
let live: LiveSchema;

beforeAll(async () => {
  db = await createTestSchema();
  await db.run(postgresLossy.setup);
  live = await db.introspect();
});
afterAll(async () => {
  await db?.dispose();
});

test("a finding on a renamed table and column counts on the live names", async () => {
  const ops: Operation[] = [
    { kind: "renameTable", from: "l", to: "l2" },
    { kind: "renameColumn", table: "l2", from: "nn", to: "nn2" },
    {
      ...(retype(live, "nn", { kind: "text" }, ["nullable"], { nullable: false, name: "nn2" }) as object),
      table: "l2",
    } as Operation,
  ];
  const [finding] = classifyChanges(ops, postgresDialect);
  expect(finding).toMatchObject({ table: "l2", column: "nn2" });
  expect(await count(db.driver, finding?.countSql as string)).toBe(2);
  await expect(
    applyPostgres(db.driver, renderOperations(ops, postgresDialect, { unmanaged: [], tables: [] })),
  ).rejects.toThrow(/null/);
});

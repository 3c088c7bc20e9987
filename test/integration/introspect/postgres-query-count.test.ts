import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestSchema, type TestSchema } from "./postgres-helpers.ts";

function manyTables(count: number): string {
  const statements: string[] = [];
  for (let i = 0; i < count; i++) {
    const ref = i > 0 ? `, parent_id int REFERENCES t${i - 1} (id) ON DELETE CASCADE` : "";
    statements.push(
      `CREATE TABLE t${i} (id serial PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'x', score int CHECK (score >= 0)${ref});`,
      `CREATE INDEX t${i}_name_idx ON t${i} (lower(name));`,
    );
  }
  return statements.join("\n");
}

let small: TestSchema;
let large: TestSchema;

beforeAll(async () => {
  [small, large] = await Promise.all([createTestSchema(), createTestSchema()]);
  await small.run(manyTables(3));
  await large.run(manyTables(60));
});

afterAll(async () => {
  await Promise.all([small?.dispose(), large?.dispose()]);
});

describe("postgres introspection: catalog queries", () => {
  test("the number of statements is a small constant, the same for 3 and 60 tables", async () => {
    const a = await small.introspect();
    const b = await large.introspect();
    expect(a.schema.tables).toHaveLength(3);
    expect(b.schema.tables).toHaveLength(60);
    expect(b.schema.tables.filter((x) => x.foreignKeys.length === 1)).toHaveLength(59);
    expect(a.statements).toBe(b.statements);
    expect(a.statements).toBeLessThanOrEqual(10);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { renderPostgresSchema } from "../../../src/dialect/postgres/postgres-ddl.ts";
import type { LiveSchema, Table } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import { CHINOOK_TABLES, chinookPostgresScript as chinookScript } from "../../lib/chinook.ts";
import { createTestSchema, type TestSchema } from "./postgres-helpers.ts";

let source: TestSchema;
let copy: TestSchema;
let live: LiveSchema;

function table(name: string): Table {
  const found = live.schema.tables.find((x) => x.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

beforeAll(async () => {
  [source, copy] = await Promise.all([createTestSchema(), createTestSchema()]);
  await source.run(chinookScript());
  live = await source.introspect();
});

afterAll(async () => {
  await Promise.all([source?.dispose(), copy?.dispose()]);
});

describe("postgres introspection of Chinook", () => {
  test("11 tables, nothing unmanaged in the schema, nothing ignored", () => {
    expect(live.schema.tables.map((x) => x.name)).toEqual([...CHINOOK_TABLES.postgresql]);
    expect(live.unmanaged.filter((u) => u.kind !== "schema")).toEqual([]);
    expect(live.ignored).toEqual([]);
  });
  test("playlist_track has a composite primary key and two foreign keys with indexes", () => {
    const t = table("playlist_track");
    expect(t.primaryKey).toEqual({ name: "playlist_track_pkey", columns: ["playlist_id", "track_id"] });
    expect(t.foreignKeys.map((f) => [f.columns, f.references])).toEqual([
      [["playlist_id"], { table: "playlist", columns: ["playlist_id"] }],
      [["track_id"], { table: "track", columns: ["track_id"] }],
    ]);
    expect(t.indexes.map((i) => i.keys)).toEqual([[{ column: "playlist_id" }], [{ column: "track_id" }]]);
  });
  test("columns carry canonical types and nullability", () => {
    expect(table("invoice").columns.find((c) => c.name === "total")).toEqual({
      name: "total",
      type: { kind: "decimal", precision: 10, scale: 2 },
      nullable: false,
    });
    expect(table("employee").columns.find((c) => c.name === "birth_date")?.type).toEqual({
      kind: "timestamp",
      withTimeZone: false,
    });
    expect(table("artist").columns).toEqual([
      { name: "artist_id", type: { kind: "integer" }, nullable: false },
      { name: "name", type: { kind: "varchar", length: 120 }, nullable: true },
    ]);
  });
  test("the self-reference of employee and every foreign key are read", () => {
    expect(table("employee").foreignKeys).toEqual([
      {
        name: "employee_reports_to_fkey",
        columns: ["reports_to"],
        references: { table: "employee", columns: ["employee_id"] },
        onDelete: "NO ACTION",
        onUpdate: "NO ACTION",
        deferred: false,
      },
    ]);
    const count = live.schema.tables.reduce((n, x) => n + x.foreignKeys.length, 0);
    expect(count).toBe(11);
  });
  test("render → execute → introspect is a fixed point", async () => {
    await copy.run(renderPostgresSchema(live.schema).join("\n"));
    const again = await copy.introspect();
    expect(again.schema).toEqual(live.schema);
    expect(normalizeSchema(again.schema, dialectNamed(again.schema.dialect))).toEqual(
      normalizeSchema(live.schema, dialectNamed(live.schema.dialect)),
    );
  });
});

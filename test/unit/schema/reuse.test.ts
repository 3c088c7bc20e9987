import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { diffColumns } from "../../../src/diff/diff-columns.ts";
import { diffConstraints } from "../../../src/diff/diff-constraints.ts";
import { alignNames } from "../../../src/schema/align-names.ts";
import type { Schema, Table } from "../../../src/schema/ir.ts";
import { normalizeSchema, normalizeTable } from "../../../src/schema/normalize.ts";

const sqlite = dialectNamed("sqlite");
const postgres = dialectNamed("postgresql");

/** A table with a default-named foreign key, unique and index, two checks and a collated column. */
const raw = (name: string): Table => ({
  name,
  columns: [
    { name: "id", type: { kind: "integer" }, nullable: false },
    { name: "email", type: { kind: "text" }, nullable: true, collation: "nocase" },
    { name: "team", type: { kind: "integer" }, nullable: true },
  ],
  primaryKey: { name: `${name}_pkey`, columns: ["id"] },
  foreignKeys: [
    {
      name: `${name}_team_fkey`,
      columns: ["team"],
      references: { table: "teams", columns: ["id"] },
      onDelete: "CASCADE",
      onUpdate: "NO ACTION",
      deferred: false,
    },
  ],
  uniques: [{ name: `${name}_email_key`, columns: ["email"] }],
  indexes: [
    { name: `${name}_team_idx`, keys: [{ column: "team" }], unique: false },
    { name: "by_email", keys: [{ column: "email", descending: true }], unique: false },
  ],
  checks: [{ expression: "team > 0" }, { expression: "id > 0" }],
});

describe("reusing work on IR that is never changed in place", () => {
  test("normalizing is idempotent, and a table normalized before comes back as it is", () => {
    for (const dialect of [sqlite, postgres]) {
      const once = normalizeTable(raw("users"), dialect.normalize);
      expect(normalizeTable(once, dialect.normalize)).toBe(once);
      // Under other rules, or from an equal copy, it is normalized afresh, to the same result.
      const copy = structuredClone(once);
      expect(normalizeTable(copy, dialect.normalize)).not.toBe(copy);
      expect(normalizeTable(copy, dialect.normalize)).toEqual(once);
    }
    const bySqlite = normalizeTable(raw("users"), sqlite.normalize);
    expect(normalizeTable(bySqlite, postgres.normalize)).not.toBe(bySqlite);
  });

  test("alignNames gives the same schema for the same two schemas, and the models' tables when no name differs in case", () => {
    const models: Schema = normalizeSchema({ dialect: "sqlite", tables: [raw("users")] }, sqlite);
    const live: Schema = normalizeSchema({ dialect: "sqlite", tables: [raw("users")] }, sqlite);
    const aligned = alignNames(models, live, sqlite);
    expect(alignNames(models, live, sqlite)).toBe(aligned);
    expect(aligned.tables[0]).toBe(models.tables[0]);
    const shouting: Schema = normalizeSchema(
      { dialect: "sqlite", tables: [{ ...raw("users"), name: "USERS" }] },
      sqlite,
    );
    expect(alignNames(models, shouting, sqlite).tables[0]?.name).toBe("USERS");
  });

  test("the table diff answers a pair it saw from memory, as a fresh list each time", () => {
    const live = normalizeTable(raw("users"), sqlite.normalize);
    const target = normalizeTable(
      {
        ...raw("users"),
        columns: [...raw("users").columns, { name: "age", type: { kind: "integer" }, nullable: true }],
      },
      sqlite.normalize,
    );
    const first = diffColumns(live, target);
    expect(first.map((op) => op.kind)).toEqual(["addColumn"]);
    first.pop();
    expect(diffColumns(live, target).map((op) => op.kind)).toEqual(["addColumn"]);
    // Named constraints (PostgreSQL) and unnamed ones (SQLite) are remembered apart: only the
    // first renames a unique constraint the models name.
    const before = normalizeTable(raw("users"), postgres.normalize);
    const named = normalizeTable(
      { ...raw("users"), uniques: [{ name: "email_unique", columns: ["email"] }] },
      postgres.normalize,
    );
    expect(diffConstraints(before, named, sqlite)).toEqual([]);
    expect(diffConstraints(before, named, postgres).map((op) => op.kind)).toEqual(["renameIndex"]);
    expect(diffConstraints(before, named, sqlite)).toEqual([]);
  });
});

import { describe, expect, test } from "bun:test";
import { canonicalJson, fingerprintTable } from "../../../src/schema/fingerprint.ts";
import type { Table } from "../../../src/schema/ir.ts";

const users: Table = {
  name: "users",
  columns: [
    { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: false } },
    { name: "email", type: { kind: "varchar", length: 200 }, nullable: false },
    {
      name: "score",
      type: { kind: "decimal", precision: 10, scale: 2 },
      nullable: true,
      default: { kind: "literal", value: 0 },
    },
  ],
  primaryKey: { columns: ["id"] },
  foreignKeys: [
    {
      columns: ["team_id"],
      references: { table: "teams", columns: ["id"] },
      onDelete: "CASCADE",
      onUpdate: "NO ACTION",
      deferred: false,
    },
  ],
  uniques: [{ columns: ["email"] }, { columns: ["id", "score"] }],
  indexes: [{ keys: [{ column: "score" }], unique: false }],
  checks: [{ expression: "score >= 0" }],
};

describe("fingerprintTable", () => {
  test("is 16 lowercase hex digits and deterministic", () => {
    expect(fingerprintTable(users)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintTable(users)).toBe(fingerprintTable(structuredClone(users)));
  });

  test("does not depend on key order, column order, constraint order or default names", () => {
    const reordered: Table = {
      checks: users.checks,
      indexes: users.indexes,
      uniques: [...users.uniques].reverse(),
      foreignKeys: users.foreignKeys,
      primaryKey: { name: "users_pkey", columns: ["id"] },
      columns: [...users.columns].reverse().map((c) => Object.fromEntries(Object.entries(c).reverse()) as typeof c),
      name: "users",
    };
    expect(fingerprintTable(reordered)).toBe(fingerprintTable(users));
  });

  test("changes with every property a plan depends on", () => {
    const variants: Table[] = [
      { ...users, name: "users2" },
      { ...users, columns: users.columns.slice(1) },
      {
        ...users,
        columns: users.columns.map((c) => (c.name === "email" ? { ...c, type: { kind: "varchar", length: 201 } } : c)),
      },
      { ...users, columns: users.columns.map((c) => (c.name === "email" ? { ...c, nullable: true } : c)) },
      {
        ...users,
        columns: users.columns.map((c) =>
          // (a numeric string equal to the number is the same default on PostgreSQL: normalizeSchema)
          c.name === "score" ? { ...c, default: { kind: "literal", value: "0.0" } } : c,
        ),
      },
      { ...users, columns: users.columns.map((c) => (c.name === "id" ? { ...c, identity: { always: true } } : c)) },
      { ...users, primaryKey: { columns: ["email"] } },
      { ...users, primaryKey: { name: "custom_pk", columns: ["id"] } },
      { ...users, foreignKeys: [] },
      { ...users, foreignKeys: users.foreignKeys.map((f) => ({ ...f, onDelete: "RESTRICT" as const })) },
      { ...users, uniques: users.uniques.slice(1) },
      { ...users, indexes: [{ keys: [{ column: "score", descending: true }], unique: false }] },
      { ...users, indexes: [{ keys: [{ column: "score" }], unique: false, name: "my_idx" }] },
      { ...users, checks: [{ expression: "score > 0" }] },
    ];
    const prints = new Set([fingerprintTable(users), ...variants.map((t) => fingerprintTable(t))]);
    expect(prints.size).toBe(variants.length + 1);
  });
});

describe("canonicalJson", () => {
  test("sorts keys at every depth and leaves out undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[1,{"z":1}]},"b":1}',
    );
    expect(canonicalJson([undefined, null, "é"])).toBe('[null,null,"é"]');
  });
});

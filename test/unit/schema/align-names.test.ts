import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { schemaDifferences } from "../../../src/diff/differences.ts";
import { alignNames } from "../../../src/schema/align-names.ts";
import type { Schema, Table } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";

const table = (name: string, columns: string[], extra: Partial<Table> = {}): Table => ({
  name,
  columns: columns.map((c) => ({ name: c, type: { kind: "text" }, nullable: true })),
  foreignKeys: [],
  uniques: [],
  indexes: [],
  checks: [],
  ...extra,
});
const sqlite = (...tables: Table[]): Schema => normalizeSchema({ dialect: "sqlite", tables }, dialectNamed("sqlite"));

describe("alignNames: SQLite names match case-insensitively; the database's spelling wins", () => {
  const live = sqlite(
    table("USERS", ["Id", "Name", "Team"], {
      primaryKey: { columns: ["Id"] },
      indexes: [{ name: "Users_Name", keys: [{ column: "Name" }], unique: false }],
    }),
    table("Teams", ["ID"]),
  );
  const models = sqlite(
    table("users", ["id", "name", "team", "email"], {
      primaryKey: { columns: ["id"] },
      foreignKeys: [
        {
          columns: ["team"],
          references: { table: "teams", columns: ["id"] },
          onDelete: "NO ACTION",
          onUpdate: "NO ACTION",
          deferred: false,
        },
      ],
      uniques: [{ columns: ["email", "name"] }],
      indexes: [{ name: "users_name", keys: [{ column: "name" }, { expression: "lower(name)" }], unique: false }],
      checks: [{ expression: '"name" <> team' }],
    }),
    table("teams", ["id"]),
    table("new_table", ["x"]),
  );

  test("tables, columns, keys, foreign-key targets, index names and expressions take the live spelling", () => {
    const aligned = alignNames(models, live, dialectNamed(live.dialect));
    expect(aligned.tables.map((t) => t.name)).toEqual(["Teams", "USERS", "new_table"]);
    const users = aligned.tables.find((t) => t.name === "USERS") as Table;
    expect(users.columns.map((c) => c.name)).toEqual(["Id", "Name", "Team", "email"]);
    expect(users.primaryKey).toEqual({ columns: ["Id"] });
    expect(users.foreignKeys[0]?.references).toEqual({ table: "Teams", columns: ["ID"] });
    expect(users.foreignKeys[0]?.columns).toEqual(["Team"]);
    expect(users.uniques).toEqual([{ columns: ["email", "Name"] }]);
    expect(users.indexes[0]).toMatchObject({
      name: "Users_Name",
      keys: [{ column: "Name" }, { expression: 'lower("Name")' }],
    });
    expect(users.checks).toEqual([{ expression: '"Name" <> "Team"' }]);
  });

  test("check sees one table, and only the real difference", () => {
    const small = sqlite(
      table("USERS", ["Id", "Name"], {
        primaryKey: { columns: ["Id"] },
        indexes: [{ name: "Users_Name", keys: [{ column: "Name" }], unique: false }],
      }),
    );
    const declared = sqlite(
      table("users", ["id", "name", "email"], {
        primaryKey: { columns: ["id"] },
        indexes: [{ name: "users_name", keys: [{ column: "name" }], unique: false }],
      }),
    );
    expect(schemaDifferences(declared, small, dialectNamed(small.dialect))).toEqual([
      { table: "USERS", column: "email", what: "column is missing in the database" },
    ]);
  });

  test("explicit index names take the live spelling only where they differ but for case", () => {
    const index = (column: string, name?: string) => ({
      ...(name !== undefined && { name }),
      keys: [{ column }],
      unique: false,
    });
    const names = (liveIndexes: Table["indexes"], modelIndexes: Table["indexes"]) => {
      const db = sqlite(table("t", ["a", "b", "c", "d"], { indexes: liveIndexes }));
      const declared = sqlite(table("t", ["a", "b", "c", "d"], { indexes: modelIndexes }));
      return (alignNames(declared, db, dialectNamed("sqlite")).tables[0]?.indexes ?? [])
        .map((i) => i.name ?? "-")
        .sort();
    };
    expect(
      names(
        [index("b"), index("a", "Idx_A"), index("c", "idx_c")],
        [index("a", "idx_a"), index("b"), index("c", "idx_c"), index("d", "Extra")],
      ),
    ).toEqual(["-", "Extra", "Idx_A", "idx_c"]);
    expect(names([index("a", "a1"), index("b", "A2")], [index("a", "a1")])).toEqual(["a1"]);
    expect(names([index("a", "a1")], [index("a", "a1"), index("b", "a2")])).toEqual(["a1", "a2"]);
    expect(names([index("a")], [index("a", "X")])).toEqual(["X"]);
    expect(names([index("a", "X")], [index("a")])).toEqual(["-"]);
  });

  test("PostgreSQL names are case-sensitive: nothing is aligned", () => {
    const pg: Schema = { ...models, dialect: "postgresql" };
    expect(alignNames(pg, { ...live, dialect: "postgresql" }, dialectNamed("postgresql"))).toBe(pg);
  });

  test("an exact match wins, and an ambiguous one aligns nothing", () => {
    const both = sqlite(table("a", ["x", "X2"]));
    expect(
      alignNames(sqlite(table("a", ["x"])), both, dialectNamed(both.dialect)).tables[0]?.columns.map((c) => c.name),
    ).toEqual(["x"]);
    const ambiguous: Schema = { dialect: "sqlite", tables: [table("t", ["Ab", "aB"])] };
    expect(
      alignNames(sqlite(table("t", ["ab"])), ambiguous, dialectNamed(ambiguous.dialect)).tables[0]?.columns.map(
        (c) => c.name,
      ),
    ).toEqual(["ab"]);
  });
});

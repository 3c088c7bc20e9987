import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import type { Column, Table } from "../../../src/schema/ir.ts";
import { col, schema, summary, table } from "./simulate.ts";

const id = col("id", "bigint", { nullable: false });
const pk = { primaryKey: { columns: ["id"] } };
const author = (columns: Column[] = [], extra: Partial<Table> = {}) =>
  table("author", [id, col("name", { kind: "varchar", length: 50 }), ...columns], { ...pk, ...extra });
const book = (extra: Partial<Table> = {}, columns: Column[] = [col("author_id", "bigint")]) =>
  table("book", [id, ...columns], {
    ...pk,
    foreignKeys: [
      {
        columns: ["author_id"],
        references: { table: "author", columns: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        deferred: false,
      },
    ],
    ...extra,
  });

describe("planOperations: SQLite specifics", () => {
  test("SQLite: a new nullable foreign-key column carries its key on the addColumn", async () => {
    const live = schema("sqlite", [author(), book({ foreignKeys: [] }, [])]);
    const ops = await planOperations(live, schema("sqlite", [author(), book()]), sqliteDialect);
    expect(ops).toEqual([
      {
        kind: "addColumn",
        table: "book",
        column: col("author_id", "bigint"),
        foreignKey: book().foreignKeys[0] as Table["foreignKeys"][number],
      },
    ]);
  });

  test("SQLite: names that differ only in case are the same name; the live spelling is kept", async () => {
    const upper = table(
      "AUTHOR",
      [col("ID", "bigint", { nullable: false }), col("Name", { kind: "varchar", length: 50 })],
      {
        primaryKey: { columns: ["ID"] },
        indexes: [{ name: "Author_Name", keys: [{ column: "Name" }], unique: false }],
      },
    );
    const books = table("book", [id, col("author_id", "bigint")], {
      ...pk,
      foreignKeys: [
        {
          ...(book().foreignKeys[0] as Table["foreignKeys"][number]),
          references: { table: "AUTHOR", columns: ["ID"] },
        },
      ],
    });
    const live = schema("sqlite", [upper, books]);
    const target = schema("sqlite", [
      author([col("bio", "text")], { indexes: [{ name: "author_name", keys: [{ column: "name" }], unique: false }] }),
      book(),
    ]);
    expect((await planOperations(live, target, dialectNamed(live.dialect))).map(summary)).toEqual([
      "addColumn AUTHOR.bio",
    ]);
    // PostgreSQL names are case-sensitive: a different table.
    const pg = await planOperations(schema("postgresql", [upper]), schema("postgresql", [author()]), postgresDialect);
    expect(pg.map(summary)).toEqual(["createTable author", "dropTable AUTHOR"]);
  });

  test("SQLite: table options are a rebuild", async () => {
    const live = schema("sqlite", [author()]);
    const ops = await planOperations(
      live,
      schema("sqlite", [author([], { options: { strict: true } })]),
      sqliteDialect,
    );
    expect(ops.map(summary)).toEqual(["rebuildTable author id,name"]);
    const rebuild = ops[0] as Extract<(typeof ops)[number], { kind: "rebuildTable" }>;
    expect(rebuild.to.options).toEqual({ strict: true });
  });

  test("SQLite: a foreign key's timing (DEFERRABLE INITIALLY DEFERRED) changes by a rebuild, a column collation too", async () => {
    const fk = book().foreignKeys[0] as Table["foreignKeys"][number];
    const live = schema("sqlite", [author(), book()]);
    const deferred = await planOperations(
      live,
      schema("sqlite", [author(), book({ foreignKeys: [{ ...fk, deferred: true }] })]),
      sqliteDialect,
    );
    expect(deferred.map(summary)).toEqual(["rebuildTable book id,author_id"]);
    const rebuilt = deferred[0] as Extract<(typeof deferred)[number], { kind: "rebuildTable" }>;
    expect(rebuilt.to.foreignKeys[0]?.deferred).toBe(true);
    const collated = author([], {});
    const nocase = {
      ...collated,
      columns: collated.columns.map((c) => (c.name === "name" ? { ...c, collation: "NOCASE" } : c)),
    };
    const ops = await planOperations(live, schema("sqlite", [nocase, book()]), sqliteDialect);
    expect(ops.map(summary)).toEqual(["rebuildTable author id,name"]);
  });
});

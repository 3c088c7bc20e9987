import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import type { Column, Table } from "../../../src/schema/ir.ts";
import { DIALECTS } from "../../lib/dialects.ts";
import { col, schema, shapes, simulate, summary, table } from "./simulate.ts";

const id = col("id", "bigint", { nullable: false });
const pk = { primaryKey: { columns: ["id"] } };
const author = (columns: Column[] = [], extra: Partial<Table> = {}) =>
  table("author", [id, col("name", { kind: "varchar", length: 50 }), ...columns], { ...pk, ...extra });
const gen = (name: string, expression: string, stored = true, extra: Partial<Column> = {}) =>
  col(name, "integer", { generated: { expression, stored }, ...extra });
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

interface Case {
  readonly name: string;
  readonly live: Table[];
  readonly target: Table[];
  readonly hints?: string[];
  readonly postgresql: string[];
  readonly sqlite: string[];
  readonly mysql: string[];
}

const cases: Case[] = [
  { name: "no change", live: [author(), book()], target: [author(), book()], postgresql: [], sqlite: [], mysql: [] },
  {
    name: "create table with an index and a foreign key",
    live: [author()],
    target: [author(), book({ indexes: [{ keys: [{ column: "author_id" }], unique: false }] })],
    postgresql: ["createTable book", "createIndex book (author_id)", "addForeignKey book (author_id)→author(id)"],
    sqlite: ["createTable book", "createIndex book (author_id)"],
    mysql: ["createTable book", "createIndex book (author_id)", "addForeignKey book (author_id)→author(id)"],
  },
  {
    name: "drop table",
    live: [author(), book()],
    target: [author()],
    postgresql: ["dropTable book"],
    sqlite: ["dropTable book"],
    mysql: ["dropTable book"],
  },
  {
    name: "add a nullable column",
    live: [author()],
    target: [author([col("bio", "text")])],
    postgresql: ["addColumn author.bio"],
    sqlite: ["addColumn author.bio"],
    mysql: ["addColumn author.bio"],
  },
  {
    name: "add a NOT NULL column with a literal default",
    live: [author()],
    target: [author([col("age", "integer", { nullable: false, default: { kind: "literal", value: 0 } })])],
    postgresql: ["addColumn author.age"],
    sqlite: ["addColumn author.age"],
    mysql: ["addColumn author.age"],
  },
  {
    name: "add a NOT NULL column without default",
    live: [author()],
    target: [author([col("age", "integer", { nullable: false })])],
    postgresql: ["addColumn author.age"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["addColumn author.age"],
  },
  {
    name: "add a column with an expression default",
    live: [author()],
    target: [author([col("at", "text", { default: { kind: "expression", sql: "CURRENT_TIMESTAMP" } })])],
    postgresql: ["addColumn author.at"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["addColumn author.at"],
  },
  {
    name: "drop a plain column",
    live: [author([col("bio", "text")])],
    target: [author()],
    postgresql: ["dropColumn author.bio"],
    sqlite: ["dropColumn author.bio"],
    mysql: ["dropColumn author.bio"],
  },
  {
    name: "drop an indexed column",
    live: [author([col("bio", "text")], { indexes: [{ keys: [{ column: "bio" }], unique: false }] })],
    target: [author()],
    postgresql: ["dropIndex author (bio)", "dropColumn author.bio"],
    sqlite: ["dropIndex author (bio)", "dropColumn author.bio"],
    mysql: ["dropIndex author (bio)", "dropColumn author.bio"],
  },
  {
    name: "drop a unique column",
    live: [author([col("bio", "text")], { uniques: [{ columns: ["bio"] }] })],
    target: [author()],
    postgresql: ["dropUnique author (bio)", "dropColumn author.bio"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["dropUnique author (bio)", "dropColumn author.bio"],
  },
  {
    name: "drop a column a check names",
    live: [author([col("n", "integer")], { checks: [{ expression: "n >= 0" }] })],
    target: [author()],
    postgresql: ["dropCheck author n >= 0", "dropColumn author.n"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["dropCheck author n >= 0", "dropColumn author.n"],
  },
  {
    name: "change a type",
    live: [author()],
    target: [table("author", [id, col("name", "text")], pk)],
    postgresql: ["alterColumn author.name type"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["alterColumn author.name type"],
  },
  {
    name: "change nullability and default",
    live: [author()],
    target: [
      table(
        "author",
        [
          id,
          col("name", { kind: "varchar", length: 50 }, { nullable: false, default: { kind: "literal", value: "x" } }),
        ],
        pk,
      ),
    ],
    postgresql: ["alterColumn author.name nullable,default"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["alterColumn author.name nullable,default"],
  },
  {
    name: "add an identity",
    live: [author()],
    target: [
      table("author", [{ ...id, identity: { always: false } }, col("name", { kind: "varchar", length: 50 })], pk),
    ],
    postgresql: ["alterColumn author.id identity"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["alterColumn author.id identity"],
  },
  {
    name: "a model without a default drops a live expression default (never agree falsely)",
    live: [author([col("at", "text", { default: { kind: "expression", sql: "CURRENT_TIMESTAMP" } })])],
    target: [author([col("at", "text")])],
    postgresql: ["alterColumn author.at default"],
    sqlite: ["rebuildTable author id,name,at"],
    mysql: ["alterColumn author.at default"],
  },
  {
    name: "a model without a default drops a live literal default",
    live: [author([col("at", "text", { default: { kind: "literal", value: "x" } })])],
    target: [author([col("at", "text")])],
    postgresql: ["alterColumn author.at default"],
    sqlite: ["rebuildTable author id,name,at"],
    mysql: ["alterColumn author.at default"],
  },
  {
    name: "change the primary key",
    live: [author()],
    target: [author([], { primaryKey: { columns: ["id", "name"] } })],
    postgresql: ["setPrimaryKey author (id)→none", "setPrimaryKey author none→(id,name)"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["setPrimaryKey author none→(id,name)"],
  },
  {
    name: "take a column out of a composite primary key and make it nullable (the key goes first)",
    live: [table("pair", [col("a", "integer", { nullable: false }), id], { primaryKey: { columns: ["a", "id"] } })],
    target: [table("pair", [col("a", "integer"), id], pk)],
    postgresql: ["setPrimaryKey pair (a,id)→none", "alterColumn pair.a nullable", "setPrimaryKey pair none→(id)"],
    sqlite: ["rebuildTable pair a,id"],
    mysql: ["setPrimaryKey pair none→(id)", "alterColumn pair.a nullable"],
  },
  {
    name: "a primary key that a foreign key uses: the key is dropped first and re-added last",
    live: [author(), book()],
    target: [author([], { primaryKey: { columns: ["id", "name"] }, uniques: [{ columns: ["id"] }] }), book()],
    postgresql: [
      "dropForeignKey book (author_id)→author(id)",
      "setPrimaryKey author (id)→none",
      "setPrimaryKey author none→(id,name)",
      "addUnique author (id)",
      "addForeignKey book (author_id)→author(id)",
    ],
    sqlite: ["rebuildTable author id,name"],
    mysql: [
      "dropForeignKey book (author_id)→author(id)",
      "setPrimaryKey author none→(id,name)",
      "addUnique author (id)",
      "addForeignKey book (author_id)→author(id)",
    ],
  },
  {
    name: "a unique that a foreign key uses, dropped with the other key in its place",
    live: [author([], { primaryKey: { columns: ["id", "name"] }, uniques: [{ columns: ["id"] }] }), book()],
    target: [author(), book()],
    postgresql: [
      "dropForeignKey book (author_id)→author(id)",
      "setPrimaryKey author (id,name)→none",
      "dropUnique author (id)",
      "setPrimaryKey author none→(id)",
      "addForeignKey book (author_id)→author(id)",
    ],
    sqlite: ["rebuildTable author id,name"],
    mysql: [
      "dropForeignKey book (author_id)→author(id)",
      "dropUnique author (id)",
      "setPrimaryKey author none→(id)",
      "addForeignKey book (author_id)→author(id)",
    ],
  },
  {
    name: "retyping both sides of a foreign key to an incompatible type re-creates the key around them",
    live: [author(), book()],
    target: [
      table("author", [col("id", "text", { nullable: false }), col("name", { kind: "varchar", length: 50 })], pk),
      book({}, [col("author_id", "text")]),
    ],
    postgresql: [
      "dropForeignKey book (author_id)→author(id)",
      "alterColumn author.id type",
      "alterColumn book.author_id type",
      "addForeignKey book (author_id)→author(id)",
    ],
    sqlite: ["rebuildTable author id,name", "rebuildTable book id,author_id"],
    mysql: [
      "dropForeignKey book (author_id)→author(id)",
      "alterColumn author.id type",
      "alterColumn book.author_id type",
      "addForeignKey book (author_id)→author(id)",
    ],
  },
  {
    name: "a re-created foreign key takes its new timing as it is added (no ALTER CONSTRAINT on a dropped key)",
    live: [author(), book()],
    target: [
      table("author", [col("id", "text", { nullable: false }), col("name", { kind: "varchar", length: 50 })], pk),
      book({ foreignKeys: [{ ...(book().foreignKeys[0] as Table["foreignKeys"][number]), deferred: true }] }, [
        col("author_id", "text"),
      ]),
    ],
    postgresql: [
      "dropForeignKey book (author_id)→author(id)",
      "alterColumn author.id type",
      "alterColumn book.author_id type",
      "addForeignKey book (author_id)→author(id)",
    ],
    sqlite: ["rebuildTable author id,name", "rebuildTable book id,author_id"],
    mysql: [
      "dropForeignKey book (author_id)→author(id)",
      "alterColumn author.id type",
      "alterColumn book.author_id type",
      "addForeignKey book (author_id)→author(id)",
    ],
  },
  {
    name: "widening both sides of a foreign key within the integers keeps the key",
    live: [
      table("author", [col("id", "integer", { nullable: false }), col("name", { kind: "varchar", length: 50 })], pk),
      book({}, [col("author_id", "integer")]),
    ],
    target: [author(), book()],
    postgresql: ["alterColumn author.id type", "alterColumn book.author_id type"],
    sqlite: ["rebuildTable author id,name", "rebuildTable book id,author_id"],
    // MySQL changes no column a foreign key holds or references while the key stands
    // (ER_FK_COLUMN_CANNOT_CHANGE; foreignKeyRetypes: "none"): the key is re-created around them.
    mysql: [
      "dropForeignKey book (author_id)→author(id)",
      "alterColumn author.id type",
      "alterColumn book.author_id type",
      "addForeignKey book (author_id)→author(id)",
    ],
  },
  {
    name: "a check reading two retyped columns is re-created around them",
    live: [
      table("r", [id, col("lo", "integer"), col("hi", "integer")], { ...pk, checks: [{ expression: "lo < hi" }] }),
    ],
    target: [table("r", [id, col("lo", "text"), col("hi", "text")], { ...pk, checks: [{ expression: "lo < hi" }] })],
    postgresql: ["dropCheck r lo < hi", "alterColumn r.lo type", "alterColumn r.hi type", "addCheck r lo < hi"],
    sqlite: ["rebuildTable r id,lo,hi"],
    mysql: ["dropCheck r lo < hi", "alterColumn r.lo type", "alterColumn r.hi type", "addCheck r lo < hi"],
  },
  {
    name: "a check reading one retyped column stays",
    live: [
      table("r", [id, col("lo", "integer"), col("hi", "integer")], { ...pk, checks: [{ expression: "lo < hi" }] }),
    ],
    target: [
      table("r", [id, col("lo", "bigint"), col("hi", "integer")], { ...pk, checks: [{ expression: "lo < hi" }] }),
    ],
    postgresql: ["alterColumn r.lo type"],
    sqlite: ["rebuildTable r id,lo,hi"],
    mysql: ["alterColumn r.lo type"],
  },
  {
    name: "add a foreign key",
    live: [author(), book({ foreignKeys: [] })],
    target: [author(), book()],
    postgresql: ["addForeignKey book (author_id)→author(id)"],
    sqlite: ["rebuildTable book id,author_id"],
    mysql: ["addForeignKey book (author_id)→author(id)"],
  },
  {
    name: "add a nullable foreign-key column (SQLite: ADD COLUMN … REFERENCES, no rebuild)",
    live: [author(), book({ foreignKeys: [] }, [])],
    target: [author(), book()],
    postgresql: ["addColumn book.author_id", "addForeignKey book (author_id)→author(id)"],
    sqlite: ["addColumn book.author_id"],
    mysql: ["addColumn book.author_id", "addForeignKey book (author_id)→author(id)"],
  },
  {
    name: "add a foreign-key column with a default (SQLite: a rebuild)",
    live: [author(), book({ foreignKeys: [] }, [])],
    target: [author(), book({}, [col("author_id", "bigint", { default: { kind: "literal", value: 1 } })])],
    postgresql: ["addColumn book.author_id", "addForeignKey book (author_id)→author(id)"],
    sqlite: ["addColumn book.author_id", "rebuildTable book id,author_id"],
    mysql: ["addColumn book.author_id", "addForeignKey book (author_id)→author(id)"],
  },
  {
    name: "drop a foreign key",
    live: [author(), book()],
    target: [author(), book({ foreignKeys: [] })],
    postgresql: ["dropForeignKey book (author_id)→author(id)"],
    sqlite: ["rebuildTable book id,author_id"],
    mysql: ["dropForeignKey book (author_id)→author(id)"],
  },
  {
    name: "repoint a foreign key (changed action)",
    live: [author(), book()],
    target: [
      author(),
      {
        ...book(),
        foreignKeys: [{ ...(book().foreignKeys[0] as Table["foreignKeys"][number]), onDelete: "RESTRICT" }],
      },
    ],
    postgresql: ["dropForeignKey book (author_id)→author(id)", "addForeignKey book (author_id)→author(id)"],
    sqlite: ["rebuildTable book id,author_id"],
    mysql: ["dropForeignKey book (author_id)→author(id)", "addForeignKey book (author_id)→author(id)"],
  },
  {
    name: "add and drop uniques",
    live: [author([], { uniques: [{ columns: ["name"] }] })],
    target: [author([], { uniques: [{ columns: ["id", "name"] }] })],
    postgresql: ["dropUnique author (name)", "addUnique author (id,name)"],
    sqlite: ["rebuildTable author id,name"],
    mysql: ["dropUnique author (name)", "addUnique author (id,name)"],
  },
  {
    name: "create and drop indexes",
    live: [author([], { indexes: [{ keys: [{ column: "name" }], unique: false }] })],
    target: [author([], { indexes: [{ keys: [{ column: "name", descending: true }], unique: false }] })],
    postgresql: ["dropIndex author (name)", "createIndex author (name)"],
    sqlite: ["dropIndex author (name)", "createIndex author (name)"],
    mysql: ["dropIndex author (name)", "createIndex author (name)"],
  },
  {
    name: "rename an index the model names",
    live: [author([], { indexes: [{ name: "old_ix", keys: [{ column: "name" }], unique: false }] })],
    target: [author([], { indexes: [{ name: "new_ix", keys: [{ column: "name" }], unique: false }] })],
    postgresql: ["renameIndex author old_ix→new_ix"],
    sqlite: ["dropIndex author old_ix", "createIndex author new_ix"],
    mysql: ["renameIndex author old_ix→new_ix"],
  },
  {
    name: "an index the model leaves unnamed accepts any live name",
    live: [author([], { indexes: [{ name: "IFK_whatever", keys: [{ column: "name" }], unique: false }] })],
    target: [author([], { indexes: [{ keys: [{ column: "name" }], unique: false }] })],
    postgresql: [],
    sqlite: [],
    mysql: [],
  },
  {
    name: "add and drop checks",
    live: [author([col("n", "integer")], { checks: [{ expression: "n > 0" }] })],
    target: [author([col("n", "integer")], { checks: [{ expression: "n >= 0" }] })],
    postgresql: ["dropCheck author n > 0", "addCheck author n >= 0"],
    sqlite: ["rebuildTable author id,name,n"],
    mysql: ["dropCheck author n > 0", "addCheck author n >= 0"],
  },
  {
    name: "rename a table with a foreign key pointing at it",
    live: [author(), book()],
    target: [
      { ...author(), name: "writer" },
      {
        ...book(),
        foreignKeys: [
          {
            ...(book().foreignKeys[0] as Table["foreignKeys"][number]),
            references: { table: "writer", columns: ["id"] },
          },
        ],
      },
    ],
    hints: ["author=writer"],
    // The key's default name follows the table (issue 9: as if created fresh under the new name).
    postgresql: ["renameTable author→writer", "renameIndex writer author_pkey→writer_pkey"],
    sqlite: ["renameTable author→writer"],
    mysql: ["renameTable author→writer", "renameIndex writer author_pkey→writer_pkey"],
  },
  {
    name: "rename a referenced column",
    live: [author(), book()],
    target: [
      author(),
      book({ foreignKeys: [{ ...(book().foreignKeys[0] as Table["foreignKeys"][number]), columns: ["writer_id"] }] }, [
        col("writer_id", "bigint"),
      ]),
    ],
    hints: ["book.author_id=book.writer_id"],
    postgresql: [
      "renameColumn book author_id→writer_id",
      "renameConstraint book book_author_id_fkey→book_writer_id_fkey",
    ],
    sqlite: ["renameColumn book author_id→writer_id"],
    mysql: ["renameColumn book author_id→writer_id", "renameConstraint book book_author_id_fkey→book_writer_id_fkey"],
  },
  {
    name: "rename a column and change its type",
    live: [author()],
    target: [table("author", [id, col("title", "text")], pk)],
    hints: ["author.name=author.title"],
    postgresql: ["renameColumn author name→title", "alterColumn author.title type"],
    sqlite: ["renameColumn author name→title", "rebuildTable author id,title"],
    mysql: ["renameColumn author name→title", "alterColumn author.title type"],
  },
  {
    name: "change a generated expression: PostgreSQL re-creates the column and its index",
    live: [author([col("n", "integer"), gen("g", "n * 2")], { indexes: [{ keys: [{ column: "g" }], unique: false }] })],
    target: [
      author([col("n", "integer"), gen("g", "n * 3")], { indexes: [{ keys: [{ column: "g" }], unique: false }] }),
    ],
    postgresql: ["alterColumn author.g generated", "createIndex author (g)"],
    sqlite: ["rebuildTable author id,name,n,g"],
    mysql: ["alterColumn author.g generated"],
  },
  {
    name: "make a generated column plain: its index stays",
    live: [author([col("n", "integer"), gen("g", "n * 2")], { indexes: [{ keys: [{ column: "g" }], unique: false }] })],
    target: [
      author([col("n", "integer"), col("g", "integer")], { indexes: [{ keys: [{ column: "g" }], unique: false }] }),
    ],
    postgresql: ["alterColumn author.g generated"],
    sqlite: ["rebuildTable author id,name,n,g"],
    mysql: ["alterColumn author.g generated"],
  },
  {
    name: "add generated columns: SQLite adds a VIRTUAL one, rebuilds for a STORED one",
    live: [author([col("n", "integer")])],
    target: [author([col("n", "integer"), gen("v", "n + 1", false, { nullable: false })])],
    postgresql: ["addColumn author.v"],
    sqlite: ["addColumn author.v"],
    mysql: ["addColumn author.v"],
  },
  {
    name: "add a STORED generated column",
    live: [author([col("n", "integer")])],
    target: [author([col("n", "integer"), gen("s", "n + 1")])],
    postgresql: ["addColumn author.s"],
    sqlite: ["rebuildTable author id,name,n"],
    mysql: ["addColumn author.s"],
  },
  {
    name: "drop a generated column and the column it reads: the generated one first",
    live: [author([col("n", "integer"), gen("g", "n * 2")])],
    target: [author()],
    postgresql: ["dropColumn author.g", "dropColumn author.n"],
    sqlite: ["dropColumn author.g", "dropColumn author.n"],
    mysql: ["dropColumn author.g", "dropColumn author.n"],
  },
  {
    name: "retype a column a generated column reads: PostgreSQL re-creates it around the retype, and its index",
    live: [author([col("n", "integer"), gen("g", "n * 2")], { indexes: [{ keys: [{ column: "g" }], unique: false }] })],
    target: [
      author([col("n", "bigint"), gen("g", "n * 2")], { indexes: [{ keys: [{ column: "g" }], unique: false }] }),
    ],
    postgresql: ["alterColumn author.n type regenerating g", "createIndex author (g)"],
    sqlite: ["rebuildTable author id,name,n,g"],
    mysql: ["alterColumn author.n type"],
  },
  {
    name: "retype a column while a generated column reading it goes and another comes: drop first, add last",
    live: [author([col("n", "integer"), gen("g", "n * 2")])],
    target: [author([col("n", "bigint"), gen("h", "n + 1")])],
    postgresql: ["dropColumn author.g", "alterColumn author.n type", "addColumn author.h"],
    sqlite: ["rebuildTable author id,name,n"],
    mysql: ["dropColumn author.g", "alterColumn author.n type", "addColumn author.h"],
  },
  {
    name: "rename a column a generated expression reads",
    live: [author([col("n", "integer"), gen("g", "n * 2")])],
    target: [author([col("m", "integer"), gen("g", "m * 2")])],
    hints: ["author.n=author.m"],
    postgresql: ["renameColumn author n→m"],
    sqlite: ["renameColumn author n→m"],
    mysql: ["renameColumn author n→m"],
  },
];

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: planOperations`, () => {
    for (const c of cases) {
      test(c.name, async () => {
        const live = schema(dialect, c.live);
        const target = schema(dialect, c.target);
        const ops = await planOperations(live, target, dialectNamed(live.dialect), c.hints ? { hints: c.hints } : {});
        expect(ops.map(summary)).toEqual(c[dialect]);
        const after = simulate(live, ops);
        expect(shapes(after)).toEqual(shapes(target));
        expect(await planOperations(after, target, dialectNamed(after.dialect))).toEqual([]);
      });
    }
  });
}

describe("postgresql: re-created constraints", () => {
  test("a NOT VALID check re-created around two retypes is added valid (no VALIDATE CONSTRAINT on a dropped check)", async () => {
    const r = (type: "integer" | "text", notValid: boolean) =>
      table("r", [id, col("lo", type), col("hi", type)], {
        ...pk,
        checks: [{ name: "r_order", expression: "lo < hi", ...(notValid && { notValid: true as const }) }],
      });
    const live = schema("postgresql", [r("integer", true)]);
    const target = schema("postgresql", [r("text", false)]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect));
    expect(ops.map(summary)).toEqual([
      "dropCheck r lo < hi",
      "alterColumn r.lo type",
      "alterColumn r.hi type",
      "addCheck r lo < hi",
    ]);
    expect(await planOperations(simulate(live, ops), target, dialectNamed(target.dialect))).toEqual([]);
  });
});

describe("operation payloads", () => {
  test("drop operations carry the live definitions", async () => {
    const live = schema("postgresql", [
      author([col("bio", "text", { default: { kind: "literal", value: "b" } })]),
      book(),
    ]);
    const ops = await planOperations(live, schema("postgresql", [author()]), postgresDialect);
    expect(ops).toContainEqual({
      kind: "dropColumn",
      table: "author",
      column: col("bio", "text", { default: { kind: "literal", value: "b" } }),
    });
    expect(ops).toContainEqual({ kind: "dropTable", table: live.tables.find((t) => t.name === "book") as Table });
  });

  test("alterColumn carries both columns; a default the models leave out is dropped", async () => {
    const live = schema("postgresql", [author([col("at", "text", { default: { kind: "expression", sql: "now()" } })])]);
    const target = schema("postgresql", [author([col("at", "text", { nullable: false })])]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect));
    expect(ops).toEqual([
      {
        kind: "alterColumn",
        table: "author",
        from: col("at", "text", { default: { kind: "expression", sql: "now()" } }),
        to: col("at", "text", { nullable: false }),
        changes: ["nullable", "default"],
      },
    ]);
  });

  test("a SQLite rebuild: from is the live table after renames and adds, to the target", async () => {
    const live = schema("sqlite", [author()]);
    const target = schema("sqlite", [
      table("author", [id, col("title", "text", { nullable: false }), col("bio", "text")], pk),
    ]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect), { hints: ["author.name=author.title"] });
    expect(ops.map(summary)).toEqual([
      "renameColumn author name→title",
      "addColumn author.bio",
      "rebuildTable author id,title,bio",
    ]);
    const rebuild = ops[2] as Extract<(typeof ops)[number], { kind: "rebuildTable" }>;
    expect(rebuild.from.columns.map((c) => c.name)).toEqual(["id", "title", "bio"]);
    expect(rebuild.from.columns[1]).toEqual(col("title", { kind: "varchar", length: 50 }));
    expect(rebuild.to).toEqual(target.tables[0] as Table);
  });

  test("a SQLite rebuild absorbs the table's index operations", async () => {
    const live = schema("sqlite", [author([], { indexes: [{ keys: [{ column: "name" }], unique: false }] })]);
    const target = schema("sqlite", [
      table("author", [id, col("name", "text")], {
        ...pk,
        indexes: [{ name: "ix", keys: [{ column: "id" }], unique: false }],
      }),
    ]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect));
    expect(ops.map(summary)).toEqual(["rebuildTable author id,name"]);
  });
});

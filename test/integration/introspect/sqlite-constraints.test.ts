import { describe, expect, test } from "bun:test";
import { bag, introspectDdl, tableOf } from "./sqlite-helpers.ts";

describe("sqlite introspection: keys and indexes", () => {
  test("composite, partial, expression and DESC indexes", async () => {
    const live = await introspectDdl(`
      CREATE TABLE people (id INTEGER PRIMARY KEY, first TEXT, last TEXT, email TEXT, active BOOLEAN, age INTEGER);
      CREATE INDEX people_name ON people (last, first);
      CREATE INDEX people_active_email ON people (email) WHERE active = 1 AND email IS NOT NULL;
      CREATE INDEX people_lower_email ON people (lower( email ));
      CREATE INDEX people_age_desc ON people (age DESC, last ASC);
      CREATE UNIQUE INDEX people_email_live ON people (email) WHERE active;
      CREATE INDEX people_nocase ON people (last COLLATE NOCASE);
    `);
    const people = tableOf(live, "people");
    expect(people.uniques).toEqual([]);
    expect(bag(people.indexes)).toEqual(
      bag([
        {
          name: "people_active_email",
          keys: [{ column: "email" }],
          unique: false,
          where: "active = 1 AND email IS NOT NULL",
        },
        { name: "people_email_live", keys: [{ column: "email" }], unique: true, where: "active" },
        { name: "people_name", keys: [{ column: "last" }, { column: "first" }], unique: false },
        { name: "people_nocase", keys: [{ expression: "last COLLATE NOCASE" }], unique: false },
        { name: "people_age_desc", keys: [{ column: "age", descending: true }, { column: "last" }], unique: false },
        { name: "people_lower_email", keys: [{ expression: "lower(email)" }], unique: false },
      ]),
    );
  });

  test("default index names are left out", async () => {
    const live = await introspectDdl(`
      CREATE TABLE t (a TEXT, b TEXT);
      CREATE INDEX t_a_b_idx ON t (a, b);
    `);
    expect(tableOf(live, "t").indexes).toEqual([{ keys: [{ column: "a" }, { column: "b" }], unique: false }]);
  });

  test("UNIQUE constraints and plain unique indexes are uniques; autoindex names are not names", async () => {
    const live = await introspectDdl(`
      CREATE TABLE u (
        id INTEGER PRIMARY KEY, a TEXT UNIQUE, b TEXT CONSTRAINT b_is_unique UNIQUE, c TEXT, d TEXT, e TEXT,
        UNIQUE (c, d),
        CONSTRAINT "u de" UNIQUE (d, e)
      );
      CREATE UNIQUE INDEX u_e_only ON u (e);
      CREATE UNIQUE INDEX u_c_key ON u (c);
    `);
    expect(bag(tableOf(live, "u").uniques)).toEqual(
      bag([
        { columns: ["a"] },
        { name: "b_is_unique", columns: ["b"] },
        { columns: ["c"] },
        { columns: ["c", "d"] },
        { name: "u de", columns: ["d", "e"] },
        { name: "u_e_only", columns: ["e"] },
      ]),
    );
    expect(tableOf(live, "u").indexes).toEqual([]);
  });

  test("primary keys: composite in key order, with the CONSTRAINT name from the text", async () => {
    const live = await introspectDdl(`
      CREATE TABLE pt (b INTEGER NOT NULL, a INTEGER NOT NULL, CONSTRAINT [PK_pt] PRIMARY KEY (b, a));
      CREATE TABLE col_named (id INTEGER CONSTRAINT "the key" PRIMARY KEY AUTOINCREMENT);
      CREATE TABLE defaulted (id INTEGER, CONSTRAINT defaulted_pkey PRIMARY KEY (id));
    `);
    expect(tableOf(live, "pt").primaryKey).toEqual({ name: "PK_pt", columns: ["b", "a"] });
    expect(tableOf(live, "col_named").primaryKey).toEqual({ name: "the key", columns: ["id"] });
    expect(tableOf(live, "col_named").columns[0]?.identity).toEqual({ always: false });
    expect(tableOf(live, "defaulted").primaryKey).toEqual({ columns: ["id"] });
  });

  test("foreign keys: composite, omitted parent columns, parent spelling, actions, names", async () => {
    const live = await introspectDdl(`
      CREATE TABLE Parent (x INTEGER NOT NULL, y TEXT NOT NULL, PRIMARY KEY (x, y));
      CREATE TABLE Other (id INTEGER PRIMARY KEY, Code TEXT UNIQUE);
      CREATE TABLE child (
        id INTEGER PRIMARY KEY,
        px INTEGER, py TEXT,
        other_id INTEGER REFERENCES other ON DELETE CASCADE,
        other_code TEXT CONSTRAINT child_code_fk REFERENCES OTHER (code) ON UPDATE SET NULL ON DELETE RESTRICT,
        CONSTRAINT "child to parent" FOREIGN KEY (py, px) REFERENCES parent (y, x) ON DELETE SET DEFAULT,
        FOREIGN KEY (px, py) REFERENCES PARENT
      );
    `);
    expect(bag(tableOf(live, "child").foreignKeys)).toEqual(
      bag([
        {
          columns: ["other_code"],
          name: "child_code_fk",
          references: { table: "Other", columns: ["Code"] },
          onDelete: "RESTRICT",
          onUpdate: "SET NULL",
          deferred: false,
        },
        {
          columns: ["other_id"],
          references: { table: "Other", columns: ["id"] },
          onDelete: "CASCADE",
          onUpdate: "NO ACTION",
          deferred: false,
        },
        {
          columns: ["px", "py"],
          references: { table: "Parent", columns: ["x", "y"] },
          onDelete: "NO ACTION",
          onUpdate: "NO ACTION",
          deferred: false,
        },
        {
          name: "child to parent",
          columns: ["py", "px"],
          references: { table: "Parent", columns: ["y", "x"] },
          onDelete: "SET DEFAULT",
          onUpdate: "NO ACTION",
          deferred: false,
        },
      ]),
    );
  });

  test("a foreign key to a missing table keeps the name as written", async () => {
    const live = await introspectDdl(`CREATE TABLE orphan (id INTEGER PRIMARY KEY, g INTEGER REFERENCES Ghost (id));`);
    expect(tableOf(live, "orphan").foreignKeys[0]?.references).toEqual({ table: "Ghost", columns: ["id"] });
  });
});

describe("sqlite introspection: checks", () => {
  test("column-level and table-level checks, named and unnamed, canonical, comments dropped", async () => {
    const live = await introspectDdl(`
      CREATE TABLE c (
        qty INTEGER CHECK ( qty >= 0 ),
        price REAL CONSTRAINT price_positive CHECK (price > 0) NOT NULL,
        kind TEXT DEFAULT 'a' CHECK (kind IN ('a', 'b,c', ')')),
        lo INTEGER, hi INTEGER,
        CONSTRAINT "lo below hi" CHECK ((lo < hi /* pormg:check:0123456789abcdef */)),
        CHECK (lo >= 0 -- at least zero
        )
      );
    `);
    const c = tableOf(live, "c");
    expect(bag(c.checks)).toEqual(
      bag([
        { expression: "kind IN ('a','b,c',')')" },
        { expression: "lo >= 0" },
        { name: "lo below hi", expression: "lo < hi" },
        { expression: "qty >= 0" },
        { name: "price_positive", expression: "price > 0" },
      ]),
    );
    expect(c.columns.find((x) => x.name === "price")?.nullable).toBe(false);
    expect(c.columns.find((x) => x.name === "kind")?.default).toEqual({ kind: "literal", value: "a" });
  });

  test("quoted identifiers in bracket and backtick DDL", async () => {
    const live = await introspectDdl(`
      CREATE TABLE [Weird Table] ([Key Col] INTEGER PRIMARY KEY, \`Ref\` INTEGER, [Value] TEXT CHECK ([Value] <> ''));
      CREATE INDEX [Weird Idx] ON [Weird Table] (\`Ref\` DESC, [Value]);
      CREATE TABLE "Kid" ("Parent Key" INTEGER REFERENCES [Weird Table] ([Key Col]));
    `);
    const weird = tableOf(live, "Weird Table");
    expect(weird.primaryKey).toEqual({ columns: ["Key Col"] });
    expect(weird.indexes).toEqual([
      { name: "Weird Idx", keys: [{ column: "Ref", descending: true }, { column: "Value" }], unique: false },
    ]);
    expect(weird.checks).toEqual([{ expression: "[Value] <> ''" }]);
    expect(tableOf(live, "Kid").foreignKeys[0]?.references).toEqual({ table: "Weird Table", columns: ["Key Col"] });
  });
});

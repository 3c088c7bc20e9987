import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

/** A folder whose database is `ddl`, its models imported from it (`import-models --force`); check is clean. */
async function imported(ddl: string): Promise<PlannerFolder> {
  const f = await plannerFolder("sqlite", "", ddl);
  f.ok(["import-models", "--force"]);
  expectExit(f.cli(["check"]), 0);
  return f;
}

const modelsText = (f: PlannerFolder) => readFileSync(`${f.dir}/models.ts`, "utf8");
const editModels = (f: PlannerFolder, from: string, to: string) => {
  const text = modelsText(f);
  expect(text).toContain(from);
  f.models(text.replace(from, to).replace('import { Models } from "pormg";\n', ""));
};
const tableSql = async (f: PlannerFolder, table: string) =>
  (await f.rows<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = ?", [table]))[0]?.sql ?? "";

describe("sqlite: what a rebuild would lose is carried or refused", () => {
  test("STRICT, WITHOUT ROWID, COLLATE and a CHECK written on a column are imported and survive a rebuild", async () => {
    const f = await imported(`
      CREATE TABLE tag (id INTEGER PRIMARY KEY, label TEXT COLLATE NOCASE NOT NULL UNIQUE, n INT CHECK (n >= 0)) STRICT;
      CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;
      INSERT INTO tag (label, n) VALUES ('Alpha', 1), ('beta', 2);
      INSERT INTO kv VALUES ('a', 'x'), ('b', 'y');
    `);
    const text = modelsText(f);
    expect(text).toContain('label: Models.TextField({ unique: true, collation: "NOCASE" })');
    expect(text).toContain("strict: true,");
    expect(text).toContain("withoutRowid: true,");
    // Making n NOT NULL and v a TEXT rebuilds both tables.
    editModels(f, "n: Models.IntegerField({ null: true })", "n: Models.IntegerField({ default: 0 })");
    editModels(f, "v: Models.BinaryField({ null: true })", 'v: Models.TextField({ default: "" })');
    f.ok(["makemigrations"]);
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).toContain(") STRICT;");
    expect(plan).toContain(") WITHOUT ROWID;");
    expectExit(f.cli(["migrate"]), 0);
    expectExit(f.cli(["check"]), 0);
    expect(await tableSql(f, "tag")).toMatch(/"label" TEXT COLLATE NOCASE NOT NULL[\s\S]*\) STRICT$/);
    expect(
      await f.rows("SELECT name, wr, strict FROM pragma_table_list WHERE name IN ('kv', 'tag') ORDER BY name"),
    ).toEqual([
      { name: "kv", wr: 1, strict: 0 },
      { name: "tag", wr: 0, strict: 1 },
    ]);
    expect(await f.rows("SELECT label, n FROM tag ORDER BY id")).toEqual([
      { label: "Alpha", n: 1 },
      { label: "beta", n: 2 },
    ]);
    await expect(f.sql("INSERT INTO tag (label) VALUES ('ALPHA')")).rejects.toThrow(/UNIQUE/);
    await expect(f.sql("INSERT INTO tag (label, n) VALUES ('x', 'not a number')")).rejects.toThrow(/cannot store/);
    await expect(f.sql("INSERT INTO tag (label, n) VALUES ('x', -1)")).rejects.toThrow(/CHECK/);
  }, 60_000);

  test("models declare STRICT, WITHOUT ROWID and a collation; a collation change counts the keys it would merge", async () => {
    const f = await plannerFolder(
      "sqlite",
      `export const Code = Models.Model(
  { code: Models.TextField({ primaryKey: true }), label: Models.TextField({ unique: true }) },
  { strict: true, withoutRowid: true },
);`,
    );
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    expectExit(f.cli(["check"]), 0);
    await f.sql("INSERT INTO code VALUES ('a', 'Red'), ('b', 'red'), ('c', 'blue')");
    f.models(`export const Code = Models.Model(
  { code: Models.TextField({ primaryKey: true }), label: Models.TextField({ unique: true, collation: "NOCASE" }) },
  { strict: true, withoutRowid: true },
);`);
    const made = f.json(["makemigrations"]);
    expect(made).toMatchObject({ outcome: "written", destructive: false });
    expect(readFileSync(f.pending, "utf8")).toContain("-- step: code | Alter table: code (collate label NOCASE)");
    const refused = f.json(["migrate"], 3);
    expect(refused).toMatchObject({ error: { code: "PRECHECK_FAILED" } });
    expect(refused.stderr).toContain("collation_key (label)");
    expect(refused.stderr).toContain("2 row(s)");
    await f.sql("UPDATE code SET label = 'crimson' WHERE code = 'b'");
    expectExit(f.cli(["migrate"]), 0);
    expectExit(f.cli(["check"]), 0);
    expect(await tableSql(f, "code")).toContain('"label" TEXT COLLATE NOCASE NOT NULL');
  }, 60_000);

  test("a rebuild of a table with an ON CONFLICT clause is refused, naming it (its generated column is carried)", async () => {
    const f = await imported(`
      CREATE TABLE line (id INTEGER PRIMARY KEY, qty INT, total INT GENERATED ALWAYS AS (qty * 2) STORED,
        note TEXT NOT NULL ON CONFLICT REPLACE DEFAULT '-');
      INSERT INTO line (qty) VALUES (3);
    `);
    const state = await f.state();
    editModels(f, "qty: Models.IntegerField({ null: true })", "qty: Models.IntegerField({ default: 1 })");
    const refused = f.json(["makemigrations"], 3);
    expect(refused).toMatchObject({ outcome: "refused", error: { code: "PLAN_REFUSED" } });
    expect(refused.stderr).toContain('column "note" ON CONFLICT REPLACE');
    expect(refused.stderr).not.toContain("GENERATED");
    expect(existsSync(f.pending)).toBe(false);
    expect(await f.state()).toBe(state);
    // A change that needs no rebuild still plans.
    editModels(
      f,
      "qty: Models.IntegerField({ default: 1 }),",
      "qty: Models.IntegerField({ null: true }),\n    memo: Models.TextField({ null: true }),",
    );
    f.ok(["makemigrations"]);
    expectExit(f.cli(["migrate"]), 0);
    expect(await f.rows("SELECT qty, total, note FROM line")).toEqual([{ qty: 3, total: 6, note: "-" }]);
  }, 60_000);

  test("generated columns (STORED, VIRTUAL, declared without a type) are imported and carried through a rebuild", async () => {
    const f = await imported(`
      CREATE TABLE line (id INTEGER PRIMARY KEY, qty INT, price INT,
        total INT GENERATED ALWAYS AS (qty * price) STORED, twice AS (qty * 2), label TEXT AS ('n' || qty) VIRTUAL);
      INSERT INTO line (qty, price) VALUES (3, 5), (4, NULL);
    `);
    const text = modelsText(f);
    expect(text).toContain('generated: { expression: "qty * price", stored: true }');
    expect(text).toContain(
      'twice: Models.NativeField({ type: "", null: true, generated: { expression: "qty * 2", stored: false } })',
    );
    // Making price NOT NULL with a default rebuilds the table: on the code as it landed, refused as an uncarried clause.
    editModels(f, "price: Models.IntegerField({ null: true })", "price: Models.IntegerField({ default: 1 })");
    f.ok(["makemigrations"]);
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).toContain("Alter table: line (");
    // The copy never inserts into a generated column: the new table computes them.
    const insert = plan.split("\n").find((l) => l.startsWith('INSERT INTO "line__pormg_new"')) ?? "";
    expect(insert).toContain('"qty", "price"');
    expect(insert).not.toMatch(/"total"|"twice"|"label"/);
    await f.sql("UPDATE line SET price = 1 WHERE price IS NULL");
    expect(f.json(["migrate"])).toMatchObject({ outcome: "applied", destructive: false });
    expectExit(f.cli(["check"]), 0);
    expect(await f.rows("SELECT qty, price, total, twice, label FROM line ORDER BY id")).toEqual([
      { qty: 3, price: 5, total: 15, twice: 6, label: "n3" },
      { qty: 4, price: 1, total: 4, twice: 8, label: "n4" },
    ]);
    expect(await tableSql(f, "line")).toContain('"total" INTEGER GENERATED ALWAYS AS (qty * price) STORED');
  }, 60_000);
});

describe("sqlite: names are case-insensitive", () => {
  test("a database table USERS is the model table users; the database's spelling is kept, through a rebuild too", async () => {
    const f = await plannerFolder(
      "sqlite",
      `export const Users = Models.Model({
  id: Models.IntegerField({ primaryKey: true }),
  name: Models.CharField({ maxLength: 50 }),
  team: Models.ForeignKey("Teams", { null: true, dbIndex: false }),
});
export const Teams = Models.Model({ id: Models.IntegerField({ primaryKey: true }) });`,
      `CREATE TABLE "TEAMS" ("ID" INTEGER PRIMARY KEY);
       CREATE TABLE "USERS" ("Id" INTEGER PRIMARY KEY, "Name" VARCHAR(50) NOT NULL, "Team" INTEGER REFERENCES "TEAMS" ("ID"));
       CREATE VIEW named AS SELECT Name FROM USERS;
       INSERT INTO "TEAMS" VALUES (1); INSERT INTO "USERS" VALUES (1, 'ana', 1), (2, 'bo', NULL);`,
    );
    expectExit(f.cli(["check"]), 0);
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });

    // A new column: added to "USERS", not a CREATE TABLE "users".
    f.models(
      readFileSync(`${f.dir}/models.ts`, "utf8")
        .replace('import { Models } from "pormg";\n', "")
        .replace(
          "name: Models.CharField({ maxLength: 50 }),",
          "name: Models.CharField({ maxLength: 80 }),\n  email: Models.CharField({ maxLength: 90, null: true }),",
        ),
    );
    f.ok(["makemigrations"]);
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).not.toContain('CREATE TABLE "users"');
    expect(plan).toContain('ALTER TABLE "USERS" ADD COLUMN "email" VARCHAR(90);');
    expect(plan).toContain("-- step: USERS | Alter table: USERS (widen Name varchar(50) → varchar(80))");
    expectExit(f.cli(["migrate"]), 0);
    expectExit(f.cli(["check"]), 0);
    expect(
      await f.rows(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('USERS', 'TEAMS') ORDER BY name`),
    ).toEqual([{ name: "TEAMS" }, { name: "USERS" }]);
    expect(await f.rows('SELECT "Id", "Name", "Team", email FROM "USERS" ORDER BY "Id"')).toEqual([
      { Id: 1, Name: "ana", Team: 1, email: null },
      { Id: 2, Name: "bo", Team: null, email: null },
    ]);
    expect(await f.rows("SELECT * FROM named ORDER BY Name")).toEqual([{ Name: "ana" }, { Name: "bo" }]);
  }, 60_000);

  test("two models whose tables differ only in case are refused at load", async () => {
    const f = await plannerFolder(
      "sqlite",
      `export const A = Models.Model({ id: Models.IDField() }, { dbTable: "Thing" });
export const B = Models.Model({ id: Models.IDField() }, { dbTable: "thing" });`,
    );
    const r = f.json(["check"], 78);
    expect(r.stderr).toContain('table "thing" is the same table as "Thing"');
  }, 30_000);
});

describe("sqlite: every column SQLite accepts imports and round-trips", () => {
  const SPELLINGS = `CREATE TABLE everything (
    id INTEGER PRIMARY KEY,
    a INT, b INTEGER, c TINYINT, d SMALLINT, e MEDIUMINT, f BIGINT, g UNSIGNED BIG INT, h INT2, i INT8,
    j CHARACTER(20), k VARCHAR(255), l VARYING CHARACTER(255), m NCHAR(55), n NATIVE CHARACTER(70), o NVARCHAR(100),
    p TEXT, q CLOB, r BLOB, s, t REAL, u DOUBLE, v DOUBLE PRECISION, w FLOAT, x NUMERIC, y DECIMAL(10,5),
    z BOOLEAN, aa DATE, ab DATETIME, ac STRING, ad JSONB, ae NUMERIC(20,4), af DECIMAL(10), ag "weird type", ah CHAR
  )`;
  const ROWS = `INSERT INTO everything (a, c, g, k, s, t, x, y, z, ac, ae, ag)
    VALUES (1, 2, 3, 'k', x'00ff', 1.5, '12.50', 3.14159, 1, 'str', 12345678901234.5678, 'w'),
           (NULL, NULL, NULL, NULL, 'text in a typeless column', NULL, 'abc', NULL, 0, 42, NULL, NULL)`;
  const snapshot = (f: PlannerFolder) =>
    f.rows(
      "SELECT id, typeof(a) ta, a, c, g, k, typeof(s) ts, hex(s) s, t, typeof(x) tx, x, y, z, typeof(ac) tac, ac, ae, ag FROM everything ORDER BY id",
    );

  test("import-models, check, a rebuild with data, check again", async () => {
    const f = await imported(`${SPELLINGS};\n${ROWS};`);
    const text = modelsText(f);
    expect(text).toContain('s: Models.NativeField({ type: "", null: true })');
    expect(text).toContain('ae: Models.NativeField({ type: "numeric(20,4)", null: true })');
    expect(text).toContain('g: Models.NativeField({ type: "unsigned big int", null: true })');
    const before = await snapshot(f);
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
    // Force a rebuild: k becomes NOT NULL with a default (rows with NULL are fixed first).
    await f.sql("UPDATE everything SET k = '' WHERE k IS NULL");
    const fixed = await snapshot(f);
    editModels(
      f,
      "k: Models.CharField({ maxLength: 255, null: true })",
      'k: Models.CharField({ maxLength: 255, default: "" })',
    );
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: false });
    expectExit(f.cli(["migrate"]), 0);
    expectExit(f.cli(["check"]), 0);
    expect(await snapshot(f)).toEqual(fixed);
    expect(before).toHaveLength(2);
  }, 60_000);

  test("a sole INT PRIMARY KEY stays a plain key through a rebuild (never a rowid alias)", async () => {
    const f = await imported(`CREATE TABLE k (id INT PRIMARY KEY, v VARCHAR(10));
      INSERT INTO k VALUES ('abc', 'x'), (NULL, 'y'), (3, 'z');`);
    expect(modelsText(f)).toContain('id: Models.NativeField({ type: "int", null: true, primaryKey: true })');
    editModels(
      f,
      "v: Models.CharField({ maxLength: 10, null: true })",
      "v: Models.CharField({ maxLength: 20, null: true })",
    );
    f.ok(["makemigrations"]);
    expectExit(f.cli(["migrate"]), 0);
    expectExit(f.cli(["check"]), 0);
    expect(await f.rows("SELECT id, v FROM k ORDER BY v")).toEqual([
      { id: "abc", v: "x" },
      { id: null, v: "y" },
      { id: 3, v: "z" },
    ]);
  }, 60_000);
});

/** The collation each key column of `table`'s UNIQUE / PRIMARY KEY index uses, as `pragma_index_xinfo` reports it. */
const keyCollations = (f: PlannerFolder, table: string) =>
  f.rows<{ origin: string; name: string; coll: string }>(
    `SELECT il.origin AS origin, x.name AS name, x.coll AS coll FROM pragma_index_list(?) il
       JOIN pragma_index_xinfo(il.name) x WHERE x.key = 1 AND il.origin IN ('u', 'pk') ORDER BY il.origin, x.seqno`,
    [table],
  );

describe("sqlite: collations inside a table-level key are carried (corpus case rebuild-refused-collation-in-table-key)", () => {
  const tag = (key: string) => `export const Tag = Models.Model(
  {
    name: Models.TextField(),
    scope: Models.TextField(),
    hits: Models.IntegerField({ default: 0 }),
  },
  { constraints: [Models.UniqueConstraint({ fields: [${key}, "scope"] })] },
);`;

  test("a NOCASE key versus models with a plain key: check reports it, the plan rebuilds it plain, rows kept", async () => {
    const f = await plannerFolder(
      "sqlite",
      tag('"name"'),
      `CREATE TABLE tag (name text NOT NULL, scope text NOT NULL, UNIQUE (name COLLATE NOCASE, scope));
       INSERT INTO tag VALUES ('a', 's');`,
    );
    // On the code as it landed check said the two agree (only a column was missing).
    const check = expectExit(f.cli(["check"]), 2);
    expect(check.stdout).toContain("unique constraint (name collate NOCASE, scope)");
    const made = f.json(["makemigrations"]);
    expect(made).toMatchObject({ outcome: "written", destructive: false });
    // Relaxing NOCASE to BINARY merges no keys: nothing to count.
    expect(made.lossy).toEqual([]);
    expect(readFileSync(f.pending, "utf8")).toContain('UNIQUE ("name", "scope")');
    f.ok(["migrate"]);
    expect(expectExit(f.cli(["check"]), 0).stdout).toContain("The models and the database agree.");
    expect(f.json(["makemigrations", "--check"])).toMatchObject({ outcome: "nothing_to_do" });
    expect(await keyCollations(f, "tag")).toEqual([
      { origin: "u", name: "name", coll: "BINARY" },
      { origin: "u", name: "scope", coll: "BINARY" },
    ]);
    expect(await f.rows("SELECT name, scope, hits FROM tag")).toEqual([{ name: "a", scope: "s", hits: 0 }]);
    await f.sql("INSERT INTO tag (name, scope) VALUES ('A', 's')"); // no longer the same key
  }, 60_000);

  test("models with { field, collation } build the key; making a plain key NOCASE counts the rows it would merge", async () => {
    const f = await plannerFolder("sqlite", tag('"name"'));
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    await f.sql("INSERT INTO tag (name, scope) VALUES ('Red', 's'), ('red', 's'), ('red', 't')");
    f.models(tag('{ field: "name", collation: "NOCASE" }'));
    expectExit(f.cli(["check"]), 2);
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: false });
    expect(readFileSync(f.pending, "utf8")).toContain('UNIQUE ("name" COLLATE NOCASE, "scope")');
    const refused = f.json(["migrate"], 3);
    expect(refused).toMatchObject({ error: { code: "PRECHECK_FAILED" } });
    expect(refused.stderr).toContain("collation_key (name, scope)");
    expect(refused.stderr).toContain("2 row(s)");
    await f.sql("DELETE FROM tag WHERE name = 'Red'");
    f.ok(["migrate"]);
    expect(expectExit(f.cli(["check"]), 0).stdout).toContain("The models and the database agree.");
    expect(await keyCollations(f, "tag")).toEqual([
      { origin: "u", name: "name", coll: "NOCASE" },
      { origin: "u", name: "scope", coll: "BINARY" },
    ]);
    await expect(f.sql("INSERT INTO tag (name, scope) VALUES ('RED', 't')")).rejects.toThrow(/UNIQUE/);
  }, 60_000);

  test("import-models writes collated UNIQUE and PRIMARY KEY fields; a fresh database from them has the same keys", async () => {
    const ddl = `CREATE TABLE tag (name text NOT NULL, scope text NOT NULL, UNIQUE (name COLLATE NOCASE, scope));
      CREATE TABLE code (k text NOT NULL, v text NOT NULL, PRIMARY KEY (k COLLATE NOCASE)) WITHOUT ROWID;`;
    const f = await imported(ddl);
    const text = modelsText(f);
    expect(text).toContain('fields: [{ field: "name", collation: "NOCASE" }, "scope"]');
    expect(text).toContain('primaryKey: [{ field: "k", collation: "NOCASE" }]');
    const fresh = await plannerFolder("sqlite", text.replace('import { Models } from "pormg";\n', ""));
    fresh.ok(["makemigrations"]);
    fresh.ok(["migrate"]);
    expectExit(fresh.cli(["check"]), 0);
    for (const table of ["tag", "code"])
      expect(await keyCollations(fresh, table)).toEqual(await keyCollations(f, table));
    await fresh.sql("INSERT INTO code VALUES ('x', '1')");
    await expect(fresh.sql("INSERT INTO code VALUES ('X', '2')")).rejects.toThrow(/UNIQUE|PRIMARY/);
  }, 60_000);

  test("PostgreSQL refuses a collation inside a UniqueConstraint, saying what to use", async () => {
    const f = await plannerFolder("postgresql", tag('{ field: "name", collation: "C" }'));
    const r = f.cli(["check"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("key collation exists only on SQLite");
    expect(r.stderr).toContain("Models.Index({ unique: true");
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { Column, ForeignKey, Table } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { createTestSchema, type TestSchema } from "../introspect/postgres-helpers.ts";
import { applyPostgres } from "./apply.ts";

let db: TestSchema;
const context = { unmanaged: [], tables: [] };
const render = (ops: Operation[]) => renderOperations(ops, postgresDialect, context);

beforeAll(async () => {
  db = await createTestSchema();
});
afterAll(async () => {
  await db?.dispose();
});

async function tableOf(name: string): Promise<Table> {
  const live = await db.introspect();
  const found = live.schema.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

const int = (name: string, extra: Partial<Column> = {}): Column => ({
  name,
  type: { kind: "integer" },
  nullable: true,
  ...extra,
});

describe("postgres: rendered steps run and read back", () => {
  test("tables, indexes and foreign keys in a reference cycle read back as the target", async () => {
    const toArtist: ForeignKey = {
      columns: ["artist_id"],
      references: { table: "artist", columns: ["id"] },
      onDelete: "CASCADE",
      onUpdate: "NO ACTION",
      deferred: true,
    };
    const toAlbum: ForeignKey = {
      columns: ["best_album_id"],
      references: { table: "album", columns: ["id"] },
      onDelete: "SET NULL",
      onUpdate: "NO ACTION",
      deferred: true,
    };
    const artist: Table = {
      name: "artist",
      columns: [
        int("id", { nullable: false }),
        { name: "name", type: { kind: "varchar", length: 120 }, nullable: false },
        int("best_album_id"),
      ],
      primaryKey: { columns: ["id"] },
      foreignKeys: [toAlbum],
      uniques: [{ columns: ["name"] }],
      indexes: [],
      checks: [{ expression: "id > 0" }],
    };
    const album: Table = {
      name: "album",
      columns: [
        int("id", { nullable: false, identity: { always: true } }),
        { name: "title", type: { kind: "text" }, nullable: false, default: { kind: "literal", value: "untitled" } },
        int("artist_id"),
      ],
      primaryKey: { columns: ["id"] },
      foreignKeys: [toArtist],
      uniques: [],
      indexes: [{ keys: [{ column: "artist_id" }], unique: false }],
      checks: [],
    };
    const ops: Operation[] = [
      { kind: "createTable", table: { ...album, foreignKeys: [], indexes: [] } },
      { kind: "createTable", table: { ...artist, foreignKeys: [] } },
      { kind: "createIndex", table: "album", index: { keys: [{ column: "artist_id" }], unique: false } },
      { kind: "addForeignKey", table: "album", foreignKey: toArtist },
      { kind: "addForeignKey", table: "artist", foreignKey: toAlbum },
    ];
    await applyPostgres(db.driver, render(ops));
    const live = await db.introspect();
    const wanted = normalizeSchema({ dialect: "postgresql", tables: [album, artist] }, dialectNamed("postgresql"));
    const got = normalizeSchema(live.schema, dialectNamed(live.schema.dialect)).tables.filter(
      (t) => t.name === "album" || t.name === "artist",
    );
    expect(got.map((t) => ({ ...t, checks: t.checks.map((c) => c.expression) }))).toEqual(
      wanted.tables.map((t) => ({ ...t, checks: t.checks.map((c) => c.expression) })),
    );
  });

  test("column changes with USING casts keep the data; new identities continue after existing values", async () => {
    await db.run(`
      CREATE TABLE alt (id integer PRIMARY KEY, txt text DEFAULT '1', flag boolean, num integer, addr inet,
                        ident integer NOT NULL, ser bigint NOT NULL, dec numeric(10,4));
      INSERT INTO alt VALUES (1, '10', true, 0, '10.0.0.1', 5, 7, 1.2345), (2, '20', false, 3, '192.168.1.0/24', 6, 9, 2.5);
    `);
    const before = await tableOf("alt");
    const c = (name: string) => before.columns.find((x) => x.name === name) as Column;
    const target: Record<string, Column> = {
      txt: { name: "txt", type: { kind: "integer" }, nullable: true, default: { kind: "literal", value: 1 } },
      flag: { name: "flag", type: { kind: "bigint" }, nullable: true },
      num: { name: "num", type: { kind: "boolean" }, nullable: true },
      addr: { name: "addr", type: { kind: "text" }, nullable: true },
      ident: { name: "ident", type: { kind: "integer" }, nullable: false, identity: { always: true } },
      ser: { name: "ser", type: { kind: "bigint" }, nullable: false, identity: { always: false, serial: true } },
      dec: { name: "dec", type: { kind: "decimal", precision: 12, scale: 2 }, nullable: true },
    };
    const changes = {
      txt: ["type", "default"],
      flag: ["type"],
      num: ["type"],
      addr: ["type"],
      ident: ["identity"],
      ser: ["identity"],
      dec: ["type"],
    } as const;
    const ops: Operation[] = Object.entries(target).map(([name, to]) => ({
      kind: "alterColumn",
      table: "alt",
      from: c(name),
      to,
      changes: changes[name as keyof typeof changes],
    }));
    await applyPostgres(db.driver, render(ops));
    const after = await tableOf("alt");
    for (const [name, to] of Object.entries(target)) expect(after.columns.find((x) => x.name === name)).toEqual(to);
    const rows = await db.driver.query("SELECT txt, flag, num, addr, dec::text AS dec FROM alt ORDER BY id");
    expect(rows).toEqual([
      { txt: 10, flag: "1", num: false, addr: "10.0.0.1", dec: "1.23" },
      { txt: 20, flag: "0", num: true, addr: "192.168.1.0/24", dec: "2.50" },
    ]);
    await db.run("INSERT INTO alt (id) VALUES (3)");
    expect(await db.driver.query("SELECT ident, ser::int AS ser, txt FROM alt WHERE id = 3")).toEqual([
      { ident: 7, ser: 10, txt: 1 },
    ]);
  });

  test("after renames, drops find the live (pre-rename) default names", async () => {
    await db.run(`
      CREATE TABLE parent (id integer PRIMARY KEY);
      CREATE TABLE a (id integer PRIMARY KEY, x integer UNIQUE REFERENCES parent (id), w integer);
      CREATE INDEX a_w_idx ON a (w);
    `);
    const fk: ForeignKey = {
      columns: ["y"],
      references: { table: "parent", columns: ["id"] },
      onDelete: "NO ACTION",
      onUpdate: "NO ACTION",
      deferred: false,
    };
    const ops: Operation[] = [
      { kind: "renameTable", from: "a", to: "b" },
      { kind: "renameColumn", table: "b", from: "x", to: "y" },
      { kind: "renameColumn", table: "b", from: "w", to: "v" },
      { kind: "dropForeignKey", table: "b", foreignKey: fk },
      { kind: "dropUnique", table: "b", unique: { columns: ["y"] } },
      { kind: "dropIndex", table: "b", index: { keys: [{ column: "v" }], unique: false } },
      { kind: "setPrimaryKey", table: "b", from: { columns: ["id"] }, to: { columns: ["id", "v"] } },
    ];
    await db.run("UPDATE a SET w = 0");
    await applyPostgres(db.driver, render(ops));
    const b = await tableOf("b");
    expect(b).toMatchObject({ foreignKeys: [], uniques: [], indexes: [], primaryKey: { columns: ["id", "v"] } });
  });

  test("DROP TABLE has no CASCADE: a view on the table makes the step fail instead of vanishing", async () => {
    await db.run("CREATE TABLE doomed (id integer); CREATE VIEW doomed_view AS SELECT id FROM doomed;");
    const steps = render([{ kind: "dropTable", table: await tableOf("doomed") }]);
    await expect(applyPostgres(db.driver, steps)).rejects.toThrow(/other objects depend on it/);
    expect(await db.driver.query("SELECT count(*)::int AS n FROM doomed_view")).toEqual([{ n: 0 }]);
  });
});

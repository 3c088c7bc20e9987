import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
import { openMysql } from "../../../src/dialect/mysql/mysql-client.ts";
import { introspectMysql } from "../../../src/dialect/mysql/mysql-introspect.ts";
import { mysqlNormalize } from "../../../src/dialect/mysql/mysql-normalize.ts";
import { printMysqlTables } from "../../../src/dialect/mysql/mysql-print.ts";
import { introspect } from "../../../src/introspect/introspect.ts";
import type { LiveSchema, Table } from "../../../src/schema/ir.ts";
import { freshMysqlDatabase, MYSQL_URL, type MysqlTestDatabase } from "../../lib/mysql.ts";

const dialect = {
  introspector: { introspect: introspectMysql, printTables: printMysqlTables },
  normalize: mysqlNormalize,
};

function table(live: LiveSchema, name: string): Table {
  const found = live.schema.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name} in ${live.schema.tables.map((t) => t.name).join(", ")}`);
  return found;
}

function column(t: Table, name: string) {
  const found = t.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name} in ${t.name}`);
  return found;
}

/** A driver that counts the queries sent through it. */
function counting(driver: Driver): { driver: Driver; count: () => number } {
  let n = 0;
  return {
    driver: {
      ...driver,
      query: (text, params) => {
        n++;
        return driver.query(text, params);
      },
    },
    count: () => n,
  };
}

const KITCHEN = `
CREATE TABLE parent (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, code varchar(10) NOT NULL, UNIQUE KEY (code));
CREATE TABLE kitchen (
  id bigint NOT NULL AUTO_INCREMENT,
  s varchar(20) DEFAULT 'it''s',
  q varchar(20) DEFAULT 'NULL',
  bs varchar(20) DEFAULT 'a\\\\b\\nc',
  n varchar(20) DEFAULT NULL,
  d decimal(10,2) NOT NULL DEFAULT 20.5,
  whole decimal(8,2) DEFAULT 3,
  neg int DEFAULT -5,
  b tinyint(1) NOT NULL DEFAULT 1,
  off tinyint(1) DEFAULT 0,
  ts timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  dt datetime(3) DEFAULT current_timestamp(3),
  day date DEFAULT '2020-01-01',
  today date DEFAULT (curdate()),
  j json DEFAULT NULL,
  jd json NOT NULL DEFAULT '{}',
  g int GENERATED ALWAYS AS (id * 2) VIRTUAL,
  g2 varchar(40) AS (concat(s, '-')) STORED,
  c varchar(10) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  body longtext,
  p point NOT NULL,
  u char(36) DEFAULT (uuid()),
  bits bit(4) DEFAULT b'0101',
  parent_id int,
  parent_code varchar(10),
  hidden_col int INVISIBLE,
  PRIMARY KEY (id),
  UNIQUE KEY uq_s_c (s, c),
  UNIQUE KEY uq_prefix (body(20)),
  KEY ix_body (body(10)),
  FULLTEXT KEY ft (s, body),
  SPATIAL KEY sp (p),
  KEY ix_desc (c DESC, s),
  KEY ix_plain (neg, d),
  CONSTRAINT ck_d CHECK (d > 0),
  CONSTRAINT ck_json CHECK (json_length(jd) >= 0),
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL,
  FOREIGN KEY (parent_code) REFERENCES parent (code) ON DELETE NO ACTION
);
CREATE TABLE ignored_here (id int PRIMARY KEY);
CREATE TABLE auth_user (id int PRIMARY KEY);
CREATE TABLE profile (id int PRIMARY KEY, user_id int NOT NULL, CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES auth_user (id));
CREATE TABLE pormg_migrations (id int PRIMARY KEY);
CREATE TRIGGER pormg_guard BEFORE DELETE ON pormg_migrations FOR EACH ROW SET @x = 1;
CREATE VIEW kitchen_names AS SELECT id, s FROM kitchen;
CREATE TRIGGER kitchen_upper BEFORE INSERT ON kitchen FOR EACH ROW SET NEW.s = UPPER(NEW.s);
CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2;
CREATE PROCEDURE hello() SELECT 1;
CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY DO DELETE FROM kitchen WHERE id < 0;
CREATE SEQUENCE counter;
CREATE TABLE versioned (id int PRIMARY KEY) WITH SYSTEM VERSIONING;
CREATE TABLE parts (id int NOT NULL, PRIMARY KEY (id)) PARTITION BY HASH (id) PARTITIONS 2;
`;

describe("MySQL introspection (MariaDB)", () => {
  let db: MysqlTestDatabase;
  let live: LiveSchema;
  beforeAll(async () => {
    db = await freshMysqlDatabase("introspect");
    await db.driver.execute(KITCHEN);
    live = await introspect(db.driver, dialect, { ignoreTables: ["ignored_"] });
  });
  afterAll(async () => {
    await db.dispose();
  });

  test("columns: types, nullability, AUTO_INCREMENT, generated columns, collations other than the table's", () => {
    const k = table(live, "kitchen");
    expect(column(k, "id")).toEqual({
      name: "id",
      type: { kind: "bigint" },
      nullable: false,
      identity: { always: false },
    });
    expect(column(k, "g")).toEqual({
      name: "g",
      type: { kind: "integer" },
      nullable: true,
      generated: { expression: "`id` * 2", stored: false },
    });
    expect(column(k, "g2").generated).toEqual({ expression: "concat(`s`,'-')", stored: true });
    expect(column(k, "c").collation).toBe("utf8mb4_bin");
    expect(column(k, "s").collation).toBeUndefined();
    expect(column(k, "body").type).toEqual({ kind: "text" });
    expect(column(k, "p").type).toEqual({ kind: "native", sql: "point" });
    expect(column(k, "u").type).toEqual({ kind: "uuid" });
    expect(k.columns.map((c) => c.name)).toContain("hidden_col");
  });

  test("MariaDB's json (longtext + json_valid check) reads back as json, check and collation hidden", () => {
    const k = table(live, "kitchen");
    expect(column(k, "j")).toEqual({ name: "j", type: { kind: "json", binary: false }, nullable: true });
    expect(column(k, "jd")).toEqual({
      name: "jd",
      type: { kind: "json", binary: false },
      nullable: false,
      default: { kind: "literal", value: "{}" },
    });
    expect(k.checks.map((c) => c.name).sort()).toEqual(["ck_d", "ck_json"]);
    expect(k.checks.find((c) => c.name === "ck_d")?.expression).toBe("`d` > 0");
  });

  test("defaults: MariaDB's quoted literals, NULL, numbers, booleans and expressions", () => {
    const k = table(live, "kitchen");
    const d = (name: string) => column(k, name).default;
    expect(d("s")).toEqual({ kind: "literal", value: "it's" });
    expect(d("q")).toEqual({ kind: "literal", value: "NULL" });
    expect(d("bs")).toEqual({ kind: "literal", value: "a\\b\nc" });
    expect(d("n")).toBeUndefined();
    expect(d("d")).toEqual({ kind: "literal", value: 20.5 });
    expect(d("whole")).toEqual({ kind: "literal", value: 3 });
    expect(d("neg")).toEqual({ kind: "literal", value: -5 });
    expect(d("b")).toEqual({ kind: "literal", value: true });
    expect(d("off")).toEqual({ kind: "literal", value: false });
    expect(d("ts")).toEqual({ kind: "expression", sql: "CURRENT_TIMESTAMP" });
    expect(d("dt")).toEqual({ kind: "expression", sql: "CURRENT_TIMESTAMP(3)" });
    expect(d("day")).toEqual({ kind: "literal", value: "2020-01-01" });
    expect(d("today")).toEqual({ kind: "expression", sql: "CURRENT_DATE" });
    expect(d("u")).toEqual({ kind: "expression", sql: "uuid()" });
    expect(d("bits")).toEqual({ kind: "expression", sql: "b'101'" });
    expect(d("g")).toBeUndefined();
  });

  test("keys and indexes: primary key, uniques, FULLTEXT/SPATIAL as methods, DESC keys; prefixes unmanaged", () => {
    const k = table(live, "kitchen");
    expect(k.primaryKey).toEqual({ columns: ["id"] });
    expect(k.uniques).toEqual([{ name: "uq_s_c", columns: ["s", "c"] }]);
    const byName = Object.fromEntries(k.indexes.map((i) => [i.name, i]));
    expect(Object.keys(byName).sort()).toEqual(["ft", "ix_desc", "ix_plain", "sp"]);
    expect(byName.ft).toEqual({
      name: "ft",
      keys: [{ column: "s" }, { column: "body" }],
      unique: false,
      method: "fulltext",
    });
    expect(byName.sp).toEqual({ name: "sp", keys: [{ column: "p" }], unique: false, method: "spatial" });
    expect(byName.ix_desc?.keys).toEqual([{ column: "c", descending: true }, { column: "s" }]);
    expect(byName.ix_plain).toEqual({ name: "ix_plain", keys: [{ column: "neg" }, { column: "d" }], unique: false });
    const indexes = live.unmanaged.filter((o) => o.kind === "index").map((o) => `${o.table}.${o.name}`);
    expect(indexes).toEqual(["kitchen.ix_body", "kitchen.uq_prefix"]);
  });

  test("foreign keys with their rules; InnoDB's own index for a key is left out", () => {
    const k = table(live, "kitchen");
    const byName = Object.fromEntries(k.foreignKeys.map((f) => [f.name, f]));
    expect(byName.fk_parent).toEqual({
      name: "fk_parent",
      columns: ["parent_id"],
      references: { table: "parent", columns: ["id"] },
      onDelete: "CASCADE",
      onUpdate: "SET NULL",
      deferred: false,
    });
    expect(byName.kitchen_ibfk_1).toMatchObject({
      columns: ["parent_code"],
      references: { table: "parent", columns: ["code"] },
      onDelete: "NO ACTION",
      onUpdate: "RESTRICT",
    });
    expect(k.indexes.some((i) => i.name === "fk_parent" || i.name === "parent_code")).toBe(false);
  });

  test("ignore lists: built-in prefixes and ignore_tables; a key to an ignored table is unmanaged", () => {
    expect(live.ignored).toEqual(["auth_user", "ignored_here", "pormg_migrations"]);
    expect(live.schema.tables.map((t) => t.name)).toEqual(["kitchen", "parent", "parts", "profile", "versioned"]);
    expect(table(live, "profile").foreignKeys).toEqual([]);
    const external = live.unmanaged.find((o) => o.table === "profile");
    expect(external).toMatchObject({ kind: "constraint", name: "fk_user", foreignKey: { columns: ["user_id"] } });
  });

  test("the unmanaged inventory: views, sequences, triggers, routines, events, clauses the IR does not carry", () => {
    const rest = live.unmanaged
      .filter((o) => o.kind !== "index" && o.foreignKey === undefined)
      .map((o) => (o.table === undefined ? `${o.kind} ${o.name}` : `${o.kind} ${o.table}: ${o.name}`));
    expect(rest).toEqual([
      'constraint kitchen: column "hidden_col" INVISIBLE',
      'constraint kitchen: column "ts" ON UPDATE CURRENT_TIMESTAMP',
      "constraint parts: PARTITION BY",
      "constraint versioned: WITH SYSTEM VERSIONING",
      "event nightly",
      "function twice",
      "procedure hello",
      "sequence counter",
      "trigger kitchen: kitchen_upper",
      "view kitchen_names",
    ]);
  });

  test("tables: the scoped read gives those tables exactly as the full read does", async () => {
    const scoped = await introspect(db.driver, dialect, { ignoreTables: ["ignored_"], tables: ["kitchen", "profile"] });
    expect(scoped.schema.tables.map((t) => t.name)).toEqual(["kitchen", "profile"]);
    expect(table(scoped, "kitchen")).toEqual(table(live, "kitchen"));
    expect(table(scoped, "profile")).toEqual(table(live, "profile"));
    const none = await introspect(db.driver, dialect, { tables: [] });
    expect(none.schema.tables).toEqual([]);
  });
});

describe("MySQL introspection runs a constant number of queries", () => {
  let db: MysqlTestDatabase;
  beforeAll(async () => {
    db = await freshMysqlDatabase("introspect");
  });
  afterAll(async () => {
    await db.dispose();
  });

  async function addTables(from: number, to: number) {
    const ddl: string[] = [];
    for (let i = from; i < to; i++)
      ddl.push(
        `CREATE TABLE t${i} (id int AUTO_INCREMENT PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x', ` +
          `ref int${i > 0 ? `, CONSTRAINT fk_${i} FOREIGN KEY (ref) REFERENCES t${i - 1} (id)` : ""}, ` +
          "UNIQUE KEY (name), CHECK (ref > 0));",
      );
    await db.driver.execute(ddl.join("\n"));
  }

  test("5 tables and 50 tables take the same number of queries", async () => {
    await addTables(0, 5);
    const five = counting(db.driver);
    const small = await introspect(five.driver, dialect);
    await addTables(5, 50);
    const fifty = counting(db.driver);
    const large = await introspect(fifty.driver, dialect);
    expect(small.schema.tables).toHaveLength(5);
    expect(large.schema.tables).toHaveLength(50);
    expect(table(large, "t49").foreignKeys).toHaveLength(1);
    expect(table(large, "t49").checks).toHaveLength(1);
    expect(fifty.count()).toBe(five.count());
    expect(five.count()).toBeLessThanOrEqual(6);
  });
});

test("a connection that names no database is refused, not read as an empty one", async () => {
  const url = new URL(MYSQL_URL);
  url.pathname = "/";
  const driver = await openMysql({ url: url.toString() });
  try {
    await expect(introspect(driver, dialect)).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  } finally {
    await driver.close();
  }
});

test("names that need quoting: backticks, spaces and capitals in tables, columns and json checks", async () => {
  const db = await freshMysqlDatabase("introspect");
  try {
    await db.driver.execute(
      "CREATE TABLE `Odd ``Name``` (`Id` int PRIMARY KEY, `my ``doc``` json, `a b` varchar(5) DEFAULT 'x', KEY `k 1` (`a b`));",
    );
    const live = await introspect(db.driver, dialect);
    expect(live.schema.tables).toEqual([
      {
        name: "Odd `Name`",
        columns: [
          { name: "Id", type: { kind: "integer" }, nullable: false },
          { name: "my `doc`", type: { kind: "json", binary: false }, nullable: true },
          {
            name: "a b",
            type: { kind: "varchar", length: 5 },
            nullable: true,
            default: { kind: "literal", value: "x" },
          },
        ],
        primaryKey: { columns: ["Id"] },
        foreignKeys: [],
        uniques: [],
        indexes: [{ name: "k 1", keys: [{ column: "a b" }], unique: false }],
        checks: [],
      },
    ]);
  } finally {
    await db.dispose();
  }
});

test("InnoDB's own foreign key index is told from a table's index on the same columns by its name", async () => {
  const db = await freshMysqlDatabase("introspect");
  try {
    await db.driver.execute(`
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE a (id int PRIMARY KEY, p1 int, p2 int, KEY p1 (p2));
ALTER TABLE a ADD FOREIGN KEY (p1) REFERENCES p (id);
ALTER TABLE a ADD FOREIGN KEY (p2) REFERENCES p (id);`);
    const live = await introspect(db.driver, dialect);
    const a = table(live, "a");
    expect(a.foreignKeys.map((f) => f.columns)).toEqual([["p1"], ["p2"]]);
    // `p1_2` is InnoDB's (for the key on p1, `p1` being taken); `p1`, over p2, is the table's own.
    expect(a.indexes).toEqual([{ name: "p1", keys: [{ column: "p2" }], unique: false }]);
  } finally {
    await db.dispose();
  }
});

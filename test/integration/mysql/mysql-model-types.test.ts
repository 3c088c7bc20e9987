import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mysqlModels } from "../../../src/dialect/mysql/mysql-models.ts";
import { parseMysqlType } from "../../../src/dialect/mysql/mysql-type-text.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import type { Field } from "../../../src/model/types.ts";
import { canonicalExpression } from "../../../src/schema/expression.ts";
import type { Column, ColumnType, Table } from "../../../src/schema/ir.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";
import { MYSQL_FIELD_TYPES } from "../../unit/dialect/mysql/mysql-field-types.ts";
import { mysqlModelDialect } from "../../unit/dialect/mysql/mysql-model-dialect.ts";

type ColumnRow = {
  name: string;
  type: string;
  dflt: string | null;
  extra: string;
};

/** The columns of table `table` as information_schema.COLUMNS gives them. */
async function columnsOf(db: MysqlTestDatabase, table: string): Promise<ColumnRow[]> {
  return db.driver.query<ColumnRow>(
    `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, COLUMN_DEFAULT AS dflt, EXTRA AS extra
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
}

/** The table `model` declares on MySQL (as `T`). */
function tableOf(model: ReturnType<typeof Models.Model>): Table {
  return modelsToSchema({ T: model }, mysqlModelDialect).schema.tables[0] as Table;
}

const q = (name: string) => `\`${name.replaceAll("`", "``")}\``;

describe("MySQL model types round trip through MariaDB's COLUMN_TYPE", () => {
  let db: MysqlTestDatabase;
  let mariadb = true;
  beforeAll(async () => {
    db = await freshMysqlDatabase("models");
    mariadb = /mariadb/i.test(db.driver.serverVersion);
  });
  afterAll(async () => {
    await db.dispose();
  });

  test("every field's rendered type reads back through parseMysqlType as the same ColumnType", async () => {
    const columns = MYSQL_FIELD_TYPES.map(([, field], i) => {
      const type = mysqlModels.typeText((tableOf(Models.Model({ c: field })).columns[0] as Column).type);
      return `${q(`c${i}`)} ${type} NULL`;
    });
    await db.driver.execute(`CREATE TABLE every_type (${columns.join(", ")}) ENGINE=InnoDB`);
    const rows = await columnsOf(db, "every_type");
    expect(rows.length).toBe(MYSQL_FIELD_TYPES.length);
    MYSQL_FIELD_TYPES.forEach(([label, , type], i) => {
      const back = parseMysqlType((rows[i] as ColumnRow).type);
      // MariaDB's json is an alias: a longtext with a json_valid CHECK (introspection reads it as json).
      const expected: ColumnType = mariadb && type.kind === "json" ? { kind: "text" } : type;
      expect({ label, type: back }).toEqual({ label, type: expected });
    });
  });

  test("the display widths MariaDB prints are dropped: int(11), bigint(20), smallint(6); tinyint(1) is a boolean", async () => {
    await db.driver.execute(
      "CREATE TABLE widths (a int, b bigint, c smallint, d tinyint(1), e int unsigned, f decimal(10,2), g datetime(6), h enum('Open','Closed'))",
    );
    const rows = await columnsOf(db, "widths");
    if (mariadb) expect(rows.map((r) => r.type).slice(0, 3)).toEqual(["int(11)", "bigint(20)", "smallint(6)"]);
    expect(rows.map((r) => parseMysqlType(r.type))).toEqual([
      { kind: "integer" },
      { kind: "bigint" },
      { kind: "smallint" },
      { kind: "boolean" },
      { kind: "native", sql: "int unsigned" },
      { kind: "decimal", precision: 10, scale: 2 },
      { kind: "timestamp", withTimeZone: false },
      { kind: "native", sql: "enum('Open','Closed')" },
    ]);
  });

  test("the CHECKs positive and bounded binary fields add read back as nonNegativeCheck and byteLengthCheck", async () => {
    const t = tableOf(
      Models.Model({
        id: Models.IDField(),
        n: Models.PositiveIntegerField(),
        s: Models.PositiveSmallIntegerField({ dbColumn: "Odd`Name" }),
        b: Models.BinaryField({ maxLength: 16 }),
      }),
    );
    const columns = t.columns.map((c) => {
      const key = c.identity ? " AUTO_INCREMENT PRIMARY KEY" : "";
      return `${q(c.name)} ${mysqlModels.typeText(c.type)}${c.nullable ? " NULL" : " NOT NULL"}${key}`;
    });
    const checks = t.checks.map((c) => `CONSTRAINT ${q(c.name as string)} CHECK (${c.expression})`);
    await db.driver.execute(`CREATE TABLE checked (${[...columns, ...checks].join(", ")})`);
    const rows = await db.driver.query<{ clause: string }>(
      "SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'checked'",
    );
    const read = rows.map((r) => canonicalExpression(r.clause)).sort();
    expect(read).toEqual(
      [
        mysqlModels.nonNegativeCheck("n"),
        mysqlModels.nonNegativeCheck("Odd`Name"),
        mysqlModels.byteLengthCheck("b", 16),
      ].sort(),
    );
    expect(read).toEqual(t.checks.map((c) => c.expression).sort());
  });

  test("IDField is AUTO_INCREMENT; the defaults the models declare are what the server keeps", async () => {
    const fields: Record<string, Field> = {
      id: Models.IDField(),
      at: Models.DateTimeField({ dbDefault: "CURRENT_TIMESTAMP(6)" }),
      at0: Models.DateTimeField({ precision: 0, dbDefault: "CURRENT_TIMESTAMP" }),
      flag: Models.BooleanField({ default: true }),
      name: Models.CharField({ maxLength: 20, default: "it's" }),
      price: Models.DecimalField({ default: "1.50" }),
      uid: Models.UUIDField({ dbDefault: "(uuid())" }),
    };
    const t = tableOf(Models.Model(fields));
    const literal = (v: string | number | boolean) =>
      typeof v === "string"
        ? `'${v.replaceAll("'", "''")}'`
        : typeof v === "boolean"
          ? String(v).toUpperCase()
          : String(v);
    const columns = t.columns.map((c) => {
      const d = c.default;
      const dflt = d === undefined ? "" : d.kind === "literal" ? ` DEFAULT ${literal(d.value)}` : ` DEFAULT (${d.sql})`;
      const key = c.identity ? " AUTO_INCREMENT PRIMARY KEY" : "";
      return `${q(c.name)} ${mysqlModels.typeText(c.type)} NOT NULL${dflt}${key}`;
    });
    await db.driver.execute(`CREATE TABLE defaults (${columns.join(", ")})`);
    const rows = await columnsOf(db, "defaults");
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.id?.extra).toContain("auto_increment");
    expect(parseMysqlType(byName.id?.type as string)).toEqual({ kind: "bigint" });
    if (mariadb) {
      // MariaDB 10.2.7+ prints literals quoted and expressions lowercased, booleans as 1 / 0.
      expect(byName.at?.dflt).toBe("current_timestamp(6)");
      expect(byName.at0?.dflt).toBe("current_timestamp()");
      expect(byName.flag?.dflt).toBe("1");
      // A quote inside is doubled on a varchar (`'it''s'`), backslashed on a longtext (`'it\'s'`).
      expect(byName.name?.dflt).toBe("'it''s'");
      expect(byName.price?.dflt).toBe("1.50");
      expect(byName.uid?.dflt).toBe("uuid()");
    }
    await db.driver.execute("INSERT INTO defaults () VALUES ()");
    const [row] = await db.driver.query<Record<string, unknown>>("SELECT * FROM defaults");
    expect(row?.flag).toBe(1);
    expect(row?.name).toBe("it's");
    expect(row?.price).toBe("1.50");
    expect(String(row?.uid)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(String(row?.at)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(String(row?.at0)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });
});

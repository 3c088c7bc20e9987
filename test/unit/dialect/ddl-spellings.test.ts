import { describe, expect, test } from "bun:test";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { renderMysqlType } from "../../../src/dialect/mysql/mysql-type-text.ts";
import { renderColumnType as postgresColumnType } from "../../../src/dialect/postgres/postgres-ddl.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { renderColumnType as sqliteColumnType } from "../../../src/dialect/sqlite/sqlite-ddl.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import type { ColumnType } from "../../../src/schema/ir.ts";
import { DIALECTS, dataFor } from "../../lib/dialects.ts";

/** How each dialect spells identifiers and column types in its DDL. */
const SPELLINGS: readonly {
  readonly dialect: { readonly name: string };
  readonly columnType: (type: ColumnType) => string;
  /** Identifiers and their quoted form. */
  readonly identifiers: readonly (readonly [string, string])[];
  /** Canonical column types and their spelling. */
  readonly types: readonly (readonly [ColumnType, string])[];
}[] = [
  {
    dialect: postgresDialect,
    columnType: postgresColumnType,
    identifiers: [
      ["order", '"order"'],
      ['a"b', '"a""b"'],
    ],
    types: [
      [{ kind: "decimal", precision: 10, scale: 2 }, "numeric(10,2)"],
      [{ kind: "decimal" }, "numeric"],
      [{ kind: "double" }, "double precision"],
      [{ kind: "timestamp", withTimeZone: true }, "timestamptz"],
      [{ kind: "json", binary: true }, "jsonb"],
      [{ kind: "varchar", length: 3 }, "varchar(3)"],
      [{ kind: "native", sql: "integer[]" }, "integer[]"],
    ],
  },
  {
    dialect: sqliteDialect,
    columnType: sqliteColumnType,
    identifiers: [
      ["a", '"a"'],
      ['we"ird', '"we""ird"'],
    ],
    types: [
      [{ kind: "bigint" }, "INTEGER"],
      [{ kind: "integer" }, "INTEGER UNSIGNED"],
      [{ kind: "varchar", length: 12 }, "VARCHAR(12)"],
      [{ kind: "decimal", precision: 10, scale: 2 }, "DECIMAL(10,2)"],
      [{ kind: "timestamp", withTimeZone: true }, "DATETIME"],
      [{ kind: "native", sql: "mediumint" }, "mediumint"],
    ],
  },
  {
    dialect: mysqlDialect,
    columnType: renderMysqlType,
    identifiers: [
      ["order", "`order`"],
      ["a`b", "`a``b`"],
      ['a"b', '`a"b`'],
    ],
    types: [
      [{ kind: "integer" }, "int"],
      [{ kind: "boolean" }, "tinyint(1)"],
      [{ kind: "decimal", precision: 10, scale: 2 }, "decimal(10,2)"],
      [{ kind: "decimal" }, "decimal(10,0)"],
      [{ kind: "double" }, "double"],
      [{ kind: "real" }, "float"],
      [{ kind: "text" }, "longtext"],
      [{ kind: "bytes" }, "longblob"],
      [{ kind: "uuid" }, "char(36)"],
      [{ kind: "json", binary: true }, "json"],
      [{ kind: "timestamp", withTimeZone: false }, "datetime(6)"],
      [{ kind: "timestamp", withTimeZone: false, precision: 3 }, "datetime(3)"],
      [{ kind: "varchar", length: 3 }, "varchar(3)"],
      [{ kind: "native", sql: "mediumint unsigned" }, "mediumint unsigned"],
    ],
  },
];

for (const h of DIALECTS) {
  const spelling = dataFor(SPELLINGS, h);
  describe(`${h.name} DDL spellings`, () => {
    test("identifiers are always quoted (MySQL: backquoted), inner quotes doubled", () => {
      for (const [name, quoted] of spelling.identifiers) expect(h.dialect.quoteIdent(name)).toBe(quoted);
    });
    test("column types", () => {
      for (const [type, spelled] of spelling.types) expect(spelling.columnType(type)).toBe(spelled);
    });
  });
}

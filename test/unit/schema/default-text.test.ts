import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { renderColumnDefinition, renderDefault } from "../../../src/dialect/postgres/postgres-ddl.ts";
import { postgresSql } from "../../../src/dialect/postgres/postgres-sql.ts";
import { baseTypeName, isOwnTypeCast, parsePostgresType } from "../../../src/dialect/postgres/postgres-types.ts";
import { classifyDefault } from "../../../src/model/defaults.ts";
import { defaultOptions } from "../../../src/model/generate-fields.ts";
import { withPlainIdentifiers } from "../../../src/schema/expression.ts";
import type { Column } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import { exactNumber } from "../../../src/schema/number-text.ts";

const decimal = { kind: "decimal" } as const;
const integer = { kind: "integer" } as const;

describe("numbers keep their exact digits", () => {
  test("exactNumber: a JS number only when it prints back the same", () => {
    expect(exactNumber("20")).toBe(20);
    expect(exactNumber("-1.5")).toBe(-1.5);
    expect(exactNumber("0.25")).toBe(0.25);
    expect(exactNumber("20.0")).toBe("20.0");
    expect(exactNumber("1.50")).toBe("1.50");
    expect(exactNumber("9007199254740993")).toBe("9007199254740993");
  });

  test("classifyDefault keeps the digits on PostgreSQL, not on SQLite", () => {
    expect(classifyDefault("20.0", dialectNamed("postgresql"))).toEqual({ kind: "literal", value: "20.0" });
    expect(classifyDefault("-1.5", dialectNamed("postgresql"))).toEqual({ kind: "literal", value: -1.5 });
    expect(classifyDefault("20.0", dialectNamed("sqlite"))).toEqual({ kind: "literal", value: 20 });
  });

  test("normalizeSchema: a numeric string on a numeric column is the number when it prints back the same", () => {
    const column = (value: string | number, type: Column["type"] = decimal): Column => ({
      name: "n",
      type,
      nullable: true,
      default: { kind: "literal", value },
    });
    const normalized = (c: Column, dialect: "postgresql" | "sqlite" = "postgresql") =>
      normalizeSchema(
        {
          dialect,
          tables: [{ name: "t", columns: [c], foreignKeys: [], uniques: [], indexes: [], checks: [] }],
        },
        dialectNamed(dialect),
      ).tables[0]?.columns[0]?.default;
    expect(normalized(column("20.5"))).toEqual({ kind: "literal", value: 20.5 });
    expect(normalized(column("20.0"))).toEqual({ kind: "literal", value: "20.0" });
    expect(normalized(column("20.5", { kind: "text" }))).toEqual({ kind: "literal", value: "20.5" });
    expect(normalized(column("20.5"), "sqlite")).toEqual({ kind: "literal", value: "20.5" });
  });

  test("rendered unquoted on numeric columns, so an integer column takes 20.0 too", () => {
    expect(renderDefault({ kind: "literal", value: "20.0" }, integer)).toBe("20.0");
    expect(renderDefault({ kind: "literal", value: "20.0" }, { kind: "text" })).toBe("'20.0'");
    expect(renderDefault({ kind: "literal", value: "NaN" }, decimal)).toBe("'NaN'");
    expect(
      renderColumnDefinition({ name: "p", type: decimal, nullable: true, default: { kind: "literal", value: "20.0" } }),
    ).toBe('"p" numeric DEFAULT 20.0');
  });

  test("import-models writes them back so they load to the same default", () => {
    const column = (type: Column["type"], value: string | number): Column => ({
      name: "n",
      type,
      nullable: true,
      default: { kind: "literal", value },
    });
    expect(defaultOptions(column(decimal, "20.0"), "DecimalField", dialectNamed("postgresql"))).toEqual({
      default: "20.0",
    });
    expect(defaultOptions(column(integer, "20.0"), "IntegerField", dialectNamed("postgresql"))).toEqual({
      dbDefault: "20.0",
    });
    expect(defaultOptions(column({ kind: "text" }, "20.0"), "TextField", dialectNamed("postgresql"))).toEqual({
      default: "20.0",
    });
  });
});

describe("casts in defaults", () => {
  test("baseTypeName drops modifiers and folds spellings", () => {
    expect(baseTypeName("character varying(20)")).toBe("character varying");
    expect(baseTypeName("timestamp(3) with time zone")).toBe("timestamp with time zone");
    expect(baseTypeName("timestamptz")).toBe("timestamp with time zone");
    expect(baseTypeName("bpchar")).toBe("character");
    expect(baseTypeName('"bit"')).toBe("bit");
    expect(baseTypeName("character varying(3)[]")).toBe("character varying[]");
    expect(baseTypeName("numeric(10, 2)")).toBe("numeric");
  });

  test("isOwnTypeCast: the column's own type, whatever its modifiers", () => {
    expect(isOwnTypeCast("character varying", { kind: "varchar", length: 5 })).toBe(true);
    expect(isOwnTypeCast("bpchar", parsePostgresType("character(3)"))).toBe(true);
    expect(isOwnTypeCast("timestamp without time zone", { kind: "timestamp", withTimeZone: true })).toBe(false);
    expect(isOwnTypeCast("bpchar", { kind: "text" })).toBe(false);
    // text and varchar hold the same values (a column retyped from text to varchar keeps 'x'::text).
    expect(isOwnTypeCast("text", { kind: "varchar", length: 5 })).toBe(true);
    expect(isOwnTypeCast("character varying", { kind: "text" })).toBe(true);
  });

  test("isOwnTypeCast on time with time zone and on a varchar without length", () => {
    expect(isOwnTypeCast("time with time zone", { kind: "time", withTimeZone: true })).toBe(true);
    expect(isOwnTypeCast("timetz", { kind: "time", withTimeZone: true, precision: 3 })).toBe(true);
    expect(isOwnTypeCast("time without time zone", { kind: "time", withTimeZone: true })).toBe(false);
    expect(isOwnTypeCast("time with time zone", { kind: "time" })).toBe(false);
    expect(isOwnTypeCast("character varying", { kind: "varchar" })).toBe(true);
    expect(isOwnTypeCast("bpchar", { kind: "varchar" })).toBe(false);
  });
});

describe("withPlainIdentifiers", () => {
  test("writes bare the quoted identifiers that need no quotes, nothing else", () => {
    expect(withPlainIdentifiers('"score" >= 0', postgresSql)).toBe("score >= 0");
    expect(withPlainIdentifiers('"Score" >= 0 AND "a b" > 1', postgresSql)).toBe('"Score" >= 0 AND "a b" > 1');
    // A keyword comes out bare too: harmless, PostgreSQL prints it quoted, so that spelling never
    // equals a text PostgreSQL printed (it is only ever compared with one).
    expect(withPlainIdentifiers('"select" > 1', postgresSql)).toBe("select > 1");
    expect(withPlainIdentifiers(`"name" = '"name"'`, postgresSql)).toBe(`name = '"name"'`);
  });
});

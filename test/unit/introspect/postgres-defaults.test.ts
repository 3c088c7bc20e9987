import { describe, expect, test } from "bun:test";
import { cleanPostgresDefault } from "../../../src/dialect/postgres/postgres-defaults.ts";
import { parsePostgresType } from "../../../src/dialect/postgres/postgres-types.ts";

describe("postgres default cleaning", () => {
  const int = { kind: "integer" } as const;
  const text = { kind: "text" } as const;
  test("literals lose their casts and become typed values", () => {
    expect(cleanPostgresDefault("'x'::text", text)).toEqual({ kind: "literal", value: "x" });
    expect(cleanPostgresDefault("'it''s'::character varying", text)).toEqual({ kind: "literal", value: "it's" });
    expect(cleanPostgresDefault("'a'::\"MyType\"", parsePostgresType('"MyType"'))).toEqual({
      kind: "literal",
      value: "a",
    });
    expect(cleanPostgresDefault("'x'::bpchar", parsePostgresType("character(3)"))).toEqual({
      kind: "literal",
      value: "x",
    });
    expect(cleanPostgresDefault("'{}'::character varying[]", parsePostgresType("character varying(3)[]"))).toEqual({
      kind: "literal",
      value: "{}",
    });
    expect(
      cleanPostgresDefault(
        "'2020-01-01 00:00:00+00'::timestamp with time zone",
        parsePostgresType("timestamp(3) with time zone"),
      ),
    ).toEqual({ kind: "literal", value: "2020-01-01 00:00:00+00" });
    expect(cleanPostgresDefault("'-1'::integer", int)).toEqual({ kind: "literal", value: -1 });
    expect(cleanPostgresDefault("42", int)).toEqual({ kind: "literal", value: 42 });
    expect(cleanPostgresDefault("10::numeric", { kind: "decimal" })).toEqual({ kind: "literal", value: 10 });
    expect(cleanPostgresDefault("true", { kind: "boolean" })).toEqual({ kind: "literal", value: true });
    expect(cleanPostgresDefault("'9007199254740993'::bigint", { kind: "bigint" })).toEqual({
      kind: "literal",
      value: "9007199254740993",
    });
  });
  test("a literal cast to another type than the column's stays an expression", () => {
    const timestamptz = { kind: "timestamp", withTimeZone: true } as const;
    expect(cleanPostgresDefault("'0001-01-01 00:00:00'::timestamp without time zone", timestamptz)).toEqual({
      kind: "expression",
      sql: "'0001-01-01 00:00:00'::timestamp without time zone",
    });
    expect(cleanPostgresDefault("'-1'::integer", text)).toEqual({ kind: "expression", sql: "'-1'::integer" });
    expect(cleanPostgresDefault("'a'::\"MyType\"", text)).toEqual({ kind: "expression", sql: "'a'::\"MyType\"" });
  });
  test("numbers keep their exact digits", () => {
    const decimal = { kind: "decimal" } as const;
    expect(cleanPostgresDefault("20.0", decimal)).toEqual({ kind: "literal", value: "20.0" });
    expect(cleanPostgresDefault("20", decimal)).toEqual({ kind: "literal", value: 20 });
    expect(cleanPostgresDefault("'-1.5'::numeric", decimal)).toEqual({ kind: "literal", value: -1.5 });
    expect(cleanPostgresDefault("'-1.50'::numeric", decimal)).toEqual({ kind: "literal", value: "-1.50" });
    expect(cleanPostgresDefault("'-1.5'::numeric", { kind: "real" })).toEqual({ kind: "literal", value: -1.5 });
    expect(cleanPostgresDefault("20.0", int)).toEqual({ kind: "literal", value: "20.0" });
    // A unary minus applied to a constant is an operator, not a literal.
    expect(cleanPostgresDefault("- 1.5", decimal)).toEqual({ kind: "expression", sql: "- 1.5" });
  });
  test("NULL is no default", () => {
    expect(cleanPostgresDefault("NULL::character varying", text)).toBeUndefined();
    expect(cleanPostgresDefault(null, text)).toBeUndefined();
  });
  test("everything else is a canonical expression", () => {
    expect(cleanPostgresDefault("now()", text)).toEqual({ kind: "expression", sql: "now()" });
    expect(cleanPostgresDefault("('1 day'::interval + now())", text)).toEqual({
      kind: "expression",
      sql: "'1 day'::interval + now()",
    });
    expect(cleanPostgresDefault("'a'::text || 'b'::text", text)).toEqual({
      kind: "expression",
      sql: "'a'::text || 'b'::text",
    });
  });
});

describe("postgres type parsing", () => {
  test("canonical kinds and native fallbacks", () => {
    expect(parsePostgresType("character varying(12)")).toEqual({ kind: "varchar", length: 12 });
    expect(parsePostgresType("numeric(5,0)")).toEqual({ kind: "decimal", precision: 5, scale: 0 });
    expect(parsePostgresType("USER-Type")).toEqual({ kind: "native", sql: "user-type" });
  });

  test("precision and time zones of time and timestamp are kept as written", () => {
    const cases: [string, unknown][] = [
      ["timestamp without time zone", { kind: "timestamp", withTimeZone: false }],
      ["timestamp(6) without time zone", { kind: "timestamp", withTimeZone: false, precision: 6 }],
      ["timestamp(3) with time zone", { kind: "timestamp", withTimeZone: true, precision: 3 }],
      ["timestamp(0) with time zone", { kind: "timestamp", withTimeZone: true, precision: 0 }],
      ["time without time zone", { kind: "time" }],
      ["time(6) without time zone", { kind: "time", precision: 6 }],
      ["time with time zone", { kind: "time", withTimeZone: true }],
      ["time(2) with time zone", { kind: "time", withTimeZone: true, precision: 2 }],
    ];
    for (const [text, expected] of cases) expect(parsePostgresType(text)).toEqual(expected as never);
    // Key order matters to JSON comparison: it must be the order the models produce.
    expect(JSON.stringify(parsePostgresType("time(2) with time zone"))).toBe(
      '{"kind":"time","withTimeZone":true,"precision":2}',
    );
  });

  test("length-less character varying is a varchar without length, not text", () => {
    expect(parsePostgresType("character varying")).toEqual({ kind: "varchar" });
    expect(parsePostgresType("text")).toEqual({ kind: "text" });
  });

  test("native types keep the case of quoted names and the shape format_type prints", () => {
    expect(parsePostgresType('other."Mood"')).toEqual({ kind: "native", sql: 'other."Mood"' });
    expect(parsePostgresType('"My  Enum"[]')).toEqual({ kind: "native", sql: '"My  Enum"[]' });
    expect(parsePostgresType("numeric(10,2)[]")).toEqual({ kind: "native", sql: "numeric(10,2)[]" });
    expect(parsePostgresType("interval day to second(3)")).toEqual({
      kind: "native",
      sql: "interval day to second(3)",
    });
    expect(parsePostgresType("timestamp(3) with time zone[]")).toEqual({
      kind: "native",
      sql: "timestamp(3) with time zone[]",
    });
  });
});

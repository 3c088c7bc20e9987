import { describe, expect, test } from "bun:test";
import { postgresSql } from "../../../src/dialect/postgres/postgres-sql.ts";
import { sqliteSql } from "../../../src/dialect/sqlite/sqlite-sql.ts";
import { isKeyword } from "../../../src/sql/token-predicates.ts";
import { type Token, tokenize } from "../../../src/sql/tokenize.ts";

const kinds = (tokens: Token[]) => tokens.map((t) => [t.kind, t.text]);

describe("tokenize: shared lexemes", () => {
  test("words, numbers, punctuation and operators", () => {
    expect(kinds(tokenize("SELECT a, 1.5e3 FROM t WHERE x >= .5;", sqliteSql))).toEqual([
      ["word", "SELECT"],
      ["word", "a"],
      ["punctuation", ","],
      ["number", "1.5e3"],
      ["word", "FROM"],
      ["word", "t"],
      ["word", "WHERE"],
      ["word", "x"],
      ["operator", ">="],
      ["number", ".5"],
      ["punctuation", ";"],
    ]);
  });

  test("offsets slice the source exactly", () => {
    const sql = '  create  table "a b" ( x )  ';
    for (const t of tokenize(sql, postgresSql)) expect(sql.slice(t.start, t.end)).toBe(t.text);
  });

  test("string literals with doubled quotes decode", () => {
    const [t] = tokenize("'it''s'", sqliteSql);
    expect(t).toMatchObject({ kind: "string", text: "'it''s'", value: "it's" });
  });

  test("a keyword inside a string is not a keyword", () => {
    const tokens = tokenize("SELECT 'DROP TABLE x; --' AS drop_table", postgresSql);
    expect(tokens.filter((t) => isKeyword(t, "DROP"))).toEqual([]);
    expect(tokens.map((t) => t.kind)).toEqual(["word", "string", "word", "word"]);
    expect(tokens[3]?.text).toBe("drop_table");
  });

  test("double-quoted identifiers decode doubled quotes", () => {
    const [t] = tokenize('"say ""hi"""', postgresSql);
    expect(t).toMatchObject({ kind: "quoted_identifier", value: 'say "hi"' });
  });

  test("line comments run to the end of the line", () => {
    expect(kinds(tokenize("a -- b; DROP TABLE c\nd", sqliteSql))).toEqual([
      ["word", "a"],
      ["line_comment", "-- b; DROP TABLE c"],
      ["word", "d"],
    ]);
  });

  test("a line comment at the end of input", () => {
    expect(kinds(tokenize("x --", sqliteSql))).toEqual([
      ["word", "x"],
      ["line_comment", "--"],
    ]);
  });

  test("unterminated strings and comments are marked, not thrown", () => {
    expect(tokenize("'abc", sqliteSql)[0]).toMatchObject({ kind: "string", value: "abc", unterminated: true });
    expect(tokenize("/* abc", postgresSql)[0]).toMatchObject({ kind: "block_comment", unterminated: true });
    expect(tokenize('"abc', postgresSql)[0]).toMatchObject({ kind: "quoted_identifier", unterminated: true });
    expect(tokenize("'ok'", sqliteSql)[0]?.unterminated).toBeUndefined();
  });

  test("hex numbers and identifiers with dollars and unicode", () => {
    expect(kinds(tokenize("0x1F a$b ñandú _x1", postgresSql))).toEqual([
      ["number", "0x1F"],
      ["word", "a$b"],
      ["word", "ñandú"],
      ["word", "_x1"],
    ]);
  });

  test("a number directly followed by a word splits", () => {
    expect(kinds(tokenize("1e", sqliteSql))).toEqual([
      ["number", "1"],
      ["word", "e"],
    ]);
  });
});

describe("tokenize: SQLite", () => {
  test("backtick and bracket identifiers", () => {
    const tokens = tokenize('[my table] `we``ird` "x"', sqliteSql);
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ["quoted_identifier", "my table"],
      ["quoted_identifier", "we`ird"],
      ["quoted_identifier", "x"],
    ]);
  });

  test("block comments do not nest", () => {
    expect(kinds(tokenize("/* a /* b */ c */", sqliteSql))).toEqual([
      ["block_comment", "/* a /* b */"],
      ["word", "c"],
      ["operator", "*"],
      ["operator", "/"],
    ]);
  });

  test("parameters in every SQLite form", () => {
    expect(kinds(tokenize("? ?12 :name @v $x", sqliteSql)).map(([k]) => k)).toEqual([
      "parameter",
      "parameter",
      "parameter",
      "parameter",
      "parameter",
    ]);
  });

  test("blob literals are strings; backslash is an ordinary character", () => {
    expect(tokenize("X'00ff'", sqliteSql)[0]).toMatchObject({ kind: "string", value: "00ff" });
    expect(tokenize("'a\\'", sqliteSql)[0]).toMatchObject({ kind: "string", value: "a\\" });
  });

  test("multi-character operators", () => {
    expect(kinds(tokenize("a||b->>'$.x'<>c==d", sqliteSql)).filter(([k]) => k === "operator")).toEqual([
      ["operator", "||"],
      ["operator", "->>"],
      ["operator", "<>"],
      ["operator", "=="],
    ]);
  });

  test("E'x' is a word then a string on SQLite", () => {
    expect(kinds(tokenize("E'x'", sqliteSql))).toEqual([
      ["word", "E"],
      ["string", "'x'"],
    ]);
  });
});

describe("tokenize: PostgreSQL", () => {
  test("escape strings decode backslashes and can hold an escaped quote", () => {
    const [t, u] = tokenize("E'\\'; DROP TABLE x; \\n\\t\\x41\\101' y", postgresSql);
    expect(t).toMatchObject({ kind: "string", value: "'; DROP TABLE x; \n\tAA" });
    expect(u).toMatchObject({ kind: "word", text: "y" });
  });

  test("plain strings keep backslashes (standard_conforming_strings)", () => {
    const tokens = tokenize("'a\\' b", postgresSql);
    expect(kinds(tokens)).toEqual([
      ["string", "'a\\'"],
      ["word", "b"],
    ]);
  });

  test("dollar quoting, with and without a tag", () => {
    const sql = "SELECT $$it's; -- not a comment$$, $fn$ body $$ inner $$ $fn$, $1";
    const tokens = tokenize(sql, postgresSql);
    expect(kinds(tokens)).toEqual([
      ["word", "SELECT"],
      ["string", "$$it's; -- not a comment$$"],
      ["punctuation", ","],
      ["string", "$fn$ body $$ inner $$ $fn$"],
      ["punctuation", ","],
      ["parameter", "$1"],
    ]);
    expect(tokens[3]?.value).toBe(" body $$ inner $$ ");
  });

  test("unclosed dollar quote is unterminated", () => {
    expect(tokenize("$a$ never closed", postgresSql)[0]).toMatchObject({ kind: "string", unterminated: true });
  });

  test("block comments nest", () => {
    expect(kinds(tokenize("/* a /* b */ c */ d", postgresSql))).toEqual([
      ["block_comment", "/* a /* b */ c */"],
      ["word", "d"],
    ]);
  });

  test("casts, brackets and operator runs", () => {
    expect(kinds(tokenize("a::text[1] @> b=-1", postgresSql))).toEqual([
      ["word", "a"],
      ["operator", "::"],
      ["word", "text"],
      ["punctuation", "["],
      ["number", "1"],
      ["punctuation", "]"],
      ["operator", "@>"],
      ["word", "b"],
      ["operator", "="],
      ["operator", "-"],
      ["number", "1"],
    ]);
  });

  test("an operator stops before a comment", () => {
    expect(kinds(tokenize("a<--c\nb", postgresSql))).toEqual([
      ["word", "a"],
      ["operator", "<"],
      ["line_comment", "--c"],
      ["word", "b"],
    ]);
  });

  test("U& strings and identifiers, bit strings", () => {
    expect(kinds(tokenize(`U&'d\\0061' U&"x" B'101'`, postgresSql)).map(([k]) => k)).toEqual([
      "string",
      "quoted_identifier",
      "string",
    ]);
  });

  test("brackets and backticks are not quotes on PostgreSQL", () => {
    expect(tokenize("[x]", postgresSql).map((t) => t.kind)).toEqual(["punctuation", "word", "punctuation"]);
  });
});

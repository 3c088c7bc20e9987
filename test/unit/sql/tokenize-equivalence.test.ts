/**
 * The char-code tokenizer (src/sql/tokenize.ts) against the one it replaced
 * (tokenize-reference.ts): the same tokens, key for key, and the same `isKeyword` answers, for
 * both dialects' rules, over the conformance corpus, the repository's SQL files, the benchmark DDL
 * and random text built from every lexeme's pieces.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sqliteBenchDdl } from "../../../scripts/bench/sqlite-schema.ts";
import { postgresSql } from "../../../src/dialect/postgres/postgres-sql.ts";
import { sqliteSql } from "../../../src/dialect/sqlite/sqlite-sql.ts";
import { isKeyword } from "../../../src/sql/token-predicates.ts";
import { tokenize } from "../../../src/sql/tokenize.ts";
import { ALL_CASES } from "../../conformance/cases/index.ts";
import * as reference from "./tokenize-reference.ts";

const dialects = [
  ["sqlite", sqliteSql],
  ["postgres", postgresSql],
] as const;

const keywords = ["SELECT", "CREATE", "TABLE", "FILTER", "SS", "I", "ON", "KEY", "AS", "STRICT", "IN", "select"];

function same(sql: string): void {
  for (const [name, rules] of dialects) {
    const ours = tokenize(sql, rules);
    // The reference predates MySQL's `positional` parameters; PostgreSQL's and SQLite's rules are its own.
    const theirs = reference.tokenize(sql, rules as Parameters<typeof reference.tokenize>[1]);
    const equal =
      ours.length === theirs.length &&
      ours.every((t, k) => {
        const u = theirs[k] as reference.Token;
        const keys = Object.keys(t).join();
        return (
          keys === Object.keys(u).join() &&
          t.kind === u.kind &&
          t.text === u.text &&
          t.value === u.value &&
          t.start === u.start &&
          t.end === u.end &&
          t.unterminated === u.unterminated
        );
      });
    if (!equal) expect({ name, sql, ours }).toEqual({ name, sql, ours: theirs });
    for (const t of ours) {
      if (t.kind !== "word") {
        if (isKeyword(t, t.text)) expect({ sql, t }).toBeNull();
        continue;
      }
      for (const k of [...keywords, t.text.toUpperCase()])
        if (isKeyword(t, k) !== reference.isKeyword(t, k)) expect({ sql, t, k }).toBeNull();
    }
  }
}

const pieces = [
  "a",
  "Z",
  "_",
  "$",
  "é",
  "ß",
  "ﬁlter",
  "ı",
  "ſ",
  "\u00a0",
  "\u2028",
  "\u3000",
  "\ud83d\ude00",
  "\ud800",
  " ",
  "\t",
  "\n",
  "\r",
  "'",
  "''",
  '"',
  '""',
  "`",
  "``",
  "[",
  "]",
  "(",
  ")",
  ",",
  ";",
  ".",
  ":",
  "::",
  ":=",
  "@",
  "?",
  "?1",
  ":x",
  "@y",
  "$1",
  "$a",
  "$$",
  "$tag$",
  "E'",
  "e'",
  "B'",
  "x'",
  "N'",
  "U&'",
  'u&"',
  "U&",
  "\\",
  "\\n",
  "\\x4",
  "\\u00e9",
  "\\0",
  "--",
  "/*",
  "*/",
  "/* /* */",
  "0",
  "12",
  "1.5",
  ".5",
  "1e3",
  "1E-3",
  "0x1F",
  "0X",
  "1_000",
  "+",
  "-",
  "*",
  "/",
  "<",
  ">",
  "=",
  "!",
  "|",
  "||",
  "->>",
  "->",
  "<=",
  ">=",
  "<>",
  "!=",
  "==",
  "<<",
  "~",
  "#",
  "%",
  "^",
  "&",
  "select",
  "SELECT",
  "Create",
  "filter",
  "ss",
];

function randomText(seed: number, length: number): string {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  let out = "";
  for (let k = 0; k < length; k++) out += pieces[next() % pieces.length];
  return out;
}

describe("tokenize: the rewrite yields the reference tokens", () => {
  test("the conformance corpus", () => {
    for (const c of ALL_CASES)
      for (const sql of [c.before, c.after, c.seed, c.dataPre, c.dataPost]) if (sql !== undefined) same(sql);
  }, 60_000);

  test("the repository's SQL files and the benchmark DDL", () => {
    const root = join(import.meta.dir, "../../..");
    for (const file of [
      "scripts/example/seed.sql",
      "test/fixtures/chinook/Chinook_MySql.sql",
      "test/fixtures/chinook/Chinook_PostgreSql.sql",
      "test/fixtures/chinook/Chinook_Sqlite.sql",
      "test/unit/plan-file/fixtures/postgres-plan.sql",
      "test/unit/plan-file/fixtures/sqlite-plan.sql",
    ])
      same(readFileSync(join(root, file), "utf8"));
    same(sqliteBenchDdl(20));
  }, 60_000);

  test("random text from every lexeme's pieces", () => {
    for (let seed = 1; seed <= 4000; seed++) same(randomText(seed, 1 + (seed % 40)));
  });

  test("every piece alone, and every pair", () => {
    for (const a of pieces) for (const b of pieces) same(a + b);
  });
});

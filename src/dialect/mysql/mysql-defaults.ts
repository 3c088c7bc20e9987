import { canonicalExpression } from "../../schema/expression.ts";
import type { ColumnType, Default } from "../../schema/ir.ts";
import { exactNumber, isNumericType, NUMBER_TEXT } from "../../schema/number-text.ts";

/**
 * The time functions a default may name, however the server spells them, and the canonical
 * spelling (PostgreSQL's and SQLite's keyword): MariaDB prints `current_timestamp()` (and `now()`
 * as that), MySQL `CURRENT_TIMESTAMP`; a fractional-second precision is kept (`CURRENT_TIMESTAMP(3)`).
 */
const timeFunction =
  /^(current_timestamp|now|localtimestamp|localtime|current_date|curdate|current_time|curtime)(?:\s*\(\s*(\d*)\s*\))?$/i;
const timeKeyword: Readonly<Record<string, string>> = {
  current_timestamp: "CURRENT_TIMESTAMP",
  now: "CURRENT_TIMESTAMP",
  localtimestamp: "CURRENT_TIMESTAMP",
  localtime: "CURRENT_TIMESTAMP",
  current_date: "CURRENT_DATE",
  curdate: "CURRENT_DATE",
  current_time: "CURRENT_TIME",
  curtime: "CURRENT_TIME",
};

/**
 * A time function in its canonical spelling (`current_timestamp()` → `CURRENT_TIMESTAMP`,
 * `current_timestamp(3)` → `CURRENT_TIMESTAMP(3)`), or undefined when `sql` is not one.
 */
export function canonicalTimeFunction(sql: string): string | undefined {
  const match = timeFunction.exec(sql.trim());
  if (match === null) return undefined;
  const keyword = timeKeyword[(match[1] ?? "").toLowerCase()] ?? "";
  const precision = match[2];
  return precision === undefined || precision === "" || precision === "0" ? keyword : `${keyword}(${precision})`;
}

/** The escapes of a MySQL string literal (`\n`, `\\` …); `\%` and `\_` keep their backslash. */
const escapes: Readonly<Record<string, string>> = {
  "0": "\0",
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\x1a",
  "%": "\\%",
  _: "\\_",
};

/** The value of a single-quoted MySQL string literal's body (`it''s`, `a\\nb`). */
function unquote(body: string): string {
  return body.replace(/''|\\(.)/gs, (_all, escaped: string | undefined) =>
    escaped === undefined ? "'" : (escapes[escaped] ?? escaped),
  );
}

/** A single-quoted literal, the whole text (`'it''s'`, `'a\\b'`). */
const quotedLiteral = /^'((?:[^'\\]|''|\\.)*)'$/s;

/**
 * Cleans `information_schema.COLUMNS.COLUMN_DEFAULT` into the IR's Default. The two servers spell
 * it differently:
 * - MariaDB (10.2.7+) prints the default as SQL: literals quoted (`'abc'`, `'it''s'`, `'a\\b'`),
 *   numbers bare (`20.50`, `-5`), expressions as they print (`current_timestamp()`, `uuid()`,
 *   `(1 + 2)`), a nullable column without a default as the word `NULL` (and a NOT NULL one as SQL
 *   NULL). A quoted `'NULL'` is the four-letter string.
 * - MySQL 8 prints literals unquoted (`abc`, `it's`), no default as SQL NULL, and marks an
 *   expression default with `DEFAULT_GENERATED` in EXTRA (`CURRENT_TIMESTAMP` on a timestamp column,
 *   `(rand())` …); before 8.0.13 only `CURRENT_TIMESTAMP` on a datetime or timestamp column could
 *   be one, unmarked.
 * Either way: a number on a numeric column (native ones too: `int unsigned`; on MariaDB any
 * unquoted number) is its value (a decimal's trailing zeros, which the
 * server pads to the column's scale, dropped: `20.50` → `20.5`), digit for digit through
 * `exactNumber`; `0`/`1` on a boolean (`tinyint(1)`) column is false/true; time functions are
 * canonical (`CURRENT_TIMESTAMP`, `CURRENT_TIMESTAMP(3)`, `CURRENT_DATE`); any other expression
 * (`b'101'`, `uuid()`) is canonical text.
 */
export function cleanMysqlDefault(
  text: string | null | undefined,
  extra: string,
  type: ColumnType,
  flavor: "mysql" | "mariadb",
): Default | undefined {
  if (text === null || text === undefined) return undefined;
  if (flavor === "mariadb") {
    const sql = text.trim();
    if (/^null$/i.test(sql)) return undefined;
    const quoted = quotedLiteral.exec(sql);
    if (quoted) return literal(unquote(quoted[1] ?? ""), type);
    if (NUMBER_TEXT.test(sql)) return literal(sql, type, true);
    return expression(sql);
  }
  const generated = /\bDEFAULT_GENERATED\b/i.test(extra);
  const timeColumn = type.kind === "timestamp" || (type.kind === "native" && /^timestamp\b/.test(type.sql));
  if (generated || (timeColumn && canonicalTimeFunction(text) !== undefined)) return expression(text);
  return literal(text, type);
}

/** The native types that hold numbers (`int unsigned`, `tinyint`, `mediumint`, `float(7,4)` …). */
const nativeNumber = /^(?:tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real)\b/;

/**
 * A literal default's value as the IR keeps it, on a column of `type`; `number` says the server
 * wrote it as a number (MariaDB's unquoted literal), whatever the column's type.
 */
function literal(value: string, type: ColumnType, number = false): Default {
  if (type.kind === "boolean" && (value === "0" || value === "1")) return { kind: "literal", value: value === "1" };
  const numeric = number || isNumericType(type) || (type.kind === "native" && nativeNumber.test(type.sql));
  if (numeric && NUMBER_TEXT.test(value)) {
    const trimmed = type.kind === "decimal" && value.includes(".") ? value.replace(/\.?0+$/, "") : value;
    return { kind: "literal", value: exactNumber(trimmed === "-0" ? "0" : trimmed) };
  }
  return { kind: "literal", value };
}

function expression(sql: string): Default {
  return { kind: "expression", sql: canonicalTimeFunction(sql) ?? canonicalExpression(sql) };
}

import type { Quoting } from "../../plan/lossy-count.ts";
import type { LossyRules, TypeFinding } from "../../plan/plan-dialect.ts";
import type { ColumnType } from "../../schema/ir.ts";
import { integerRank, isInteger, isNumber, isText } from "../../schema/type-families.ts";
import { MYSQL_TABLE_COLLATION } from "./mysql-ddl.ts";
import { renderMysqlType } from "./mysql-type-text.ts";

/** The inclusive range of a MySQL integer type (a boolean is a tinyint), as SQL literals. */
function integerRange(type: ColumnType): readonly [string, string] {
  switch (type.kind) {
    case "boolean":
      return ["-128", "127"];
    case "smallint":
      return ["-32768", "32767"];
    case "integer":
      return ["-2147483648", "2147483647"];
    default:
      return ["-9223372036854775808", "9223372036854775807"];
  }
}

/** The decimal digits left of the point every value of an integer kind can need. */
const integerDigits: Readonly<Record<string, number>> = { boolean: 3, smallint: 5, integer: 10, bigint: 19 };

/** A boolean is a tinyint(1): a small integer, ranked below smallint. */
const asInteger = (type: ColumnType) => isInteger(type) || type.kind === "boolean";
const rank = (type: ColumnType) => (type.kind === "boolean" ? -1 : integerRank(type));

/**
 * What text must look like to convert to a type without an error in strict mode (MySQL `REGEXP`
 * is case-insensitive on a case-insensitive collation). POSIX classes and `[.]` rather than
 * backslashes: a backslash escapes inside a MySQL string literal, and the ICU (MySQL 8) and PCRE
 * (MariaDB) engines read these the same.
 */
const inputPatterns: Readonly<Partial<Record<ColumnType["kind"], string>>> = {
  smallint: "^[[:space:]]*[-+]?[0-9]+[[:space:]]*$",
  integer: "^[[:space:]]*[-+]?[0-9]+[[:space:]]*$",
  bigint: "^[[:space:]]*[-+]?[0-9]+[[:space:]]*$",
  boolean: "^[[:space:]]*[-+]?[0-9]+[[:space:]]*$",
  decimal: "^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)(e[-+]?[0-9]+)?[[:space:]]*$",
  real: "^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)(e[-+]?[0-9]+)?[[:space:]]*$",
  double: "^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)(e[-+]?[0-9]+)?[[:space:]]*$",
};

/**
 * The fractional-second digits a time or datetime keeps: 6 when the type names none (the type
 * contract: `datetime(6)` reads as no precision, a bare `datetime` as precision 0); undefined for
 * other kinds.
 */
function fractionalDigits(type: ColumnType): number | undefined {
  if (type.kind !== "time" && type.kind !== "timestamp") return undefined;
  return type.precision ?? 6;
}

/** Whether the type holds text (varchar, longtext, a uuid's char(36)). */
const isChars = (type: ColumnType) => isText(type) || type.kind === "uuid";

/** The longest text a type holds, in characters; undefined when it is not bounded below longtext. */
function maxChars(type: ColumnType): number | undefined {
  if (type.kind === "varchar") return type.length ?? 255;
  if (type.kind === "uuid") return 36;
  return undefined;
}

function mysqlTypeFindings(c: string, from: ColumnType, to: ColumnType): TypeFinding[] {
  const out: TypeFinding[] = [];
  const shown = `${renderMysqlType(from)} → ${renderMysqlType(to)}`;
  if (from.kind === "native" || to.kind === "native") return out;
  if (isChars(from) && !isChars(to) && to.kind !== "bytes") {
    const pattern = inputPatterns[to.kind];
    out.push({
      kind: "rows",
      reason: `text_cast (${shown}): values that are not valid ${renderMysqlType(to)} fail the conversion`,
      ...(pattern !== undefined && { predicate: `${c} NOT REGEXP '${pattern}'` }),
      ...(to.kind === "json" && { predicate: `JSON_VALID(${c}) = 0` }),
    });
  }
  const max = maxChars(to);
  const fromMax = maxChars(from);
  if (max !== undefined && !(fromMax !== undefined && fromMax <= max)) {
    out.push({
      kind: "rows",
      reason: `varchar_length (${shown}): values longer than ${max} characters fail`,
      predicate: `CHAR_LENGTH(${isChars(from) ? c : `CAST(${c} AS CHAR)`}) > ${max}`,
    });
  }
  if (to.kind === "decimal" && isNumber(from)) {
    const scale = to.scale ?? 0;
    const digits = (to.precision ?? 10) - scale;
    const fromDigits =
      from.kind === "decimal" ? (from.precision ?? 10) - (from.scale ?? 0) : (integerDigits[from.kind] ?? Infinity);
    const fromScale = from.kind === "decimal" ? (from.scale ?? 0) : 0;
    const floating = from.kind === "real" || from.kind === "double";
    if (floating || fromDigits > digits || fromScale > scale) {
      out.push({
        kind: "rows",
        reason: `decimal_precision (${shown}): values of more than ${digits} digits before the point fail`,
        predicate: `ABS(ROUND(${c}, ${scale})) >= 1${"0".repeat(digits)}`,
      });
    }
    if (floating || fromScale > scale) {
      out.push({
        kind: "silent",
        reason: `decimal_scale (${shown}): values are rounded to ${scale} decimal places`,
        predicate: `${c} <> ROUND(${c}, ${scale})`,
      });
    }
  }
  if (asInteger(to) && (isNumber(from) || from.kind === "boolean")) {
    const [low, high] = integerRange(to);
    const exact = asInteger(from) || (from.kind === "decimal" && !from.scale);
    const fromDigits = from.kind === "decimal" ? (from.precision ?? 10) - (from.scale ?? 0) : Infinity;
    const wider = asInteger(from) ? rank(from) > rank(to) : fromDigits >= (integerDigits[to.kind] ?? 0);
    if (wider) {
      out.push({
        kind: "rows",
        reason: `integer_range (${shown}): values outside ${low}..${high} fail`,
        predicate: `${exact ? c : `ROUND(${c})`} NOT BETWEEN ${low} AND ${high}`,
      });
    }
    if (!exact) {
      out.push({
        kind: "silent",
        reason: `to_integer (${shown}): fractional values are rounded`,
        predicate: `${c} <> ROUND(${c})`,
      });
    }
  }
  const digits = fractionalDigits(to);
  if (digits !== undefined && from.kind === to.kind && (fractionalDigits(from) ?? 0) > digits) {
    out.push({
      kind: "silent",
      reason: `time_precision (${shown}): fractional seconds are rounded to ${digits} digits`,
      predicate: `${c} <> CAST(${c} AS ${to.kind === "time" ? "TIME" : "DATETIME"}(${digits}))`,
    });
  }
  if (from.kind === "timestamp" && to.kind === "date") {
    out.push({
      kind: "silent",
      reason: `to_date (${shown}): the time of day is lost`,
      predicate: `CAST(${c} AS TIME(6)) <> '00:00:00'`,
    });
  }
  if (from.kind === "timestamp" && to.kind === "time") {
    out.push({ kind: "silent", reason: `to_time (${shown}): the date is lost`, predicate: `${c} IS NOT NULL` });
  }
  return out;
}

/**
 * The rows a new primary key over `columns` fails on: a NULL in a key column (MySQL makes primary
 * key columns NOT NULL, which fails on NULLs in strict mode) or a key shared with another row. One
 * row `{ n }`; the sums are CAST AS SIGNED (MySQL's SUM gives a DECIMAL, and has no `CAST … AS bigint`).
 */
export function mysqlPrimaryKeyCount(table: string, columns: readonly string[], quoting: Quoting): string {
  const t = quoting.quoteIdent(table);
  const keys = columns.map((c) => quoting.quoteIdent(c));
  const nulls = `SELECT count(*) FROM ${t} WHERE ${keys.map((k) => `${k} IS NULL`).join(" OR ")}`;
  const groups =
    `SELECT count(*) AS k FROM ${t} WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")} ` +
    `GROUP BY ${keys.join(", ")} HAVING count(*) > 1`;
  return `SELECT (${nulls}) + (SELECT CAST(COALESCE(SUM(d.k), 0) AS SIGNED) FROM (${groups}) AS d) AS n`;
}

/** A column type as MySQL's CAST spells it (CAST takes only a few type names: SIGNED, CHAR, DATETIME …). */
export function mysqlCastType(type: ColumnType): string {
  switch (type.kind) {
    case "smallint":
    case "integer":
    case "bigint":
    case "boolean":
      return "SIGNED";
    case "real":
      return "FLOAT";
    case "double":
      return "DOUBLE";
    case "decimal":
      return `DECIMAL(${type.precision ?? 10},${type.scale ?? 0})`;
    case "date":
      return "DATE";
    case "time":
      return `TIME(${type.precision ?? 6})`;
    case "timestamp":
      return `DATETIME(${type.precision ?? 6})`;
    case "json":
      return "JSON";
    case "bytes":
      return "BINARY";
    default:
      return "CHAR";
  }
}

/**
 * MySQL's lossy rules: a type change is `MODIFY COLUMN`, which in strict mode (`STRICT_TRANS_TABLES`,
 * the default of MySQL 8 and MariaDB 10.2.4+) fails on text that does not convert, too-long text and
 * numbers out of range, and rounds decimals, fractional seconds and the like silently; a new
 * primary key fails on NULLs as well as duplicates; MySQL never rebuilds. The count queries are
 * MySQL SQL (backquotes, `CHAR_LENGTH`, `REGEXP`, `CAST … AS SIGNED`).
 */
export const mysqlLossy: LossyRules = {
  typeFindings: mysqlTypeFindings,
  rebuildFindings: () => [],
  primaryKeyCount: mysqlPrimaryKeyCount,
  castType: mysqlCastType,
  countCast: "SIGNED",
  // The collation of the tables pormg creates (MYSQL_TABLE_OPTIONS); a column that names none takes its table's.
  defaultCollation: MYSQL_TABLE_COLLATION,
};

import type { ColumnType } from "../../schema/ir.ts";
import { canonicalNativeType } from "../../schema/native-type.ts";

/**
 * The MySQL / MariaDB half of the type map, both ways — the one contract introspection, the models'
 * type map and rendering share:
 *
 * | `information_schema.COLUMNS.COLUMN_TYPE` | ColumnType | rendered |
 * |---|---|---|
 * | `smallint[(n)]` | smallint | `smallint` |
 * | `int[(n)]`, `integer`, `mediumint` is native | integer | `int` |
 * | `bigint[(n)]` | bigint | `bigint` |
 * | `tinyint(1)` | boolean | `tinyint(1)` |
 * | `float` | real | `float` |
 * | `double`, `double precision`, `real` | double | `double` |
 * | `decimal(p,s)`, `numeric(p,s)` | decimal | `decimal(p,s)` |
 * | `varchar(n)` | varchar(n) | `varchar(n)` (no length: `varchar(255)`) |
 * | `longtext` | text | `longtext` |
 * | `date` | date | `date` |
 * | `time(6)`; `time`, `time(p)` | time; time, `precision` 0 / p | `time(6)`; `time`, `time(p)` |
 * | `datetime(6)`; `datetime`, `datetime(p)` | timestamp, no time zone; `precision` 0 / p | `datetime(6)`; `datetime`, `datetime(p)` |
 * | `char(36)` | uuid | `char(36)` |
 * | `json` (MySQL; MariaDB reports `longtext` with a `json_valid` check, introspection's job) | json | `json` |
 * | `longblob` | bytes | `longblob` |
 * | anything else (`int unsigned`, `tinytext`, `enum('a','B')`, `timestamp`, `char(n)`, `bit(n)` …) | native | verbatim |
 *
 * Display widths (`int(11)`, which MariaDB and MySQL before 8.0.19 print) are dropped, except
 * `tinyint(1)`, which is how both spell a boolean.
 *
 * A time or timestamp without `precision` means microseconds, as on PostgreSQL (whose bare `time`
 * and `timestamp` keep 6 digits), so it is MySQL's `time(6)` / `datetime(6)`; MySQL's bare `time` /
 * `datetime` keep no fraction, which is `precision: 0`. A field's `precision: 6` is left out by the
 * models (`ModelRules.impliedTimePrecision`), since the server cannot tell it from the default.
 */
export function parseMysqlType(columnType: string): ColumnType {
  // Lowercased and spaced as a native type is (the values of an `enum('A','b')` keep their case).
  const text = canonicalNativeType(columnType);
  const match = /^([a-z ]+?)(?:\s*\(([^)]*)\))?( unsigned| signed)?( zerofill)?$/.exec(text);
  if (match === null) return native(text);
  const [, base = "", args, sign, zerofill] = match;
  if (sign === " unsigned" || zerofill !== undefined) return native(withoutDisplayWidth(text));
  const numbers = (args ?? "").split(",").map((a) => a.trim());
  // Arguments that are not digits (`enum('a','b')`, `set(…)`) make a type no kind has.
  if (args !== undefined && !numbers.every((n) => /^\d+$/.test(n))) return native(text);
  const first = args === undefined ? undefined : Number(numbers[0]);
  switch (base) {
    case "smallint":
      return { kind: "smallint" };
    case "int":
    case "integer":
      return { kind: "integer" };
    case "bigint":
      return { kind: "bigint" };
    case "tinyint":
      return first === 1 ? { kind: "boolean" } : native("tinyint");
    case "float":
      return args === undefined ? { kind: "real" } : native(text);
    case "double":
    case "double precision":
    case "real":
      return args === undefined ? { kind: "double" } : native(text);
    case "decimal":
    case "numeric": {
      if (args === undefined) return { kind: "decimal", precision: 10, scale: 0 };
      const scale = numbers[1] === undefined ? 0 : Number(numbers[1]);
      return { kind: "decimal", precision: first as number, scale };
    }
    case "varchar":
      return first !== undefined && Number.isInteger(first) ? { kind: "varchar", length: first } : native(text);
    case "longtext":
      return { kind: "text" };
    case "date":
      return { kind: "date" };
    case "time":
      return first === MICROSECONDS ? { kind: "time" } : { kind: "time", precision: first ?? 0 };
    case "datetime":
      return first === MICROSECONDS
        ? { kind: "timestamp", withTimeZone: false }
        : { kind: "timestamp", withTimeZone: false, precision: first ?? 0 };
    case "char":
      return first === 36 ? { kind: "uuid" } : native(text);
    case "json":
      return { kind: "json", binary: false };
    case "longblob":
      return { kind: "bytes" };
    default:
      return native(withoutDisplayWidth(text));
  }
}

/**
 * The MySQL type a ColumnType is declared with (see the table of {@link parseMysqlType}); throws
 * for the kinds MySQL has no type for (`interval`, `inet`, `cidr`, `time with time zone`,
 * `timestamp with time zone`) — the models' type map refuses those first, with a clear message.
 */
export function renderMysqlType(type: ColumnType): string {
  switch (type.kind) {
    case "smallint":
      return "smallint";
    case "integer":
      return "int";
    case "bigint":
      return "bigint";
    case "boolean":
      return "tinyint(1)";
    case "real":
      return "float";
    case "double":
      return "double";
    case "decimal":
      return type.precision === undefined ? "decimal(10,0)" : `decimal(${type.precision},${type.scale ?? 0})`;
    case "varchar":
      return `varchar(${type.length ?? 255})`;
    case "text":
      return "longtext";
    case "date":
      return "date";
    case "time":
      if (type.withTimeZone) throw new Error("MySQL has no time with time zone");
      return `time${fraction(type.precision)}`;
    case "timestamp":
      if (type.withTimeZone) throw new Error("MySQL has no timestamp with time zone");
      return `datetime${fraction(type.precision)}`;
    case "uuid":
      return "char(36)";
    case "json":
      return "json";
    case "bytes":
      return "longblob";
    case "native":
      return type.sql;
    case "interval":
    case "inet":
    case "cidr":
      throw new Error(`MySQL has no ${type.kind} type`);
  }
}

/** The fractional-second digits of an IR time or timestamp without `precision` (see {@link parseMysqlType}). */
export const MICROSECONDS = 6;

/** The `(p)` of a MySQL `time` / `datetime`: `(6)` when the IR gives no precision, none for 0. */
function fraction(precision: number | undefined): string {
  const p = precision ?? MICROSECONDS;
  return p === 0 ? "" : `(${p})`;
}

/** `int(11) unsigned` → `int unsigned`: the display width of an integer type means nothing. */
function withoutDisplayWidth(text: string): string {
  return text.replace(/^(tinyint|smallint|mediumint|int|integer|bigint)\(\d+\)/, "$1");
}

function native(text: string): ColumnType {
  return { kind: "native", sql: canonicalNativeType(text) };
}

import { countNullOrDuplicate } from "../../plan/lossy-count.ts";
import type { LossyRules, TypeFinding } from "../../plan/plan-dialect.ts";
import type { ColumnType } from "../../schema/ir.ts";
import { integerRank, isInteger, isNumber, isText } from "../../schema/type-families.ts";
import { renderColumnType } from "./postgres-ddl.ts";

/** The inclusive range of a PostgreSQL integer type, as SQL literals. */
function integerRange(type: ColumnType): readonly [string, string] {
  switch (type.kind) {
    case "smallint":
      return ["-32768", "32767"];
    case "integer":
      return ["-2147483648", "2147483647"];
    default:
      return ["-9223372036854775808", "9223372036854775807"];
  }
}

/** The number of decimal digits left of the point that every value of an integer kind can need. */
const integerDigits: Readonly<Record<string, number>> = { smallint: 5, integer: 10, bigint: 19 };

/** PostgreSQL input syntax of the types whose validity a regular expression can decide (case-insensitive). */
const inputPatterns: Readonly<Partial<Record<ColumnType["kind"], string>>> = {
  smallint: String.raw`^\s*[-+]?[0-9]+\s*$`,
  integer: String.raw`^\s*[-+]?[0-9]+\s*$`,
  bigint: String.raw`^\s*[-+]?[0-9]+\s*$`,
  decimal: String.raw`^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?\s*$`,
  real: String.raw`^\s*([-+]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?|[-+]?infinity|nan)\s*$`,
  double: String.raw`^\s*([-+]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?|[-+]?infinity|nan)\s*$`,
  boolean: String.raw`^\s*(t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0)\s*$`,
  uuid: String.raw`^\s*\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?\s*$`,
};

/** The fractional-second digits a time or timestamp type keeps (6 when unwritten); undefined for other kinds. */
function fractionalDigits(type: ColumnType): number | undefined {
  if (type.kind !== "time" && type.kind !== "timestamp") return undefined;
  return type.precision ?? 6;
}

function postgresTypeFindings(c: string, from: ColumnType, to: ColumnType): TypeFinding[] {
  const out: TypeFinding[] = [];
  const numeric = `CAST(${c} AS numeric)`;
  // Functions and non-keyword types are pg_catalog-qualified: user objects of the same name cannot stand in.
  const shown = `${renderColumnType(from)} → ${renderColumnType(to)}`;
  if (isText(from) && !isText(to)) {
    const pattern = inputPatterns[to.kind];
    out.push({
      kind: "rows",
      reason: `text_cast (${shown}): values that are not valid ${renderColumnType(to)} fail the cast`,
      ...(pattern !== undefined && { predicate: `${c} !~* '${pattern}'` }),
    });
  }
  const max = to.kind === "varchar" ? to.length : undefined;
  if (max !== undefined && !(from.kind === "varchar" && from.length !== undefined && from.length <= max)) {
    const text =
      from.kind === "inet" || from.kind === "cidr" ? `pg_catalog.abbrev(${c})` : `CAST(${c} AS pg_catalog.text)`;
    out.push({
      kind: "rows",
      reason: `varchar_length (${shown}): values longer than ${max} characters fail`,
      predicate: `pg_catalog.char_length(pg_catalog.rtrim(${isText(from) ? c : text})) > ${max}`,
    });
  }
  if (to.kind === "decimal" && to.precision !== undefined && isNumber(from)) {
    const scale = to.scale ?? 0;
    const digits = to.precision - scale;
    const fromDigits =
      from.kind === "decimal" ? (from.precision ?? Infinity) - (from.scale ?? 0) : integerDigits[from.kind];
    const fromScale = from.kind === "decimal" ? (from.precision === undefined ? Infinity : (from.scale ?? 0)) : 0;
    const floating = from.kind === "real" || from.kind === "double";
    if (floating || fromDigits === undefined || fromDigits > digits || fromScale > scale) {
      out.push({
        kind: "rows",
        reason: `decimal_precision (${shown}): values of ${digits} or more digits before the point fail`,
        predicate: `pg_catalog.abs(pg_catalog.round(${numeric}, ${scale})) >= 1${"0".repeat(digits)}`,
      });
    }
    if (floating || fromScale > scale) {
      out.push({
        kind: "silent",
        reason: `decimal_scale (${shown}): values are rounded to ${scale} decimal places`,
        predicate: `${numeric} <> pg_catalog.round(${numeric}, ${scale})`,
      });
    }
  }
  if (isInteger(to) && isNumber(from)) {
    const [low, high] = integerRange(to);
    const exact = isInteger(from) || (from.kind === "decimal" && from.precision !== undefined && !from.scale);
    const fromDigits = from.kind === "decimal" ? (from.precision ?? Infinity) - (from.scale ?? 0) : Infinity;
    const wider = isInteger(from) ? integerRank(from) > integerRank(to) : fromDigits >= (integerDigits[to.kind] ?? 0);
    if (wider) {
      out.push({
        kind: "rows",
        reason: `integer_range (${shown}): values outside ${low}..${high} fail`,
        predicate: `${exact && isInteger(from) ? c : `pg_catalog.round(${numeric})`} NOT BETWEEN ${low} AND ${high}`,
      });
    }
    if (!exact) {
      out.push({
        kind: "silent",
        reason: `to_integer (${shown}): fractional values are rounded`,
        predicate: `${numeric} <> pg_catalog.round(${numeric})`,
      });
    }
  }
  if (from.kind === "timestamp" && from.withTimeZone && to.kind === "timestamp" && !to.withTimeZone) {
    out.push({
      kind: "silent",
      reason: `drop_timezone (${shown}): instants become local times of the session's time zone`,
      predicate: `${c} IS NOT NULL`,
    });
  }
  if (from.kind === "time" && from.withTimeZone && to.kind === "time" && !to.withTimeZone) {
    out.push({
      kind: "silent",
      reason: `drop_timezone (${shown}): the time zone offset of each value is dropped`,
      predicate: `${c} IS NOT NULL`,
    });
  }
  const digits = fractionalDigits(to);
  if (digits !== undefined && from.kind === to.kind && (fractionalDigits(from) ?? 6) > digits) {
    out.push({
      kind: "silent",
      reason: `time_precision (${shown}): fractional seconds are rounded to ${digits} digits`,
      predicate: `${c} <> CAST(${c} AS ${renderColumnType(to)})`,
    });
  }
  if (from.kind === "timestamp" && to.kind === "date") {
    out.push({
      kind: "silent",
      reason: `to_date (${shown}): the time of day is lost`,
      predicate: `${c} <> CAST(${c} AS pg_catalog.date)`,
    });
  }
  if (from.kind === "timestamp" && to.kind === "time") {
    out.push({ kind: "silent", reason: `to_time (${shown}): the date is lost`, predicate: `${c} IS NOT NULL` });
  }
  if (isNumber(from) && to.kind === "boolean") {
    out.push({
      kind: "silent",
      reason: `to_boolean (${shown}): every value other than 0 becomes true`,
      predicate: `${c} NOT IN (0, 1)`,
    });
  }
  return out;
}

/**
 * PostgreSQL's lossy rules: a type change is cast in place (`USING`), so text that does not parse,
 * too-long text and numbers out of range fail, and rounding, dropped time zones and the like change
 * values silently; a new primary key fails on NULLs as well as duplicates; PostgreSQL never rebuilds.
 */
export const postgresLossy: LossyRules = {
  typeFindings: postgresTypeFindings,
  rebuildFindings: () => [],
  primaryKeyCount: (table, columns, quoting) => countNullOrDuplicate(quoting, table, columns),
  castType: renderColumnType,
};

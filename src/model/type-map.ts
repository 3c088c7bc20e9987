/**
 * The type map of the Models DSL: which canonical IR column type each field kind has (PormG's,
 * with its quirks fixed), by the dialect's ModelRules, and the helpers the dialects' halves
 * (`src/dialect/<d>/<d>-type-map.ts`: known native types, the CHECK texts some fields add) share.
 */
import type { ColumnType } from "../schema/ir.ts";
import { canonicalNativeType } from "../schema/native-type.ts";
import type { ModelRules } from "./model-rules.ts";
import type { Field, FieldKind } from "./types.ts";

/** The default `maxLength` of each string field kind. */
export const DEFAULT_MAX_LENGTH: Partial<Record<FieldKind, number>> = {
  CharField: 250,
  EmailField: 254,
  URLField: 200,
  SlugField: 50,
  PasswordField: 128,
};

/**
 * The `precision` part of a time or timestamp type: where the dialect has it, only when the field
 * gives one, and not when it is the precision the dialect implies (`impliedTimePrecision`).
 */
function precisionOf(o: Readonly<Record<string, unknown>>, rules: ModelRules): { precision?: number } {
  const p = o.precision;
  return rules.timePrecision && typeof p === "number" && p !== rules.impliedTimePrecision ? { precision: p } : {};
}

/**
 * The canonical column type of a non-relation field on a dialect (its `rules`). Relations take
 * their target's type (see `modelsToSchema`); `ManyToManyField` has no column.
 */
export function columnTypeOf(field: Field, rules: ModelRules): ColumnType {
  const o = field.options;
  switch (field.kind) {
    case "IDField":
    case "BigIntegerField":
      return { kind: "bigint" };
    case "IntegerField":
      return { kind: rules.integerField };
    case "SmallIntegerField":
    case "PositiveSmallIntegerField":
      return { kind: "smallint" };
    case "PositiveIntegerField":
      return { kind: "integer" };
    case "CharField":
      if (o.maxLength === null) return { kind: "varchar" };
      return {
        kind: "varchar",
        length: (o.maxLength as number | undefined) ?? (DEFAULT_MAX_LENGTH.CharField as number),
      };
    case "EmailField":
    case "URLField":
    case "SlugField":
    case "PasswordField":
      return {
        kind: "varchar",
        length: (o.maxLength as number | undefined) ?? (DEFAULT_MAX_LENGTH[field.kind] as number),
      };
    case "TextField":
      return { kind: "text" };
    case "FloatField":
      return { kind: rules.realFloats && o.real === true ? "real" : "double" };
    case "DecimalField": {
      const precision = o.maxDigits === undefined ? 10 : (o.maxDigits as number | null);
      const scale = o.decimalPlaces === undefined ? 2 : (o.decimalPlaces as number | null);
      if (precision === null) return { kind: "decimal" };
      return scale === null ? { kind: "decimal", precision } : { kind: "decimal", precision, scale };
    }
    case "BooleanField":
      return { kind: "boolean" };
    case "DateField":
      return { kind: "date" };
    case "DateTimeField":
      return { kind: "timestamp", withTimeZone: rules.timeZones && o.withTimeZone !== false, ...precisionOf(o, rules) };
    case "TimeField":
      return {
        kind: "time",
        ...(rules.timeZones && o.withTimeZone === true && { withTimeZone: true as const }),
        ...precisionOf(o, rules),
      };
    case "DurationField":
      return { kind: "interval" };
    case "UUIDField":
      return { kind: "uuid" };
    case "JSONField":
      return { kind: "json", binary: rules.binaryJson && o.binary !== false };
    case "BinaryField":
      return { kind: "bytes" };
    case "GenericIPAddressField":
      return { kind: "inet" };
    case "CIDRField":
      return { kind: "cidr" };
    case "NativeField":
      return { kind: "native", sql: canonicalNativeType(String(o.type)) };
    case "ForeignKey":
    case "OneToOneField":
    case "ManyToManyField":
      throw new Error(`columnTypeOf: ${field.kind} takes its target's type`);
  }
}

/** The field that declares each canonical column kind (what a dialect's type parser reads). */
export const FIELD_OF_KIND: Readonly<Record<Exclude<ColumnType["kind"], "native">, string>> = {
  smallint: "SmallIntegerField",
  integer: "IntegerField",
  bigint: "BigIntegerField",
  real: "FloatField",
  double: "FloatField",
  decimal: "DecimalField",
  boolean: "BooleanField",
  varchar: "CharField",
  text: "TextField",
  date: "DateField",
  time: "TimeField",
  timestamp: "DateTimeField",
  interval: "DurationField",
  uuid: "UUIDField",
  json: "JSONField",
  bytes: "BinaryField",
  inet: "GenericIPAddressField",
  cidr: "CIDRField",
};

/** Type names whose parameters (`varchar(10)`, `numeric(10,2)`, `time(3)` …) a field option can express. */
const PARAMETRISED =
  /^(varchar|character varying|char|character|nvarchar|nchar|text|clob|decimal|numeric|time|timetz|timestamp|timestamptz)\(\d+(?:,\d+)?\)$/;

/** The fields of the type names every dialect spells alike (parameters left out). */
const COMMON_TYPE_FIELDS: Readonly<Record<string, string>> = {
  smallint: "SmallIntegerField",
  integer: "IntegerField",
  int: "IntegerField",
  bigint: "BigIntegerField",
  boolean: "BooleanField",
  varchar: "CharField",
  "character varying": "CharField",
  text: "TextField",
  date: "DateField",
  time: "TimeField",
  timestamp: "DateTimeField",
  interval: "DurationField",
  uuid: "UUIDField",
  json: "JSONField",
  jsonb: "JSONField",
  decimal: "DecimalField",
  numeric: "DecimalField",
  real: "FloatField",
  "double precision": "FloatField",
};

/**
 * The field that declares native type `sql` by its name (parameters a field option can express
 * left out): one every dialect spells alike, or one of the dialect's own `aliases`; undefined
 * otherwise. A dialect's `knownTypeField` ends with it.
 */
export function typeNameField(sql: string, aliases: Readonly<Record<string, string>>): string | undefined {
  const t = canonicalNativeType(sql).replace(PARAMETRISED, "$1");
  return COMMON_TYPE_FIELDS[t] ?? aliases[t];
}

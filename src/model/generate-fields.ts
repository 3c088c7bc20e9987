/**
 * The field a generated model uses for one column: the richest field kind whose type, identity and
 * default load back to exactly that column on the schema's dialect (NativeField as the last resort).
 */
import type { Column, ColumnType } from "../schema/ir.ts";
import { isNumericType, NUMBER_TEXT } from "../schema/number-text.ts";
import { literalSql } from "./defaults.ts";
import { FIELD_OPTIONS } from "./field-options.ts";
import type { ModelDialect } from "./model-rules.ts";
import { DEFAULT_MAX_LENGTH } from "./type-map.ts";
import type { FieldKind } from "./types.ts";

/** A FieldSpec is one generated field: constructor, relation target export name, and options. */
export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly to?: string;
  readonly options: Record<string, unknown>;
}

/** Facts about a column's table the type choice depends on. */
export interface ColumnFacts {
  /** The column is the table's only primary-key column. */
  readonly soleKey: boolean;
  /** The column carries the non-negative CHECK a positive field adds. */
  readonly nonNegative: boolean;
  /** The byte bound of the BinaryField CHECK the column carries, if any. */
  readonly maxBytes?: number;
}

/** The field kind and type options for a column type, or undefined when no field but NativeField fits. */
export function typeField(
  column: Column,
  dialect: ModelDialect,
  facts: ColumnFacts,
): { kind: FieldKind; options: Record<string, unknown>; consumesCheck?: boolean } {
  const t: ColumnType = column.type;
  const m = dialect.models;
  const id = column.identity;
  const identity = id && (id.serial === true ? { serial: true } : id.always ? { always: true } : true);
  switch (t.kind) {
    case "smallint":
      if (!id && facts.nonNegative) return { kind: "PositiveSmallIntegerField", options: {}, consumesCheck: true };
      return { kind: "SmallIntegerField", options: identity ? { identity } : {} };
    case "integer":
      if (!id && facts.nonNegative) return { kind: "PositiveIntegerField", options: {}, consumesCheck: true };
      // Where IntegerField is 8 bytes (SQLite), a 4-byte integer column is an unchecked PositiveIntegerField.
      if (m.integerField !== "integer") return { kind: "PositiveIntegerField", options: { dbCheck: false } };
      return { kind: "IntegerField", options: identity ? { identity } : {} };
    case "bigint":
      if (id && facts.soleKey) {
        if (!m.identityKinds) return { kind: "IDField", options: {} };
        return {
          kind: "IDField",
          options: id.serial === true ? { serial: true } : id.always ? { generatedAlways: true } : {},
        };
      }
      return {
        kind: m.integerField === "bigint" ? "IntegerField" : "BigIntegerField",
        options: identity ? { identity } : {},
      };
    case "real":
      return { kind: "FloatField", options: { real: true } };
    case "double":
      return { kind: "FloatField", options: {} };
    case "decimal": {
      const options: Record<string, unknown> = {};
      const precision = t.precision ?? null;
      const scale = precision === null ? null : (t.scale ?? null);
      if (precision !== 10) options.maxDigits = precision;
      if (scale !== 2) options.decimalPlaces = scale;
      return { kind: "DecimalField", options };
    }
    case "boolean":
      return { kind: "BooleanField", options: {} };
    case "varchar":
      return {
        kind: "CharField",
        options: t.length === DEFAULT_MAX_LENGTH.CharField ? {} : { maxLength: t.length ?? null },
      };
    case "text":
      return { kind: "TextField", options: {} };
    case "date":
      return { kind: "DateField", options: {} };
    case "time":
      return {
        kind: "TimeField",
        options: {
          ...(t.withTimeZone && { withTimeZone: true }),
          ...(t.precision !== undefined && { precision: t.precision }),
        },
      };
    case "timestamp":
      return {
        kind: "DateTimeField",
        options: {
          ...(m.timeZones && !t.withTimeZone && { withTimeZone: false }),
          ...(t.precision !== undefined && { precision: t.precision }),
        },
      };
    case "interval":
      return { kind: "DurationField", options: {} };
    case "uuid":
      return { kind: "UUIDField", options: {} };
    case "json":
      return { kind: "JSONField", options: m.binaryJson && !t.binary ? { binary: false } : {} };
    case "bytes":
      return facts.maxBytes === undefined
        ? { kind: "BinaryField", options: {} }
        : { kind: "BinaryField", options: { maxLength: facts.maxBytes }, consumesCheck: true };
    case "inet":
      return { kind: "GenericIPAddressField", options: {} };
    case "cidr":
      return { kind: "CIDRField", options: {} };
    case "native":
      return { kind: "NativeField", options: { type: t.sql } };
  }
}

/**
 * The `default` or `dbDefault` option that loads back to a column's Default for a field kind. On
 * PostgreSQL a number kept as its exact digits (`"20.0"`) that the field's `default` does not take
 * is written as `dbDefault: "20.0"`, unquoted, so the database gets the same number back.
 */
export function defaultOptions(column: Column, kind: FieldKind, dialect: ModelDialect): Record<string, unknown> {
  const d = column.default;
  if (!d) return {};
  if (d.kind === "expression") return { dbDefault: d.sql };
  const v = d.value;
  if (kind === "JSONField") {
    if (typeof v === "string") {
      try {
        const parsed: unknown = JSON.parse(v);
        if (JSON.stringify(parsed) === v) return { default: parsed };
      } catch {
        // not JSON text: fall through to dbDefault
      }
    }
  } else if (FIELD_OPTIONS[kind].default?.(v) === undefined) return { default: v };
  if (
    dialect.normalize.numericTextDefaults &&
    typeof v === "string" &&
    isNumericType(column.type) &&
    NUMBER_TEXT.test(v)
  )
    return { dbDefault: v };
  return { dbDefault: literalSql(v, dialect) };
}

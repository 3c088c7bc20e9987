/**
 * Column defaults from the DSL: a `default` JS value becomes a literal Default, a `dbDefault` SQL
 * text is classified the way the introspectors classify a live default (quoted strings, numbers and
 * booleans are literals, `NULL` is no default, anything else is a canonical expression).
 */
import { canonicalExpression } from "../schema/expression.ts";
import type { Default } from "../schema/ir.ts";
import type { NormalizeRules } from "../schema/normalize-rules.ts";
import { exactNumber, NUMBER_TEXT } from "../schema/number-text.ts";
import type { ModelDialect } from "./model-rules.ts";
import type { Field } from "./types.ts";

/**
 * Classifies a default written as SQL into a Default (undefined for `NULL`). With the dialect's
 * `numericTextDefaults` (PostgreSQL) a number keeps its exact digits (`20.0` stays `"20.0"`, see
 * `exactNumber`), as PostgreSQL keeps them; otherwise (SQLite) it is a number.
 */
export function classifyDefault(sql: string, dialect: { readonly normalize: NormalizeRules }): Default | undefined {
  const t = canonicalExpression(sql);
  if (/^'(?:[^']|'')*'$/.test(t)) return { kind: "literal", value: t.slice(1, -1).replaceAll("''", "'") };
  if (dialect.normalize.numericTextDefaults && NUMBER_TEXT.test(t)) return { kind: "literal", value: exactNumber(t) };
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) return { kind: "literal", value: Number(t) };
  if (/^(?:true|false)$/i.test(t)) return { kind: "literal", value: t.toLowerCase() === "true" };
  if (/^null$/i.test(t)) return undefined;
  return { kind: "expression", sql: t };
}

/** The SQL text of a literal default (the inverse of `classifyDefault` for literals), strings quoted by `dialect`. */
export function literalSql(value: string | number | boolean, dialect: { quoteLiteral(value: string): string }): string {
  if (typeof value === "string") return dialect.quoteLiteral(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/** The `dbDefault` text that applies on dialect `dialect` (a name; undefined when the per-dialect form leaves it out). */
export function dbDefaultFor(dbDefault: unknown, dialect: string): string | undefined {
  if (typeof dbDefault === "string") return dbDefault;
  if (typeof dbDefault === "object" && dbDefault !== null) {
    const v = (dbDefault as Record<string, unknown>)[dialect];
    return typeof v === "string" ? v : undefined;
  }
  return undefined;
}

/** The Default of a field on a dialect: from `default` (a JSONField's value is stored as JSON text) or `dbDefault`. */
export function fieldDefault(field: Field, dialect: ModelDialect): Default | undefined {
  const o = field.options;
  if (o.default !== undefined) {
    if (field.kind === "JSONField") return { kind: "literal", value: JSON.stringify(o.default) };
    if (o.default === null) return undefined;
    return { kind: "literal", value: o.default as string | number | boolean };
  }
  const sql = dbDefaultFor(o.dbDefault, dialect.name);
  return sql === undefined ? undefined : classifyDefault(sql, dialect);
}

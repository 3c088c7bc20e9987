/**
 * The options of model-level indexes, constraints and keys, and the checks of their PostgreSQL
 * clauses (storage parameters, DEFERRABLE, NULLS NOT DISTINCT, MATCH, NO INHERIT, NOT VALID).
 */

import { didYouMeanHint } from "../core/did-you-mean.ts";
import { CLAUSE_OPTIONS, type OptionCheck } from "./field-options.ts";
import type { ModelDialect } from "./model-rules.ts";
import { optionHint } from "./option-hint.ts";

/** The options `Models.Index` accepts. */
export const INDEX_OPTIONS = [
  "fields",
  "name",
  "unique",
  "method",
  "condition",
  "nullsNotDistinct",
  "include",
  "storage",
];
/** The options each model-level constraint kind accepts. */
export const CONSTRAINT_OPTIONS: Record<string, string[]> = {
  unique: ["fields", "name", "deferrable", "nullsNotDistinct", "include", "storage"],
  check: ["condition", "name", "noInherit", "notValid"],
  foreignKey: [
    "fields",
    "references",
    "toFields",
    "onDelete",
    "onUpdate",
    "onDeleteFields",
    "name",
    "deferred",
    "deferrable",
    "match",
    "notValid",
  ],
};
/** The options of a model-level `primaryKey: { … }`. */
export const PRIMARY_KEY_OPTIONS = ["fields", "name", "deferrable", "storage"];

/** The PostgreSQL-only clause options of indexes, constraints and keys, with the check of each. */
export const CLAUSES: Readonly<Record<string, OptionCheck>> = {
  deferrable: CLAUSE_OPTIONS.deferrable,
  nullsNotDistinct: CLAUSE_OPTIONS.bool,
  include: (v) =>
    Array.isArray(v) && v.length > 0 && v.every((n) => typeof n === "string")
      ? undefined
      : "a non-empty list of field names",
  storage: CLAUSE_OPTIONS.storage,
  noInherit: CLAUSE_OPTIONS.bool,
  notValid: CLAUSE_OPTIONS.bool,
  match: CLAUSE_OPTIONS.match,
};

/**
 * Problems with the PostgreSQL clause options of one index, constraint or key: a value of the wrong
 * type, or any of them on SQLite. `overrides` replaces a check (a foreign key's `deferrable` also
 * takes `false`).
 */
export function clauseProblems(
  where: string,
  options: Readonly<Record<string, unknown>>,
  dialect: ModelDialect,
  overrides: Readonly<Record<string, OptionCheck>> = {},
): string[] {
  const out: string[] = [];
  for (const key of Object.keys(options)) {
    const value = options[key];
    const check = overrides[key] ?? CLAUSES[key];
    if (check === undefined || value === undefined) continue;
    if (!dialect.models.clauseOptions) {
      out.push(`${where} ${key} exists only on PostgreSQL; remove it on ${dialect.label}`);
      continue;
    }
    const expected = check(value);
    if (expected !== undefined) out.push(`${where} option "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
  }
  return out;
}

/** `<subject> has unknown option "x"` (with a "did you mean") for each option of `given` not in `allowed`. */
export function unknownOptionProblems(subject: string, given: object, allowed: readonly string[]): string[] {
  return Object.keys(given)
    .filter((option) => !allowed.includes(option))
    .map((option) => `${subject} has unknown option "${option}"${optionHint(option, allowed)}`);
}

/** The problem of a key's `field` that is not a field of the model (with a "did you mean"), if it is not. */
function unknownFieldProblems(where: string, field: unknown, fieldNames: readonly string[]): string[] {
  if (typeof field === "string" && fieldNames.includes(field)) return [];
  const hint = typeof field === "string" ? didYouMeanHint(field, fieldNames) : "";
  return [`${where} names unknown field ${JSON.stringify(field)}${hint}`];
}

/** The options an index key object takes. */
const INDEX_KEY_OPTIONS = ["field", "expression", "descending", "nulls", "opclass", "collation"];

/**
 * Problems with one object key of `Models.Index({ fields })`: exactly one of `field` (a field of
 * the model) and `expression`, known options of the right type, and the PostgreSQL-only clauses
 * (`nulls`, `opclass`, `collation`) refused on SQLite.
 */
export function indexKeyProblems(
  where: string,
  key: Record<string, unknown>,
  fieldNames: readonly string[],
  dialect: ModelDialect,
): string[] {
  const out: string[] = [];
  out.push(...unknownOptionProblems(`${where} key`, key, INDEX_KEY_OPTIONS));
  const hasField = key.field !== undefined;
  if (hasField === (key.expression !== undefined))
    out.push(`${where} key needs exactly one of field (a field name) and expression (SQL), got ${JSON.stringify(key)}`);
  if (hasField) out.push(...unknownFieldProblems(where, key.field, fieldNames));
  if (key.expression !== undefined && (typeof key.expression !== "string" || key.expression.trim() === ""))
    out.push(`${where} key expression must be SQL text, got ${JSON.stringify(key.expression)}`);
  if (key.descending !== undefined && typeof key.descending !== "boolean")
    out.push(`${where} key descending must be true or false, got ${JSON.stringify(key.descending)}`);
  for (const clause of ["nulls", "opclass", "collation"] as const) {
    const value = key[clause];
    if (value === undefined) continue;
    if (!dialect.models.clauseOptions)
      out.push(`${where} key ${clause} exists only on PostgreSQL; remove it on ${dialect.label}`);
    else if (clause === "nulls" ? value !== "first" && value !== "last" : typeof value !== "string" || value === "")
      out.push(
        `${where} key ${clause} must be ${clause === "nulls" ? '"first" or "last"' : "a non-empty name"}, got ${JSON.stringify(value)}`,
      );
  }
  return out;
}

const KEY_FIELD_OPTIONS = ["field", "collation"];

/**
 * The problems of one `{ field, collation }` key field of a `Models.UniqueConstraint` or a model-level
 * `primaryKey` (`KeyFieldSpec`): a known field, a non-empty collation name, SQLite only (a
 * PostgreSQL UNIQUE or PRIMARY KEY constraint cannot give a column a collation; a unique index can).
 */
export function keyFieldProblems(
  where: string,
  key: Record<string, unknown>,
  fieldNames: readonly string[],
  dialect: ModelDialect,
): string[] {
  const out: string[] = [];
  out.push(...unknownOptionProblems(`${where} key`, key, KEY_FIELD_OPTIONS));
  out.push(...unknownFieldProblems(where, key.field, fieldNames));
  const collation = key.collation;
  if (collation !== undefined && (typeof collation !== "string" || collation.trim() === ""))
    out.push(`${where} key collation must be a non-empty name, got ${JSON.stringify(collation)}`);
  else if (collation !== undefined && !dialect.models.keyCollations)
    out.push(
      `${where} key collation exists only on SQLite (a PostgreSQL UNIQUE or PRIMARY KEY cannot give a column a collation); ` +
        'use Models.Index({ unique: true, fields: [{ field, collation: "C" }] }) or the field\'s own collation',
    );
  return out;
}

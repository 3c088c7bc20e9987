/**
 * The options of model-level indexes, constraints and keys, and the checks of their PostgreSQL
 * clauses (storage parameters, DEFERRABLE, NULLS NOT DISTINCT, MATCH, NO INHERIT, NOT VALID).
 */
import type { Dialect } from "../driver/driver.ts";
import { CLAUSE_OPTIONS, type OptionCheck } from "./field-options.ts";

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
  dialect: Dialect,
  overrides: Readonly<Record<string, OptionCheck>> = {},
): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    const check = overrides[key] ?? CLAUSES[key];
    if (check === undefined || value === undefined) continue;
    if (dialect === "sqlite") {
      out.push(`${where} ${key} exists only on PostgreSQL; remove it on SQLite`);
      continue;
    }
    const expected = check(value);
    if (expected !== undefined) out.push(`${where} option "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
  }
  return out;
}

import { sha256Hex } from "../core/hash.ts";
import type { Table, UnmanagedObject } from "./ir.ts";
import { normalizeTable } from "./normalize.ts";
import type { NormalizeRules } from "./normalize-rules.ts";

/**
 * The normalization every fingerprint uses, whatever the dialect: collations as written, numeric
 * text defaults as numbers. It is what `pormg-table/1` fingerprints always hashed (the PostgreSQL
 * rules), so fingerprints recorded in plan headers stay valid.
 */
const fingerprintRules: NormalizeRules = { collation: (name) => name, numericTextDefaults: true };

/**
 * Canonical JSON: object keys sorted, `undefined` members left out, arrays in order. Two values
 * that are deep-equal give the same text whatever order their keys were built in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The fingerprint of a table: the first 16 lowercase hex digits of SHA-256 over
 * `pormg-table/1\n` + the canonical JSON of the table normalized (`normalizeSchema`: default
 * constraint names dropped, constraints sorted by shape) with its columns sorted by name, since
 * column order never changes what a plan does — plus the objects that depend on the table and
 * that a plan re-creates or would break (`dependents`: its triggers, the views reading it, indexes
 * and constraints pormg does not manage), so one added after the plan was made makes it stale.
 * The plan header records it per table
 * (`-- pormg-schema-table:`) so `migrate` refuses a plan whose tables changed since it was made.
 * Pure and deterministic, and the same on every dialect (`fingerprintRules`).
 */
export function fingerprintTable(table: Table, dependents: readonly UnmanagedObject[] = []): string {
  const normalized = normalizeTable(table, fingerprintRules);
  const canonical = {
    ...normalized,
    columns: [...normalized.columns].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
  // A table with no dependent objects keeps its `pormg-table/1` fingerprint, so plans written
  // before dependents counted stay valid; otherwise they are part of it (sorted, SQL as stored).
  const parts = dependents.map((d) => canonicalJson({ kind: d.kind, name: d.name, table: d.table, sql: d.sql })).sort();
  const text =
    parts.length === 0
      ? `pormg-table/1\n${canonicalJson(canonical)}`
      : `pormg-table/2\n${canonicalJson(canonical)}\n${parts.join("\n")}`;
  return sha256Hex(text).slice(0, 16);
}

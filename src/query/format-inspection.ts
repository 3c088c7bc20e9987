/**
 * Text for people from a query inspection: model, operation, dialect, bucketing, numbered
 * parameters, SQLite's buckets, the SQL, and the plan when there is one.
 */
import type { DatabaseInspection } from "./inspect-query-text.ts";
import type { QueryHooks } from "./query-hooks.ts";

/** A parameter as shown: strings JSON-quoted, bigints with `n`, dates in ISO form, the rest as JSON. */
export function showParameter(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

/** Formats `inspection` (of `dialect`) as the lines `pormg inspect` prints. */
export function formatInspection(inspection: DatabaseInspection, dialect: { readonly query: QueryHooks }): string {
  const rows: [string, string][] = [
    ["Model", `${inspection.model} (table "${inspection.table}")`],
    ["Operation", inspection.operation],
    ["Dialect", inspection.dialect],
    ["Bucketing", `${inspection.bucketing} (${inspection.bucketing === "numbered" ? "$1, $2 …" : "?"})`],
    ["Parameters", String(inspection.parameterCount)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  inspection.parameters.forEach((p, i) => {
    lines.push(`  [${i + 1}] ${showParameter(p)}`);
  });
  if (inspection.buckets) {
    lines.push("Buckets:");
    if (inspection.buckets.length === 0) lines.push("  (none)");
    for (const b of inspection.buckets) lines.push(`  ${b.clause}: ${b.parameters.map(showParameter).join(", ")}`);
  }
  lines.push("", inspection.sql);
  if (inspection.plan) {
    lines.push("", `Plan (${dialect.query.explainMethod}):`, ...inspection.plan.map((l) => `  ${l}`));
  }
  return lines.join("\n");
}

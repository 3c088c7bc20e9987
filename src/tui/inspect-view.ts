/**
 * What the Inspection pane says, as display lines: the inspected query's model, operation,
 * dialect, bucketing, parameters, SQLite parameter buckets and SQL; and Tab completion of model
 * names. Pure.
 */
import type { QueryInspection } from "../query/inspect-query.ts";
import { type Line, line } from "./lines.ts";

/** A value as shown in the parameter list: strings quoted, everything else as JSON would write it. */
export function showValue(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(showValue).join(", ")}]`;
  return JSON.stringify(value) ?? String(value);
}

/** The inspection of one query as lines. */
export function inspectionLines(r: QueryInspection): Line[] {
  const out: Line[] = [
    line(`Model:      ${r.model} (table ${r.table})`),
    line(`Operation:  ${r.operation}`),
    line(`Dialect:    ${r.dialect}`),
    line(`Bucketing:  ${r.bucketing} (${r.bucketing === "numbered" ? "$1, $2 …" : "?"})`),
    line(`Params:     ${r.parameterCount}`),
    line("── Parameters ──", "dim"),
  ];
  if (r.parameters.length === 0) out.push(line("  (none)", "dim"));
  r.parameters.forEach((p, k) => {
    out.push(line(`  [${k + 1}] ${showValue(p)}`));
  });
  if (r.buckets && r.buckets.length > 0) {
    out.push(line("── Parameter buckets (binding order) ──", "dim"));
    for (const b of r.buckets) out.push(line(`  ${b.clause}: ${b.parameters.map(showValue).join(", ")}`));
  }
  out.push(line("── Generated SQL ──", "dim"));
  for (const l of r.sql.split("\n")) out.push(line(l, "title"));
  return out;
}

/** Completion of the model name (the first word): the new text and, when ambiguous, the candidates. */
export function completeModel(text: string, names: readonly string[]): { text: string; candidates: string[] } {
  const match = /^(\s*)(\S*)$/.exec(text);
  if (!match) return { text, candidates: [] };
  const [, lead = "", word = ""] = match;
  const lower = word.toLowerCase();
  const candidates = [...names].sort().filter((n) => n.toLowerCase().startsWith(lower));
  if (candidates.length === 0) return { text, candidates: [] };
  if (candidates.length === 1) return { text: `${lead}${candidates[0]} `, candidates: [] };
  let prefix = candidates[0] as string;
  for (const c of candidates) while (!c.toLowerCase().startsWith(prefix.toLowerCase())) prefix = prefix.slice(0, -1);
  return { text: prefix.length > word.length ? `${lead}${prefix}` : text, candidates };
}

/**
 * What a pending plan does, in a few numbers: the tables it creates, alters, rebuilds (SQLite) and
 * drops, named from its generated step labels (`plan/labels.ts`), its hand-written steps, and the
 * rows at risk as the precheck counts them (`count-findings.ts`). Pure.
 */
import { generatedLabelParts } from "../plan/labels.ts";
import type { PlanStep } from "../schema/operation.ts";
import type { CountedFinding } from "./count-findings.ts";

/** PlanSummary is the tables a plan touches, by what it does to them, and its rows at risk. */
export interface PlanSummary {
  readonly created: readonly string[];
  readonly altered: readonly string[];
  /** Recreated with the rows copied (SQLite rebuilds). */
  readonly rebuilt: readonly string[];
  readonly dropped: readonly string[];
  /** Hand-written steps (data steps, custom SQL): what they touch is not known. */
  readonly handWritten: number;
  /** Rows that fail a change as things stand (`rows` findings; after the pre steps for handled ones): the precheck refuses over them. */
  readonly rowsFailing: number;
  /** Rows whose stored values change silently (`silent` findings). */
  readonly rowsChanged: number;
  /** Findings whose rows could not be counted. */
  readonly uncounted: number;
}

/** The summary of `steps` with the precheck's counted `findings`. */
export function planSummary(steps: readonly PlanStep[], findings: readonly CountedFinding[]): PlanSummary {
  const created = new Set<string>();
  const dropped = new Set<string>();
  const rebuilt = new Set<string>();
  const touched = new Set<string>();
  let handWritten = 0;
  for (const step of steps) {
    const parts = generatedLabelParts(step.label);
    if (!parts) {
      handWritten++;
      continue;
    }
    if (parts.kind === "Create table") created.add(parts.table);
    else if (parts.kind === "Drop table") dropped.add(parts.table);
    else if (step.rebuild) rebuilt.add(step.rebuild.table);
    else touched.add(parts.table);
  }
  const altered = [...touched].filter((t) => !created.has(t) && !dropped.has(t) && !rebuilt.has(t));
  const sum = (kind: CountedFinding["kind"]) =>
    findings.filter((f) => f.kind === kind).reduce((n, f) => n + (f.rows ?? 0), 0);
  return {
    created: [...created],
    altered,
    rebuilt: [...rebuilt],
    dropped: [...dropped],
    handWritten,
    rowsFailing: sum("rows"),
    rowsChanged: sum("silent"),
    uncounted: findings.filter((f) => f.rows === null).length,
  };
}

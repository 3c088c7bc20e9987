import { sha256Hex } from "../core/hash.ts";
import type { PlanStep } from "../schema/operation.ts";
import type { PlanDocument } from "./plan-document.ts";

/**
 * The `sql_content` of a plan (docs/design.md §5): its steps' SQL in execution order, joined with `\n`.
 * Header lines and labels are not part of it.
 */
export function sqlContent(steps: readonly Pick<PlanStep, "sql">[]): string {
  return steps.map((s) => s.sql).join("\n");
}

/** The checksum of a plan: lowercase hex SHA-256 of its {@link sqlContent}. */
export function planChecksum(steps: readonly Pick<PlanStep, "sql">[]): string {
  return sha256Hex(sqlContent(steps));
}

/**
 * Whether a person edited the plan's steps since pormg wrote it: its steps' checksum differs from
 * the `generatedChecksum` recorded in its header.
 */
export function isHandEdited(doc: Pick<PlanDocument, "steps" | "generatedChecksum">): boolean {
  return planChecksum(doc.steps) !== doc.generatedChecksum;
}

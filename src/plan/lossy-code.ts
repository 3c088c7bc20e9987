import type { LossyFinding } from "../schema/operation.ts";

/**
 * The code of a lossy finding (`set_not_null`, `add_not_null`, `varchar_length` …):
 * the leading word of its reason, as pormg writes every reason. Empty when a hand-written reason
 * starts otherwise.
 */
export function lossyCode(finding: Pick<LossyFinding, "reason">): string {
  return /^[a-z_]+/.exec(finding.reason)?.[0] ?? "";
}

/**
 * The data-step rules of a plan about to run, checked as it is read: labels
 * that read like data steps, `Data (pre):` steps inside the transaction, and `"handled":"pre"` marks.
 */
import { isGeneratedLabel } from "../plan/labels.ts";
import { lossyCode } from "../plan/lossy-code.ts";
import type { LossyFinding, PlanStep } from "../schema/operation.ts";
import { DATA_POST, DATA_PRE, readsLikeDataStep, stepPhase } from "./execution-order.ts";
import { malformed } from "./malformed.ts";

/** Refuses `"handled":"pre"` marks that no `Data (pre):` step can honour. */
export function checkHandled(
  lossy: readonly LossyFinding[],
  lines: readonly number[],
  steps: readonly PlanStep[],
  path: string,
): void {
  const hasPre = steps.some((s) => stepPhase(s.label) === "pre");
  lossy.forEach((finding, k) => {
    if (finding.handled === undefined) return;
    const n = lines[k] ?? 1;
    const what = `${finding.table}${finding.column ? `.${finding.column}` : ""}: ${finding.reason}`;
    const unmark = 'Remove `,"handled":"pre"` from the line';
    if (finding.kind !== "rows")
      throw malformed(
        path,
        n,
        `\`"handled":"pre"\` on a silent change (${what}): silent changes fail on no row, so there is nothing for a Data (pre) step to fix`,
        `${unmark}; \`pormg migrate --destructive\` accepts the change.`,
      );
    if (lossyCode(finding) === "add_not_null")
      throw malformed(
        path,
        n,
        `\`"handled":"pre"\` on a new NOT NULL column (${what}): the column does not exist yet when the Data (pre) steps run, so no pre step can fill it`,
        `${unmark}, and give the field a default in the models (\`default:\` or \`dbDefault:\`), or add it with \`null: true\`, fill it in a \`${DATA_POST}\` step and make it NOT NULL in the next migration.`,
      );
    if (finding.countSql === undefined)
      throw malformed(
        path,
        n,
        `\`"handled":"pre"\` on a finding pormg cannot count (${what}), so it cannot check that a Data (pre) step fixed its rows`,
        `${unmark}, and fix the rows before \`pormg migrate\`, or change the models.`,
      );
    if (!hasPre)
      throw malformed(
        path,
        n,
        `\`"handled":"pre"\` marks ${what} as fixed by a Data (pre) step, but the plan has no \`${DATA_PRE}\` step`,
        `Add the step that fixes the rows (a line \`-- step: ${DATA_PRE} <what it does>\`, then its SQL), or ${unmark.toLowerCase()}.`,
      );
  });
}

/**
 * Refuses a label that reads like a data step but is not one, and a `Data (pre):` step that cannot
 * run in a transaction; `step` is the label and the line it is on.
 */
export function checkDataStep(
  step: { readonly label: string; readonly labelLine: number },
  transactional: boolean,
  path: string,
): void {
  const phase = stepPhase(step.label);
  if (phase === "schema" && readsLikeDataStep(step.label) && !isGeneratedLabel(step.label))
    throw malformed(
      path,
      step.labelLine,
      `step label ${JSON.stringify(step.label)} reads like a data step but is neither \`${DATA_PRE}\` nor \`${DATA_POST}\` (spelled exactly so), so pormg would not know when to run it`,
      `Write \`-- step: ${DATA_PRE} <what it does>\` (runs before every schema statement) or \`-- step: ${DATA_POST} <what it does>\` (runs after them).`,
    );
  if (phase === "pre" && !transactional)
    throw malformed(
      path,
      step.labelLine,
      `step ${JSON.stringify(step.label)} cannot run inside a transaction, but a \`${DATA_PRE}\` step runs inside the plan's transaction, before the schema steps`,
      `Make it a \`${DATA_POST}\` step (steps that cannot run in a transaction run after the plan commits), or run it by hand.`,
    );
}

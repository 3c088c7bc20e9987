/**
 * The order a plan's steps run in. Steps run in three phases, each in file
 * order: every `Data (pre):` step, then every schema step (generated or hand-written), then every
 * `Data (post):` step — wherever a data step stands in the file. pormg writes plans in that order,
 * so for a plan it wrote, file order is execution order (docs/design.md §5). The checksum and
 * `sql_content` stay over the steps in file order (`sqlContent`), so a plan keeps the checksum it
 * had when it was written and applied, before this rule existed.
 */

/** The label prefix of a data step that runs before every schema statement. */
export const DATA_PRE = "Data (pre):";
/** The label prefix of a data step that runs after every schema statement. */
export const DATA_POST = "Data (post):";

/** The phase a step runs in. */
export type StepPhase = "pre" | "schema" | "post";

/** The phase of a step with this label: `pre` / `post` for `Data (pre):` / `Data (post):` labels, else `schema`. */
export function stepPhase(label: string): StepPhase {
  if (label.startsWith(DATA_PRE)) return "pre";
  if (label.startsWith(DATA_POST)) return "post";
  return "schema";
}

/** Whether a label reads like a data step (`^\s*data\s*\(`, any case), spelled right or not. */
export function readsLikeDataStep(label: string): boolean {
  return /^\s*data\s*\(/i.test(label);
}

const order: Readonly<Record<StepPhase, number>> = { pre: 0, schema: 1, post: 2 };

/** The steps in execution order: `Data (pre):` steps, schema steps, `Data (post):` steps, each in file order. Pure. */
export function executionOrder<T extends { readonly label: string }>(steps: readonly T[]): T[] {
  return steps
    .map((step, i) => ({ step, i, phase: order[stepPhase(step.label)] }))
    .sort((a, b) => a.phase - b.phase || a.i - b.i)
    .map((x) => x.step);
}

import type { Config } from "../config/config.ts";
import { PormgError } from "../core/errors.ts";
import { atLeast } from "../plan/lint-rules.ts";
import type { PlanStep } from "../schema/operation.ts";
import { lintPlan } from "./lint-plan.ts";
import type { MigrateOptions } from "./migrate-types.ts";

/**
 * `migrate --fail-on SEVERITY`: lints a plan about to be applied and refuses it (LINT_FAILED, exit 3)
 * when a finding is at or above that severity, before anything runs. Without `failOn` it does nothing.
 */
export async function assertLint(
  config: Config,
  steps: readonly PlanStep[],
  path: string,
  options: Pick<MigrateOptions, "failOn" | "lintRowThreshold">,
): Promise<void> {
  const floor = options.failOn;
  if (floor === undefined) return;
  const lint = await lintPlan(config, steps, {
    ...(options.lintRowThreshold !== undefined && { rowThreshold: options.lintRowThreshold }),
  });
  const failing = lint.statements.flatMap((s) =>
    s.findings.filter((f) => atLeast(f.severity, floor)).map((f) => ({ ...f, label: s.label, sql: s.sql })),
  );
  if (failing.length === 0) return;
  const lines = failing.map((f) => `  ${f.severity}[${f.id}] step "${f.label}": ${f.reason}`).join("\n");
  throw new PormgError(
    "LINT_FAILED",
    `${failing.length} lint finding(s) at or above ${floor} in ${path}, so nothing was applied (--fail-on ${floor}):\n${lines}\n` +
      "Change the plan as each finding says (docs/lint.md), or run without --fail-on (or with a higher severity) to accept them.",
    { failOn: floor, path, findings: failing },
  );
}

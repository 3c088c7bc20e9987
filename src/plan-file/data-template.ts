import type { DialectName } from "../core/dialect-name.ts";
import { PormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import type { PlanStep } from "../schema/operation.ts";
import { tokenize } from "../sql/tokenize.ts";
import { DATA_POST } from "./execution-order.ts";

/**
 * The data-migration template `makemigrations --empty` writes: a plan holding one `Data (post):`
 * step whose only statement is a placeholder. `migrate` refuses a plan that still holds the
 * placeholder, so an untouched template is never applied as if it had done something.
 */

/** The text of the placeholder statement's string literal. */
export const PLACEHOLDER = "pormg: replace this statement with your data change";

/** The template's one step: a `Data (post):` step labelled with the migration's name. */
export function dataTemplateStep(name: string): PlanStep {
  return {
    label: `${DATA_POST} ${name.replace(/\s+/g, " ").trim()}`,
    sql: [
      "-- Write this migration's data change here (it runs after every schema statement), for example:",
      `--   UPDATE "drivers" SET "nationality" = 'Unknown' WHERE "nationality" IS NULL;`,
      "-- Add more `-- step: Data (post): …` blocks, or `-- step: Data (pre): …` blocks that run before the",
      "-- schema changes, as needed. migrate refuses the plan while the placeholder below is in it.",
      `SELECT '${PLACEHOLDER}' AS placeholder;`,
    ].join("\n"),
    destructive: false,
    transactional: true,
  };
}

/** The labels of the steps that still hold the template's placeholder statement. */
export function placeholderSteps(steps: readonly PlanStep[], dialect: DialectName): string[] {
  return steps
    .filter((s) =>
      tokenize(s.sql, dialectNamed(dialect).sql).some((t) => t.kind === "string" && t.value === PLACEHOLDER),
    )
    .map((s) => s.label);
}

/**
 * Refuses (PLAN_REFUSED) a plan that still holds the `--empty` template's placeholder, naming the
 * steps and the fix; `path` names the plan file.
 */
export function assertNoPlaceholder(steps: readonly PlanStep[], dialect: DialectName, path: string): void {
  const labels = placeholderSteps(steps, dialect);
  if (labels.length === 0) return;
  throw new PormgError(
    "PLAN_REFUSED",
    `The pending plan ${path} still holds the placeholder of the data-migration template that \`makemigrations --empty\` wrote, ` +
      `in step ${labels.map((l) => JSON.stringify(l)).join(", ")}: it would change nothing. ` +
      `Replace \`SELECT '${PLACEHOLDER}' AS placeholder;\` with the data change, or discard the plan with \`pormg discard\`.`,
    { path, steps: labels },
  );
}

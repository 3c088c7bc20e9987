import type { DialectCapabilities } from "../core/capabilities.ts";
import type { DialectName } from "../core/dialect-name.ts";
import type { SqlRules } from "../sql/sql-rules.ts";

/**
 * A PlanFileDialect is what reading and classifying a plan file needs of a dialect: its name (the
 * header's `pormg-dialect`), its label for messages, and whether it changes columns by rebuilding
 * tables (a `rebuild` step flag is valid only then), and its SQL rules. Callers pass the registered Dialects.
 */
export interface PlanFileDialect {
  readonly name: DialectName;
  readonly label: string;
  readonly capabilities: Pick<DialectCapabilities, "columnChange">;
  /** How the plan's SQL tokenizes and classifies. */
  readonly sql: SqlRules;
}

/** Whether `dialect` changes columns by rebuilding their table (its plans may carry `rebuild` step flags). */
export function rebuildsTables(dialect: PlanFileDialect): boolean {
  return dialect.capabilities.columnChange === "rebuild";
}

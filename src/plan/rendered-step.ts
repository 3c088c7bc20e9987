import { stepLabel } from "./labels.ts";

/**
 * A RenderedStep is one step as a dialect renderer produces it, before `renderOperations` adds what
 * every step shares (the lossy-based destructive flag and `transactional`).
 */
export interface RenderedStep {
  readonly label: string;
  /** Statements each ending with `;`, joined with LF. */
  readonly sql: string;
  /** Destructive by its kind of operation (a drop; a rebuild that drops columns). */
  readonly destructive: boolean;
  /** Why the planner judged it destructive, when the SQL does not say (a rebuild: `drop post.subtitle`). */
  readonly reasons?: readonly string[];
  readonly rebuild?: { readonly table: string };
  /** The drop half of a constraint re-creation (see `PlanStep.recreate`). */
  readonly recreate?: true;
  /**
   * False for an online step that runs after the plan's transaction committed, on its own
   * (`CREATE INDEX CONCURRENTLY`, `VALIDATE CONSTRAINT` …); absent: inside the transaction.
   */
  readonly transactional?: false;
}

/** Builds a RenderedStep from its statements (each already ending with `;`). */
export const step = (label: string, statements: readonly string[], destructive = false): RenderedStep => ({
  label,
  sql: statements.join("\n"),
  destructive,
});

/** A step that runs after the plan's transaction, on its own (see `RenderedStep.transactional`). */
export const deferredStep = (label: string, statements: readonly string[]): RenderedStep => ({
  ...step(label, statements),
  transactional: false,
});

/**
 * Steps spelled by the standard `ALTER TABLE` forms (renaming a table or a column, dropping a
 * column), with the dialect's `quote` (its `quoteIdent`).
 */
export function commonSteps(quote: (name: string) => string) {
  return {
    renameTable: (from: string, to: string) =>
      step(stepLabel.renameTable(to), [`ALTER TABLE ${quote(from)} RENAME TO ${quote(to)};`]),
    renameColumn: (table: string, from: string, to: string) =>
      step(stepLabel.renameField(table, to), [
        `ALTER TABLE ${quote(table)} RENAME COLUMN ${quote(from)} TO ${quote(to)};`,
      ]),
    dropColumn: (table: string, column: string) =>
      step(stepLabel.removeField(table, column), [`ALTER TABLE ${quote(table)} DROP COLUMN ${quote(column)};`], true),
  };
}

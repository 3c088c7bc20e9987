import { foreignKeyShape, indexShape } from "../schema/normalize.ts";
import type { Operation, PlanStep } from "../schema/operation.ts";
import { classifyOperation } from "./lossy.ts";
import type { PlanDialect } from "./plan-dialect.ts";
import { type PlanNames, planNames } from "./plan-names.ts";
import { refusePlan } from "./plan-refusals.ts";
import type { RenderContext } from "./render-context.ts";
import type { Renderer } from "./renderer.ts";

/**
 * Renders an ordered operation list as the plan's generated steps, in the same order, for one
 * dialect. Pure. Each step is destructive when it removes data (docs/design.md §10: DROP TABLE, DROP
 * COLUMN, a SQLite rebuild that drops columns) or carries a `silent` lossy finding; dropping an
 * index or a constraint, renames, rebuilds that keep every column and value, and the drop of a
 * serial's own sequence are not destructive (their labels still name what goes). A rebuild step
 * carries its reasons (dropped columns, silent findings) so the plan file keeps the verdict. Every
 * generated step is transactional, except the online variants a dialect renders when
 * `context.online` says a table holds rows (PostgreSQL: `CREATE INDEX CONCURRENTLY`, `VALIDATE
 * CONSTRAINT` …, docs/online.md): those run after the transaction committed, one by one, so they
 * are written after every transactional step, in operation order.
 *
 * A created table's step holds its CREATE TABLE and its indexes (and, where the dialect declares them
 * there, `Renderer.foreignKeysInCreateTable` — SQLite can only — its foreign keys). So a
 * `createIndex` for an index the created table already declares, and there an `addForeignKey` for a
 * key it already declares, render no step; on PostgreSQL a created table's foreign keys are always
 * their own `addForeignKey` steps.
 *
 * Throws `PLAN_REFUSED` when a step's effect on objects the plan does not show would be hidden or
 * rejected (`refusePlan`: a table created over a partition, view or type; on PostgreSQL a change
 * that views or table inheritance make unsafe), when a SQLite rebuild would leave a view or trigger
 * stale, and `INTERNAL` when an operation reaches a dialect that cannot run it as given (a planner bug).
 */
export function renderOperations(ops: readonly Operation[], dialect: PlanDialect, context: RenderContext): PlanStep[] {
  const names = planNames(ops);
  const renderer = dialect.renderer;
  refusePlan(ops, renderer, names, context);
  const withFacts = context.online
    ? { ...context, online: { ...context.online, referenced: referenced(ops) } }
    : context;
  const steps: PlanStep[] = [];
  for (const op of ops) {
    if (alreadyCreated(op, renderer, names.created)) continue;
    const rendered = renderer.render(op, names, withFacts);
    const silent = classifyOperation(op, dialect, names).filter((f) => f.kind === "silent");
    for (const step of rendered) {
      // A rebuild's verdict names every reason (its SQL always holds a DROP TABLE, which says nothing).
      const reasons = [
        ...(step.reasons ?? []),
        ...(step.rebuild ? silent.map((f) => `${f.table}${f.column ? `.${f.column}` : ""}: ${f.reason}`) : []),
      ];
      steps.push({
        label: step.label,
        sql: step.sql,
        destructive: step.destructive || silent.length > 0,
        ...(reasons.length > 0 && { reasons }),
        transactional: step.transactional ?? true,
        ...(step.rebuild && { rebuild: step.rebuild }),
        ...(step.recreate && { recreate: true as const }),
      });
    }
  }
  // The executor runs the transactional steps first: the file says so too.
  const ordered = [...steps.filter((s) => s.transactional), ...steps.filter((s) => !s.transactional)];
  return renderer.combine ? renderer.combine(ordered) : ordered;
}

/** The tables a foreign key the plan adds references. */
function referenced(ops: readonly Operation[]): ReadonlySet<string> {
  return new Set(ops.flatMap((op) => (op.kind === "addForeignKey" ? [op.foreignKey.references.table] : [])));
}

function alreadyCreated(op: Operation, renderer: Renderer, created: PlanNames["created"]): boolean {
  if (op.kind === "createIndex") {
    const table = created(op.table);
    return table?.indexes.some((i) => indexShape(i) === indexShape(op.index)) ?? false;
  }
  if (op.kind === "addForeignKey" && renderer.foreignKeysInCreateTable) {
    const table = created(op.table);
    return table?.foreignKeys.some((f) => foreignKeyShape(f) === foreignKeyShape(op.foreignKey)) ?? false;
  }
  return false;
}

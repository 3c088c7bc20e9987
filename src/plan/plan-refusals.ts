import { PormgError } from "../core/errors.ts";
import type { UnmanagedKind } from "../schema/ir.ts";
import type { Operation } from "../schema/operation.ts";
import type { PlanNames } from "./plan-names.ts";
import type { Refusal } from "./refusal.ts";
import type { RenderContext } from "./render-context.ts";
import type { Renderer } from "./renderer.ts";

function describeObject(kind: UnmanagedKind, table: string | undefined): string {
  if (kind === "partition") return table === undefined ? "a partitioned table" : `a partition of "${table}"`;
  return `a ${kind.replace("_", " ")}`;
}

/**
 * The refusals of tables the plan would create under a name the live database already gives to an
 * object pormg does not manage — a partition or partitioned table, a view, a foreign table, a
 * sequence, a type: `CREATE TABLE` would fail with "already exists" (and pormg must never take
 * such an object over). Which kinds occupy a name (`Renderer.occupyingKinds`) and how names compare
 * (`Renderer.nameKey`: SQLite case-insensitively) are the dialect's. Pure.
 */
export function occupiedNameRefusals(
  ops: readonly Operation[],
  dialect: Pick<Renderer, "occupyingKinds" | "nameKey">,
  context: RenderContext,
): Refusal[] {
  const fold = (name: string) => dialect.nameKey(name);
  const occupied = new Map(
    context.unmanaged.filter((o) => dialect.occupyingKinds.has(o.kind)).map((o) => [fold(o.name), o] as const),
  );
  return ops.flatMap((op): Refusal[] => {
    if (op.kind !== "createTable") return [];
    const table = op.table.name;
    const object = occupied.get(fold(table));
    if (!object) return [];
    const what = describeObject(object.kind, object.table);
    return [
      {
        table,
        objects: [object.name],
        reason:
          `The models declare table "${table}", but "${object.name}" in the database is ${what}, which pormg does not ` +
          "manage (it would plan CREATE TABLE of a name that exists). Set managed: false on the model to use it for " +
          "queries, or give the model another table name (dbTable).",
      },
    ];
  });
}

/**
 * Refuses (`PLAN_REFUSED`, exit 3) a plan with a step whose effect on objects the plan does not show
 * would be hidden, or which the database would reject at apply time: tables created over names
 * that unmanaged objects hold ({@link occupiedNameRefusals}), and the dialect's own refusals
 * (`Renderer.refusals`: on PostgreSQL, changes that views or table inheritance make unsafe). Every
 * reason is listed, each naming the objects and how to proceed. Pure.
 */
export function refusePlan(
  ops: readonly Operation[],
  dialect: Renderer,
  names: PlanNames,
  context: RenderContext,
): void {
  const refusals = [...occupiedNameRefusals(ops, dialect, context), ...dialect.refusals(ops, names, context)];
  if (refusals.length === 0) return;
  const [first] = refusals;
  throw new PormgError(
    "PLAN_REFUSED",
    refusals.length === 1
      ? (first as Refusal).reason
      : `The plan cannot be written (${refusals.length} reasons):\n${refusals.map((r) => `  - ${r.reason}`).join("\n")}`,
    { refusals },
  );
}

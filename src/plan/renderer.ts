import type { Schema, UnmanagedKind } from "../schema/ir.ts";
import type { Operation, OperationKind, PlanStep } from "../schema/operation.ts";
import type { PlanNames } from "./plan-names.ts";
import type { Refusal } from "./refusal.ts";
import type { RenderContext } from "./render-context.ts";
import type { RenderedStep } from "./rendered-step.ts";
import type { TemporaryDefaultSql } from "./temporary-default.ts";

/**
 * A Renderer is the planner's port to a dialect (implemented in `src/dialect/<name>/<name>-render.ts`):
 * how the dialect lowers, orders, refuses and renders the operations of a plan. The planner never
 * compares dialect names; it calls these.
 */
export interface Renderer extends TemporaryDefaultSql {
  /** Renders one operation as the dialect's steps; throws `PLAN_REFUSED` or `INTERNAL` as the operation requires. */
  render(op: Operation, names: PlanNames, context: RenderContext): RenderedStep[];
  /**
   * Rewrites the diff's operations (from `live` to `target`) into what the dialect can run — on
   * SQLite, a table rebuild for every change its ALTER TABLE cannot make. Returns them unchanged
   * when the dialect runs every operation as it is.
   */
  lower(ops: readonly Operation[], live: Schema, target: Schema): Operation[];
  /** The dialect's own refusals of operations whose effect on live objects the plan would not show. */
  refusals(ops: readonly Operation[], names: PlanNames, context: RenderContext): Refusal[];
  /** The unmanaged object kinds whose name a table the plan creates cannot take. */
  readonly occupyingKinds: ReadonlySet<UnmanagedKind>;
  /** The key under which the dialect compares two table names (SQLite: case-insensitively). */
  nameKey(name: string): string;
  /**
   * The execution rank of `op` when the dialect orders it differently from the generic `ranks`
   * (`orderOperations`), else undefined.
   */
  rank(op: Operation, ranks: Readonly<Record<OperationKind, number>>): number | undefined;
  /** A created table's CREATE TABLE declares its foreign keys (its `addForeignKey` operations render no step). */
  readonly foreignKeysInCreateTable: boolean;
  /**
   * Joins neighbouring steps the dialect runs better as one (MySQL: several changes to one table in
   * one ALTER TABLE), keeping their order; absent: every operation's steps stay as rendered.
   */
  combine?(steps: readonly PlanStep[]): PlanStep[];
}

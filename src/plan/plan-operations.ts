/**
 * `planOperations`: the whole pure planning pipeline from two schemas to ordered operations.
 */

import type { DiffDialect } from "../diff/diff-dialect.ts";
import { diffSchemas } from "../diff/diff-tables.ts";
import { type RenameResolver, resolveRenames } from "../diff/resolve-renames.ts";
import type { AlignDialect } from "../schema/align-names.ts";
import { alignNames } from "../schema/align-names.ts";
import type { Schema } from "../schema/ir.ts";
import type { Operation } from "../schema/operation.ts";
import { orderOperations } from "./order.ts";
import type { Renderer } from "./renderer.ts";

/** PlanOptions are the rename hints (`--rename` and `renamedFrom`, in hint form) and the terminal resolver, if any. */
export interface PlanOptions {
  readonly hints?: readonly string[];
  readonly resolver?: RenameResolver;
}

/** What planning needs of a dialect: its renderer's lowering and ordering. */
export type PlanningDialect = DiffDialect & AlignDialect & { readonly renderer: Pick<Renderer, "lower" | "rank"> };

/**
 * Plans the operations that turn `live` into `target` (both normalized, of `dialect`): on SQLite
 * spell the models' names as the database does where they differ only in case (`alignNames`),
 * resolve the renames (`resolveRenames`: may ask the resolver, or fail closed with
 * `RENAME_AMBIGUOUS`), diff, lower for the dialect (`Renderer.lower`: SQLite's rebuilds), order.
 * `[]` means there is nothing to do. No I/O beyond the resolver.
 */
export async function planOperations(
  live: Schema,
  target: Schema,
  dialect: PlanningDialect,
  options: PlanOptions = {},
): Promise<Operation[]> {
  return (await planWithWarnings(live, target, dialect, options)).operations;
}

/** `planOperations`, plus the warnings of rename resolution (hints that name nothing …) for people to read. */
export async function planWithWarnings(
  live: Schema,
  target: Schema,
  dialect: PlanningDialect,
  options: PlanOptions = {},
): Promise<{ operations: Operation[]; warnings: readonly string[] }> {
  const aligned = alignNames(target, live, dialect);
  const renames = await resolveRenames(live, aligned, dialect, options);
  const ops = diffSchemas(live, aligned, renames, dialect);
  const lowered = dialect.renderer.lower(ops, live, aligned);
  return { operations: orderOperations(lowered, dialect.renderer), warnings: renames.warnings };
}

import type { LiveDependents } from "../schema/dependents.ts";
import type { LiveSchema, LiveSequence, NamedNotNull, OwnedSequence, Table, UnmanagedObject } from "../schema/ir.ts";

/**
 * A RenderContext is what rendering needs to know about the live database besides the operations:
 * its unmanaged objects (a SQLite table rebuild drops and re-creates the views and triggers that
 * depend on its table, from their `sql`; a table the plan creates must not collide with one of
 * them), its tables (SQLite re-creates an index it cannot rename from the live definition), and on
 * PostgreSQL what depends on the tables (views reading them, table inheritance), so a change whose
 * effect on those the plan would not show is refused, and the sequences its serial columns own (a
 * column that stops being serial disowns or drops its sequence by name) and, from PostgreSQL 18, the
 * names of its NOT NULL constraints (a rename renames the default-named ones).
 */
export interface RenderContext {
  readonly unmanaged: readonly UnmanagedObject[];
  readonly tables: readonly Table[];
  readonly dependents?: LiveDependents;
  readonly ownedSequences?: readonly OwnedSequence[];
  readonly sequences?: readonly LiveSequence[];
  readonly notNulls?: readonly NamedNotNull[];
  /** Where online variants apply (PostgreSQL; `makemigrations` without `--no-online`). Absent: the blocking forms. */
  readonly online?: OnlineFacts;
}

/**
 * OnlineFacts say which live tables hold rows (read at makemigrations time through
 * `Introspector.populatedTables`); the choice of variant from them is pure. A step on a table
 * the plan creates, or on an empty one, keeps its blocking form.
 */
export interface OnlineFacts {
  /** Live names of the tables that held at least one row when the plan was made. */
  readonly populated: ReadonlySet<string>;
  /** Plan names of the tables a foreign key the plan adds references (their new uniques stay in the transaction). */
  readonly referenced?: ReadonlySet<string>;
}

/** The RenderContext of an introspected database. */
export function renderContext(live: LiveSchema): RenderContext {
  return {
    unmanaged: live.unmanaged,
    tables: live.schema.tables,
    ...(live.dependents && { dependents: live.dependents }),
    ...(live.ownedSequences && { ownedSequences: live.ownedSequences }),
    ...(live.sequences && { sequences: live.sequences }),
    ...(live.notNulls && { notNulls: live.notNulls }),
  };
}

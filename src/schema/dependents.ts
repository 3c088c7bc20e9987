/**
 * What depends on the managed tables of a PostgreSQL schema beyond what the schema IR describes:
 * the views that read them and the tables that inherit from them. Introspection reads it so the
 * planner can refuse a change whose effect on those objects the plan would not show, or which
 * PostgreSQL would reject at apply time.
 */

/** A relation named from the managed schema: its name, and its schema when it lives in another one. */
export interface RelationRef {
  readonly name: string;
  /** Set only for a relation outside the managed schema. */
  readonly schema?: string;
}

/** A ViewReader is a view or materialized view (in any schema) that reads a managed table. */
export interface ViewReader {
  readonly kind: "view" | "materialized_view";
  readonly view: RelationRef;
  /** The managed table it reads (its live name). */
  readonly table: string;
  /** The table's columns it reads (live names); empty when it reads the table only as a whole (`count(*)`). */
  readonly columns: readonly string[];
}

/**
 * An InheritanceEdge is one `INHERITS` link (table inheritance, not declarative partitioning) where
 * the parent or the child is a managed table.
 */
export interface InheritanceEdge {
  readonly parent: RelationRef;
  readonly child: RelationRef;
  /** The child's columns inherited from this parent (live names). */
  readonly columns: readonly string[];
  /** The child's CHECK constraints inherited from this parent (names). */
  readonly checks: readonly string[];
}

/** LiveDependents are the readers and inheritance links of a schema's managed tables. */
export interface LiveDependents {
  readonly readers: readonly ViewReader[];
  readonly inheritance: readonly InheritanceEdge[];
}

/** How a relation is named in messages: `name` in the managed schema, `schema.name` elsewhere. Pure. */
export function relationName(ref: RelationRef): string {
  return ref.schema === undefined ? ref.name : `${ref.schema}.${ref.name}`;
}

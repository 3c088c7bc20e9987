import type { Driver } from "../core/driver.ts";

/** The unqualified names of pormg's history tables and of the function behind their append-only triggers. */
export const HISTORY_OBJECTS = {
  events: "pormg_migration_events",
  projection: "pormg_migrations",
  appendOnlyFunction: "pormg_migration_events_append_only",
  meta: "pormg_migration_meta",
} as const;

/**
 * HistoryNames are the SQL names pormg uses for its history objects on one connection: qualified
 * with the connection's managed schema (`Driver.schema`, where the dialect has schemas) so every read
 * and write lands in that schema's history and never in another's, or unqualified (SQLite, or a
 * connection opened without a schema, which finds them through its search_path).
 */
export interface HistoryNames {
  /** The PostgreSQL schema they are qualified with, when they are. */
  readonly schema: string | undefined;
  /** `pormg_migration_events`, the event log. */
  readonly events: string;
  /** `pormg_migrations`, PormG's v1 projection. */
  readonly projection: string;
  /** The PostgreSQL function the append-only triggers call. */
  readonly appendOnlyFunction: string;
  /** `pormg_migration_meta`, the marker that an event log exists (so a dropped one is noticed). */
  readonly meta: string;
}

/** The HistoryNames of `driver`, qualified with the dialect's `quoteIdent`. Pure. */
export function historyNames(
  driver: Pick<Driver, "schema">,
  dialect: { readonly capabilities: { readonly schemas: boolean }; quoteIdent(name: string): string },
): HistoryNames {
  const schema = dialect.capabilities.schemas ? driver.schema : undefined;
  const name = (object: string) => (schema === undefined ? object : `${dialect.quoteIdent(schema)}.${object}`);
  return {
    schema,
    events: name(HISTORY_OBJECTS.events),
    projection: name(HISTORY_OBJECTS.projection),
    appendOnlyFunction: name(HISTORY_OBJECTS.appendOnlyFunction),
    meta: name(HISTORY_OBJECTS.meta),
  };
}

/** The HistoryNames of a connection without a managed schema: every object unqualified. */
export const unqualifiedNames: HistoryNames = { schema: undefined, ...HISTORY_OBJECTS };

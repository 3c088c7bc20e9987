import type { DialectCapabilities } from "../core/capabilities.ts";
import type { Driver } from "../core/driver.ts";
import type { HistoryNames } from "./history-names.ts";

/** What the catalog says about the history objects and their append-only protection (`HistorySql.readProtection`). */
export interface HistoryProtection {
  readonly events: boolean;
  readonly projection: boolean;
  /** The marker table `pormg_migration_meta` exists. */
  readonly meta: boolean;
  /** The problems with the append-only triggers, one line each (empty when all are in force). */
  readonly triggerProblems: readonly string[];
}

/** What `initHistory`'s fast path reads from the catalog in one query (`HistorySql.probe`). */
export interface HistoryProbe {
  readonly projection: boolean;
  readonly events: boolean;
  /** How many of the append-only triggers exist (and are enabled). */
  readonly triggers: number;
  readonly formatVersion: boolean;
  /** The managed schema exists (always true where the dialect has no schemas, and for connections without one). */
  readonly schemaExists: boolean;
  readonly meta: boolean;
}

/**
 * HistorySql is the history layer's port to a dialect (implemented in
 * `src/dialect/<name>/<name>-history.ts`): the DDL of pormg's history tables and their append-only
 * triggers, the statements that read and write them, and the catalog queries that check them.
 * Every statement names the objects as `names` say (`historyNames`). Parameters are written the
 * dialect's way (`$1` or `?`).
 */
export interface HistorySql {
  /** The names of the triggers that keep `pormg_migration_events` append-only. */
  readonly appendOnlyTriggers: readonly string[];
  /** PormG's frozen v1 `pormg_migrations` table. */
  projectionDdl(names: HistoryNames): string;
  /** PormG's `ALTER TABLE` adding `format_version` to an older `pormg_migrations`. */
  addFormatVersion(names: HistoryNames): string;
  /** The event log table. */
  eventsDdl(names: HistoryNames): string;
  /** The triggers (and their function, where the dialect needs one) that reject changes to the event log. */
  appendOnlyDdl(names: HistoryNames): string;
  /** The marker table `pormg_migration_meta`. */
  metaDdl(names: HistoryNames): string;
  /** Records that an event log exists (first time only), with the time as its one parameter. */
  markEventLog(names: HistoryNames): string;
  /** Statements that make an adopted PormG `pormg_migrations` canonical (SQLite: legacy `applied_at` text). */
  adoptionFixes(names: HistoryNames): readonly string[];
  /** Serializes history bootstraps of one schema inside `tx` (where the write transaction does not already). */
  lockBootstrap(tx: Driver, names: HistoryNames): Promise<void>;
  /** `initHistory`'s catalog probe. */
  probe(driver: Driver, names: HistoryNames): Promise<HistoryProbe>;
  /** What the catalog says about the history objects and their triggers (`readHistoryIntegrity`). */
  readProtection(driver: Driver, names: HistoryNames): Promise<HistoryProtection>;
  /** `count(*)` as the dialect spells it safely (PostgreSQL: `pg_catalog.count(*)`). */
  readonly countAll: string;
  /** Locks the event log against other appenders inside `tx` (where the write transaction does not already). */
  lockEvents(tx: Driver, names: HistoryNames): Promise<void>;
  /** Runs `read` on one consistent snapshot of the database (a read-only transaction where needed). */
  snapshot<T>(driver: Driver, read: (d: Driver) => Promise<T>): Promise<T>;
  /** Selects the events of the stream named by the one parameter, and the log's last event. */
  streamAndLast(names: HistoryNames, columns: string): string;
  /** Inserts one event (eight parameters, `occurred_at` and `payload` as text) returning its `id`. */
  insertEvent(names: HistoryNames): string;
  /** The SQL of `applied_at` as text, in a SELECT of `pormg_migrations`. */
  readonly appliedAtSelect: string;
  /** The text a projected row's `applied_at` reads back as, from `wall` (UTC `YYYY-MM-DDTHH:MM:SS.mmm`). */
  appliedAtText(wall: string): string;
  /** Inserts or updates one `pormg_migrations` row (eight parameters, `applied_at` as text). */
  upsertProjection(names: HistoryNames): string;
  /** Deletes the `pormg_migrations` row of the version given as the one parameter. */
  deleteProjection(names: HistoryNames): string;
  /** The names, among `tables`, of the history tables that exist in `schema` (the dialect's own, on SQLite `main`). */
  tablesIn(driver: Driver, schema: string, tables: readonly string[]): Promise<string[]>;
  /** The schema pormg's history lives in for `driver`: its managed one, else the connection's current one. */
  historySchema(driver: Driver): Promise<string | null>;
  /** Whether `schema` exists (always true where the dialect has no schemas). */
  schemaExists(driver: Driver, schema: string): Promise<boolean>;
}

/** A HistoryDialect is what the history functions need of a dialect: schemas or not, its quoting and its HistorySql. */
export interface HistoryDialect {
  /** `transactionalDdl: false` (MySQL): a concurrent bootstrap is seen half-done (`unfinishedBootstrap`). */
  readonly capabilities: Pick<DialectCapabilities, "schemas"> & Partial<Pick<DialectCapabilities, "transactionalDdl">>;
  /** Quotes an identifier (the Dialect's own `quoteIdent`). */
  quoteIdent(name: string): string;
  readonly history: HistorySql;
}

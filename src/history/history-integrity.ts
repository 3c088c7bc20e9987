import type { Driver } from "../core/driver.ts";
import { historyNames } from "./history-names.ts";
import type { HistoryDialect } from "./history-sql.ts";

/**
 * HistoryIntegrity is what the catalog says about the history's protections, beside the log's own
 * hash chain: which append-only triggers are in force, whether the event log or its marker exist,
 * and how many projection rows there are.
 */
export interface HistoryIntegrity {
  readonly events: boolean;
  readonly projection: boolean;
  /** The problems with the append-only triggers, one line each (empty when all are in force). */
  readonly triggerProblems: readonly string[];
  /** When pormg first created an event log here (the `pormg_migration_meta` marker), or `null`. */
  readonly eventLogSince: string | null;
  /** Rows of `pormg_migrations` (0 when the table is missing). */
  readonly projectionRows: number;
}

/**
 * Reads the history's protections from the catalog (`HistorySql.readProtection`). A trigger is in
 * force only when it exists on the event log, is enabled, and still raises pormg's error: on
 * PostgreSQL its function is pormg's and its body still raises; on SQLite its stored SQL still
 * aborts — a no-op trigger under the same name does not count.
 */
export async function readHistoryIntegrity(driver: Driver, dialect: HistoryDialect): Promise<HistoryIntegrity> {
  const names = historyNames(driver, dialect);
  const found = await dialect.history.readProtection(driver, names);
  return {
    events: found.events,
    projection: found.projection,
    triggerProblems: found.triggerProblems,
    eventLogSince: found.meta ? await marker(driver, dialect, names.meta) : null,
    projectionRows: found.projection ? await count(driver, dialect, names.projection) : 0,
  };
}

async function marker(driver: Driver, dialect: HistoryDialect, table: string): Promise<string | null> {
  const [value, key] = [dialect.quoteIdent("value"), dialect.quoteIdent("key")];
  const [row] = await driver.query(`SELECT ${value} FROM ${table} WHERE ${key} = 'event_log'`);
  return row === undefined ? null : String(row.value);
}

async function count(driver: Driver, dialect: HistoryDialect, table: string): Promise<number> {
  const [row] = await driver.query(`SELECT ${dialect.history.countAll} AS n FROM ${table}`);
  return Number(row?.n ?? 0);
}

/**
 * Whether `integrity` shows a bootstrap that has not finished: on a dialect without transactional
 * DDL (MySQL) every DDL statement of a bootstrap commits on its own, so another connection can see
 * the event log before its triggers and before the `event_log` marker, which the bootstrap writes
 * last (with its first events, in one commit). An empty log without its marker is such a bootstrap —
 * running now, or interrupted — not a log whose protection was turned off. Never on PostgreSQL or
 * SQLite, whose bootstrap is one transaction.
 */
export function unfinishedBootstrap(dialect: HistoryDialect, integrity: HistoryIntegrity, events: number): boolean {
  return (
    dialect.capabilities.transactionalDdl === false &&
    integrity.events &&
    integrity.eventLogSince === null &&
    events === 0
  );
}

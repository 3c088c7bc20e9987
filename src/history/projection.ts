import type { Driver } from "../core/driver.ts";
import type { ProjectedRow } from "./fold.ts";
import { historyNames } from "./history-names.ts";
import type { HistoryDialect } from "./history-sql.ts";

/** A ProjectionRow is one row of `pormg_migrations` as read from the database, `applied_at` as text. */
export interface ProjectionRow {
  readonly id: number;
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly sqlContent: string;
  /** PostgreSQL: `YYYY-MM-DDTHH:MM:SS.ffffff` (the column has no time zone; pormg writes UTC); SQLite: the stored text. */
  readonly appliedAt: string;
  readonly status: string;
  readonly isDestructive: boolean;
  readonly formatVersion: number;
}

/** Reads every row of `pormg_migrations` in version order (PormG's read order). */
export async function readProjection(driver: Driver, dialect: HistoryDialect): Promise<ProjectionRow[]> {
  const q = (name: string) => dialect.quoteIdent(name);
  const rows = await driver.query(
    `SELECT ${["id", "version", "name", "checksum", "sql_content"].map(q).join(", ")}, ${dialect.history.appliedAtSelect} AS ${q("applied_at")},
       ${["status", "is_destructive", "format_version"].map(q).join(", ")} FROM ${historyNames(driver, dialect).projection} ORDER BY ${q("version")} ASC`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    version: String(r.version),
    name: String(r.name),
    checksum: String(r.checksum),
    sqlContent: String(r.sql_content ?? ""),
    appliedAt: String(r.applied_at),
    status: String(r.status),
    isDestructive: r.is_destructive === true || Number(r.is_destructive) === 1,
    formatVersion: Number(r.format_version ?? 1),
  }));
}

/**
 * The `applied_at` text a projected row has in `dialect`: an adopted row keeps its original text;
 * an event's UTC ISO time becomes `YYYY-MM-DDTHH:MM:SS.mmm000` on PostgreSQL (a `TIMESTAMP` in UTC)
 * and PormG's `YYYY-MM-DDTHH:MM:SS.mmm+00:00` on SQLite.
 */
export function appliedAtText(dialect: Pick<HistoryDialect, "history">, row: ProjectedRow): string {
  if (row.imported) return row.appliedAt;
  return dialect.history.appliedAtText(new Date(row.appliedAt).toISOString().slice(0, 23));
}

/**
 * Makes `pormg_migrations` hold `row` for `version` (insert or update), or no row when `row` is
 * `null` (delete). One statement; the caller's transaction also holds the event that caused it.
 */
export async function writeProjectionRow(
  tx: Driver,
  dialect: HistoryDialect,
  version: string,
  row: ProjectedRow | null,
): Promise<void> {
  const names = historyNames(tx, dialect);
  if (row === null) {
    await tx.query(dialect.history.deleteProjection(names), [version]);
    return;
  }
  await tx.query(dialect.history.upsertProjection(names), [
    row.version,
    row.name,
    row.checksum,
    row.sqlContent,
    appliedAtText(dialect, row),
    row.status,
    row.isDestructive,
    row.formatVersion,
  ]);
}

/** A ProjectionDifference is the first place the projection and the log disagree. */
export interface ProjectionDifference {
  readonly version: string;
  /** What differs, e.g. `version 20250101000000000: status is "failed", the log says "applied"`. */
  readonly detail: string;
}

/** Compares the rows the log implies with the rows the table holds (ids aside); returns the first difference. */
export function compareProjection(
  dialect: Pick<HistoryDialect, "history">,
  expected: readonly ProjectedRow[],
  actual: readonly ProjectionRow[],
): ProjectionDifference | null {
  return projectionDifferences(dialect, expected, actual)[0] ?? null;
}

/** Every version whose row differs between the log's rows and the table's (ids aside), in version order. */
export function projectionDifferences(
  dialect: Pick<HistoryDialect, "history">,
  expected: readonly ProjectedRow[],
  actual: readonly ProjectionRow[],
): ProjectionDifference[] {
  const actualByVersion = new Map(actual.map((r) => [r.version, r]));
  const expectedVersions = new Set(expected.map((r) => r.version));
  const differences: ProjectionDifference[] = [];
  for (const row of expected) {
    const found = actualByVersion.get(row.version);
    if (found === undefined) {
      differences.push({ version: row.version, detail: `version ${row.version}: row missing, the log has it` });
      continue;
    }
    const appliedAt = appliedAtText(dialect, row);
    // Field by field first; the records (and the first column that differs) only for a row that differs.
    if (
      row.name === found.name &&
      row.checksum === found.checksum &&
      row.sqlContent === found.sqlContent &&
      appliedAt === found.appliedAt &&
      row.status === found.status &&
      row.isDestructive === found.isDestructive &&
      row.formatVersion === found.formatVersion
    )
      continue;
    const want: Record<string, unknown> = {
      name: row.name,
      checksum: row.checksum,
      sql_content: row.sqlContent,
      applied_at: appliedAt,
      status: row.status,
      is_destructive: row.isDestructive,
      format_version: row.formatVersion,
    };
    const got: Record<string, unknown> = {
      name: found.name,
      checksum: found.checksum,
      sql_content: found.sqlContent,
      applied_at: found.appliedAt,
      status: found.status,
      is_destructive: found.isDestructive,
      format_version: found.formatVersion,
    };
    const column = Object.keys(want).find((k) => want[k] !== got[k]);
    if (column !== undefined)
      differences.push({
        version: row.version,
        detail: `version ${row.version}: ${column} is ${show(got[column])}, the log says ${show(want[column])}`,
      });
  }
  for (const row of actual)
    if (!expectedVersions.has(row.version))
      differences.push({ version: row.version, detail: `version ${row.version}: row present, the log has none` });
  return differences.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

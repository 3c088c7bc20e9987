import type { DialectName } from "../core/dialect-name.ts";
import type { Driver } from "../core/driver.ts";
import type { ProjectedRow } from "./fold.ts";
import { historyNames } from "./history-names.ts";

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

const APPLIED_AT_TEXT: Readonly<Record<DialectName, string>> = {
  postgresql: `pg_catalog.to_char("applied_at", 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
  sqlite: `CAST("applied_at" AS TEXT)`,
};

/** Reads every row of `pormg_migrations` in version order (PormG's read order). */
export async function readProjection(driver: Driver): Promise<ProjectionRow[]> {
  const rows = await driver.query(
    `SELECT "id", "version", "name", "checksum", "sql_content", ${APPLIED_AT_TEXT[driver.dialect]} AS "applied_at",
       "status", "is_destructive", "format_version" FROM ${historyNames(driver).projection} ORDER BY "version" ASC`,
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
export function appliedAtText(dialect: DialectName, row: ProjectedRow): string {
  if (row.imported) return row.appliedAt;
  const wall = new Date(row.appliedAt).toISOString().slice(0, 23);
  return dialect === "postgresql" ? `${wall}000` : `${wall}+00:00`;
}

// PostgreSQL parameters are cast from text: the client would parse a `timestamp` parameter through
// a JavaScript Date (local time zone, milliseconds only) and change adopted rows.
const UPSERT: Readonly<Record<DialectName, (projection: string) => string>> = {
  postgresql: (
    projection,
  ) => `INSERT INTO ${projection} ("version", "name", "checksum", "sql_content", "applied_at", "status", "is_destructive", "format_version")
VALUES ($1, $2, $3, $4, $5::pg_catalog.text::timestamp, $6, $7, $8)
ON CONFLICT ("version") DO UPDATE SET "name" = EXCLUDED."name", "checksum" = EXCLUDED."checksum",
  "sql_content" = EXCLUDED."sql_content", "applied_at" = EXCLUDED."applied_at", "status" = EXCLUDED."status",
  "is_destructive" = EXCLUDED."is_destructive", "format_version" = EXCLUDED."format_version"`,
  sqlite: (
    projection,
  ) => `INSERT INTO ${projection} ("version", "name", "checksum", "sql_content", "applied_at", "status", "is_destructive", "format_version")
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT ("version") DO UPDATE SET "name" = excluded."name", "checksum" = excluded."checksum",
  "sql_content" = excluded."sql_content", "applied_at" = excluded."applied_at", "status" = excluded."status",
  "is_destructive" = excluded."is_destructive", "format_version" = excluded."format_version"`,
};

/**
 * Makes `pormg_migrations` hold `row` for `version` (insert or update), or no row when `row` is
 * `null` (delete). One statement; the caller's transaction also holds the event that caused it.
 */
export async function writeProjectionRow(tx: Driver, version: string, row: ProjectedRow | null): Promise<void> {
  if (row === null) {
    const param = tx.dialect === "postgresql" ? "$1" : "?";
    await tx.query(`DELETE FROM ${historyNames(tx).projection} WHERE "version" = ${param}`, [version]);
    return;
  }
  await tx.query(UPSERT[tx.dialect](historyNames(tx).projection), [
    row.version,
    row.name,
    row.checksum,
    row.sqlContent,
    appliedAtText(tx.dialect, row),
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
  dialect: DialectName,
  expected: readonly ProjectedRow[],
  actual: readonly ProjectionRow[],
): ProjectionDifference | null {
  return projectionDifferences(dialect, expected, actual)[0] ?? null;
}

/** Every version whose row differs between the log's rows and the table's (ids aside), in version order. */
export function projectionDifferences(
  dialect: DialectName,
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
    const want: Record<string, unknown> = {
      name: row.name,
      checksum: row.checksum,
      sql_content: row.sqlContent,
      applied_at: appliedAtText(dialect, row),
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

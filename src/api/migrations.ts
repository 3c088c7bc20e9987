/**
 * `Migrations`: the library API, mirroring PormG's names in camelCase. Every function takes a
 * database folder (as `--db` does; its `connection.yml` is loaded with `PORMG_ENV`) or a loaded
 * Config, and returns the data the CLI prints as JSON. The CLI is a thin layer over these.
 */
import { discardPending } from "../plan-file/pending.ts";
import { check as checkOperation, readLive } from "../use-cases/check.ts";
import { type Database, configOf as resolve, type TargetOptions } from "../use-cases/database.ts";
import { dryRun as dryRunOperation } from "../use-cases/dry-run.ts";
import {
  initMigrations as initOperation,
  markMigrationApplied,
  markMigrationFailed,
  removeMigrationRecord as removeOperation,
} from "../use-cases/history-ops.ts";
import { type ImportModelsOptions, importModels as importOperation } from "../use-cases/import-models.ts";
import { type MakemigrationsOptions, makemigrations as makemigrationsOperation } from "../use-cases/makemigrations.ts";
import { type MigrateOptions, migrate as migrateOperation } from "../use-cases/migrate.ts";
import { readModels } from "../use-cases/read-models.ts";
import { status as statusOperation } from "../use-cases/status.ts";

export type { Database, TargetOptions } from "../use-cases/database.ts";

/** Plans models vs database and writes the pending plan (see `pormg makemigrations`). */
export async function makemigrations(db: Database, options: MakemigrationsOptions & TargetOptions = {}) {
  return makemigrationsOperation(resolve(db, options), options);
}

/** Shows the pending plan; `verify: true` runs it where nothing is kept (`verify.sandbox`; see `pormg dry-run`). */
export async function dryRun(db: Database, options: { verify?: boolean } & TargetOptions = {}) {
  return dryRunOperation(resolve(db, options), options);
}

/**
 * Applies the archived plans the database lacks, then the pending plan (or, with `plan: true`, one
 * planned now), and compares the models with the database (see `pormg migrate`): the result's
 * `outcome` is `drift` and `exitCode` 2 when they still differ, unless `allowDrift`.
 */
export function migrate(db: Database, options: MigrateOptions & TargetOptions = {}) {
  return migrateOperation(resolve(db, options), options);
}

/** Migration status and drift signals (see `pormg status`). */
export async function status(db: Database, options: TargetOptions = {}) {
  return statusOperation(resolve(db, options));
}

/** The read-only drift gate (see `pormg check`). */
export async function check(db: Database, options: TargetOptions = {}) {
  return checkOperation(resolve(db, options));
}

/** The schema of the models (`from: "models"`, default) or of the database (see `pormg schema`). */
export async function schema(db: Database, options: { from?: "models" | "db" } & TargetOptions = {}) {
  const config = resolve(db, options);
  if (options.from === "db") return (await readLive(config)).schema;
  return (await readModels(config)).schema;
}

/** Writes a models.ts declaring the database's tables (see `pormg import-models`). */
export function importModels(db: Database, options: ImportModelsOptions & TargetOptions = {}) {
  return importOperation(resolve(db, options), options);
}

/** Bootstraps (or adopts) the history tables (see `pormg init`). */
export function initMigrations(db: Database, options: TargetOptions = {}) {
  return initOperation(resolve(db, options));
}

/** Records a version as applied without running it. */
export function markApplied(
  db: Database,
  input: { version: string; name: string; sqlContent?: string; checksum?: string; reason?: string },
  options: TargetOptions = {},
) {
  return markMigrationApplied(resolve(db, options), { ...input, reason: input.reason ?? "" });
}

/** Records a version as failed. */
export function markFailed(db: Database, input: { version: string; reason?: string }, options: TargetOptions = {}) {
  return markMigrationFailed(resolve(db, options), { ...input, reason: input.reason ?? "" });
}

/** Removes a version's record (its events stay). */
export function removeMigrationRecord(
  db: Database,
  input: { version: string; reason?: string },
  options: TargetOptions = {},
) {
  return removeOperation(resolve(db, options), { ...input, reason: input.reason ?? "" });
}

/** Moves the pending plan aside to `pending_migrations.sql.discarded`; returns its new path. */
export function discardPendingMigration(db: Database, options: TargetOptions = {}) {
  return discardPending(resolve(db, options).folder);
}

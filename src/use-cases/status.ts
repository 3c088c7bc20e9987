import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError } from "../core/errors.ts";
import { targetExists } from "../dialect/connect.ts";
import { type Dialect, dialectNamed, dialects } from "../dialect/dialect.ts";
import { schemaDifferences } from "../diff/differences.ts";
import { fold, type HistoryState, type VersionState } from "../history/fold.ts";
import { summarizeHistory } from "../history/history-summary.ts";
import { historyTablesPresent, schemaExists } from "../history/history-tables.ts";
import { badEvent, verifiedLog } from "../history/verify-history.ts";
import { introspect } from "../introspect/introspect.ts";
import { loadModels } from "../model/load-models.ts";
import { modelSet } from "../model/resolve.ts";
import { planChecksum } from "../plan-file/checksum.ts";
import { executionOrder } from "../plan-file/execution-order.ts";
import { pendingPaths, readPending } from "../plan-file/pending.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import type { LiveSchema } from "../schema/ir.ts";
import { planProgress } from "./deferred-steps.ts";
import { openConfiguredReadonly } from "./open-database.ts";
import { readModels } from "./read-models.ts";
import { alignWithDatabase, withoutTables } from "./read-state.ts";
import { archiveListing, readArchive } from "./release-plans.ts";
import { archivedPending, archiveSignals, type PendingArchived } from "./status-archive.ts";

/** A StatusEntry is one migration in `pormg status`. */
export interface StatusEntry {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string | null;
  readonly isDestructive: boolean;
  readonly error?: string;
  readonly supersededBy?: string;
}

/** StatusResult is `pormg status`: the history, the pending plan, drift signals and the lock holder. */
export interface StatusResult {
  readonly historyTable: boolean;
  readonly applied: readonly StatusEntry[];
  readonly failed: readonly StatusEntry[];
  readonly superseded: readonly StatusEntry[];
  readonly interrupted: readonly StatusEntry[];
  readonly pending: boolean;
  readonly pendingPlan: { readonly version: string; readonly name: string; readonly steps: number } | null;
  /** Archived plans of this dialect the database's history lacks, in the order `migrate` applies them. */
  readonly pendingArchived: readonly PendingArchived[];
  readonly driftSignals: readonly string[];
  readonly lock: null | {
    readonly pid: number | null;
    readonly applicationName: string | null;
    readonly since: string | null;
  };
}

function entry(v: VersionState): StatusEntry {
  const row = v.row;
  const open = v.openAttempt;
  return {
    version: v.version,
    name: row?.name ?? open?.name ?? "",
    checksum: row?.checksum ?? open?.checksum ?? "",
    appliedAt: row?.appliedAt ?? null,
    isDestructive: row?.isDestructive ?? open?.isDestructive ?? false,
  };
}

/**
 * Reports the state of migrations, read-only (it creates nothing): applied, failed, superseded and
 * interrupted versions, the pending plan, the archived plans the database lacks, drift signals and the migration lock's holder.
 */
export async function status(config: Config): Promise<StatusResult> {
  const signals: string[] = [];
  let pendingPlan: StatusResult["pendingPlan"] = null;
  let pendingDocument: PlanDocument | undefined;
  let pending = existsSync(pendingPaths(config.folder).pending);
  try {
    const plan = readPending(config.folder, dialects());
    pendingDocument = plan ?? undefined;
    if (plan) pendingPlan = { version: plan.version, name: plan.name, steps: plan.steps.length };
  } catch (error) {
    pending = true;
    signals.push(`The pending plan cannot be read: ${(error as Error).message}`);
  }
  if (!targetExists(config.target)) {
    signals.push("The database does not exist yet; `pormg migrate` creates it.");
    const pendingArchived = archivedPending(config, fold([]), signals);
    return {
      historyTable: false,
      applied: [],
      failed: [],
      superseded: [],
      interrupted: [],
      pending,
      pendingPlan,
      pendingArchived,
      driftSignals: signals,
      lock: null,
    };
  }
  const db = await openConfiguredReadonly(config);
  const dialect = dialectNamed(config.dialect);
  try {
    const present = await historyTablesPresent(db, dialect);
    const historyTable = present.pormg_migrations && present.pormg_migration_events;
    if (dialect.capabilities.schemas && !(await schemaExists(db, dialect, config.schema)))
      signals.push(
        `The schema "${config.schema}" (schema: in connection.yml) does not exist; create it before \`pormg migrate\`.`,
      );
    if (!present.pormg_migrations && !present.pormg_migration_events)
      signals.push("History table pormg_migrations does not exist. Run `pormg init` to bootstrap.");
    else if (!historyTable)
      signals.push(
        `History table ${present.pormg_migrations ? "pormg_migration_events" : "pormg_migrations"} does not exist ` +
          `(${present.pormg_migrations ? "pormg_migrations" : "pormg_migration_events"} does).`,
      );
    // One verifying read of the log (in one snapshot) serves both the fold and the chain check;
    // one read of the archive serves both the release and the edited-archive check.
    const { result: verified, state } = await verifiedLog(db, dialect);
    const summary = summarizeHistory(state);
    // One listing of the archive serves its plans and the last applied plan's models snapshot.
    const listing = archiveListing(config.folder);
    const archive = readArchive(config.folder, listing);
    const pendingArchived = archivedPending(config, state, signals, archive);
    const applied = summary.applied.map(entry);
    const failed = summary.failed.map((v) => ({ ...entry(v), error: v.failures.at(-1)?.error ?? "" }));
    const superseded = summary.superseded.map((f) => ({
      version: f.version,
      name: f.name,
      checksum: f.checksum,
      appliedAt: null,
      isDestructive: false,
      error: f.error,
      supersededBy: f.supersededBy,
    }));
    const interrupted = summary.interrupted.map(entry);
    if (pending && applied.length > 0)
      signals.push("Pending migrations file exists alongside applied history — review before applying.");
    if (failed.length > 0)
      signals.push(
        `${failed.length} failed migration(s) detected. Investigate and use mark-applied/mark-failed/remove to reconcile.`,
      );
    if (interrupted.length > 0)
      signals.push(
        `${interrupted.length} interrupted migration(s): planned with no outcome (a crash, or a run still going).`,
      );
    for (const v of summary.applied)
      for (const step of v.steps.filter((s) => !s.ok))
        signals.push(
          `Version ${v.version}: the non-transactional step "${step.label}" did not finish (${step.error ?? "failed"}); fix the cause and run \`pormg migrate\` again to resume it.`,
        );
    if (pendingDocument) signals.push(...unrecordedStepSignals(state, pendingDocument));
    signals.push(...(await invalidIndexSignals(db, dialect, config.schema)));
    if (!verified.ok && verified.firstBad)
      signals.push(`The history does not verify: ${badEvent(verified.firstBad)}. Run \`pormg history verify\`.`);
    if (verified.unadoptedRows !== undefined)
      signals.push(
        `pormg_migrations holds ${verified.unadoptedRows} row(s) of a PormG history with no event log yet; \`pormg init\` (or the next migrate) adopts them.`,
      );
    const live = await readSchemaWithoutWaiting(db, dialect, config);
    if ("blocked" in live) signals.push(live.blocked);
    else {
      if (live.schema.tables.length === 0 && applied.length > 0)
        signals.push("No user tables found in database but migrations are recorded — possible external drop.");
      signals.push(...(await modelSignals(config, db, live)));
      const lastSnapshot = summary.lastApplied && snapshotFile(config.folder, summary.lastApplied.version, listing);
      if (lastSnapshot) signals.push(...(await changedSinceSignal(config, db, live, lastSnapshot)));
    }
    signals.push(...archiveSignals(archive, summary.applied));
    return {
      historyTable,
      applied,
      failed,
      superseded,
      interrupted,
      pending,
      pendingPlan,
      pendingArchived,
      driftSignals: signals,
      lock: await lockOf(config, dialect, db),
    };
  } finally {
    await db.close();
  }
}

/** How long `status` waits for a table lock while it reads the schema, unless told otherwise. */
const STATUS_LOCK_WAIT_MS = 1000;

/**
 * Introspects for `status` without queueing behind a migration: on PostgreSQL the catalog read waits
 * at most a second for table locks (or `--lock-timeout`), and a timeout becomes a drift signal that
 * names the sessions holding the tables (a running or waiting `migrate` among them) instead of an error.
 */
async function readSchemaWithoutWaiting(
  db: Driver,
  dialect: Dialect,
  config: Config,
): Promise<LiveSchema | { blocked: string }> {
  if (config.settings.lockTimeoutSeconds === undefined)
    await dialect.introspector.waitForLocksAtMost?.(db, STATUS_LOCK_WAIT_MS);
  try {
    return await introspect(db, dialect, config);
  } catch (error) {
    if (!isPormgError(error, "LOCK_TIMEOUT")) throw error;
    const holders = dialect.introspector.describeLockWait?.(error.details) ?? "held by another session";
    return {
      blocked: `The schema could not be read without waiting: tables are locked (${holders}). A migration may be running; run \`pormg status\` again once it finishes.`,
    };
  }
}

/** Who holds the migration lock, as the dialect's lock part reads it (the advisory lock's session, or a busy lock file). */
async function lockOf(config: Config, dialect: Dialect, db: Driver): Promise<StatusResult["lock"]> {
  const holder = await dialect.lock.holder(db, config);
  return holder && { pid: holder.pid, applicationName: holder.applicationName, since: holder.since };
}

async function modelSignals(config: Config, db: Driver, live: LiveSchema): Promise<string[]> {
  let models: Awaited<ReturnType<typeof readModels>>;
  try {
    models = await readModels(config);
  } catch (error) {
    return [`The models do not load: ${isPormgError(error) ? error.message : String(error)}`];
  }
  const managed = withoutTables(live.schema, models.unmanagedTables);
  const differences = schemaDifferences(
    await alignWithDatabase(db, config, models.schema, managed),
    managed,
    dialectNamed(managed.dialect),
  );
  return differences.length
    ? [`The models differ from the database (${differences.length} difference(s)); run \`pormg check\` for details.`]
    : [];
}

/** The models snapshot archived with `version`, among the archive's files (`listing`, from `archiveListing`). */
function snapshotFile(folder: string, version: string, listing: readonly string[]): string | undefined {
  const file = listing.find((f) => f.startsWith(`${version}_`) && f.endsWith(".models.ts"));
  return file && join(pendingPaths(folder).applied, file);
}

/** Compares the database with the models snapshot archived by the last applied plan. */
async function changedSinceSignal(config: Config, db: Driver, live: LiveSchema, snapshot: string): Promise<string[]> {
  try {
    const { schema, models } = await loadModels(snapshot, dialectNamed(config.dialect));
    // The tables of the snapshot's `managed: false` models are never compared (as in `check`).
    const skip = modelSet(models)
      .entries.filter((e) => !e.managed)
      .map((e) => e.table);
    const managed = withoutTables(live.schema, skip);
    const differences = schemaDifferences(
      await alignWithDatabase(db, config, schema, managed),
      managed,
      dialectNamed(managed.dialect),
    );
    return differences.length
      ? [
          `The database changed since the last applied plan (${differences.length} difference(s) from its models snapshot).`,
        ]
      : [];
  } catch {
    return [];
  }
}

/** Invalid indexes (left by a failed `CREATE INDEX CONCURRENTLY`), which PostgreSQL keeps updating but never uses. */
async function invalidIndexSignals(db: Driver, dialect: Dialect, schema: string): Promise<string[]> {
  const rows = (await dialect.introspector.invalidIndexes?.(db, schema)) ?? [];
  return rows.map(
    (r) =>
      `Index "${r.name}" on "${r.table}" is invalid (a CREATE INDEX CONCURRENTLY failed): drop it with DROP INDEX CONCURRENTLY "${r.name}" and run \`pormg migrate\` again.`,
  );
}

/**
 * Where an applied run of the pending plan stopped without recording why: its first
 * non-transactional step with no `step_applied` event at all (the process died before it finished — a kill, a
 * crash — or the run is still going; MySQL, where every step is one of these, shows the exact
 * step), and how many after it never ran. A step that failed is reported by its own failure instead.
 */
function unrecordedStepSignals(state: HistoryState, plan: PlanDocument): string[] {
  const progress = planProgress(state, plan, planChecksum(plan.steps));
  if (!progress) return [];
  const recorded = new Set((state.versions.get(progress.version)?.steps ?? []).map((s) => s.stepIndex));
  if (progress.unfinished.some((i) => recorded.has(i))) return [];
  const [first, ...rest] = progress.unfinished;
  const step = first === undefined ? undefined : executionOrder(plan.steps)[first];
  if (!step) return [];
  const after = rest.length > 0 ? ` (and ${rest.length} step(s) after it never ran)` : "";
  return [
    `Version ${progress.version}: the non-transactional step "${step.label}" did not finish: the run stopped at it with no outcome recorded (it was interrupted, or is still going)${after}; run \`pormg migrate\` again to resume from it.`,
  ];
}

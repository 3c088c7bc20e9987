import { lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync } from "node:fs";
import { join } from "node:path";
import { PormgError } from "../core/errors.ts";
import { atomicWrite } from "./atomic-write.ts";
import { isHandEdited, planChecksum } from "./checksum.ts";
import { readsLikeDataStep } from "./execution-order.ts";
import type { PlanDocument } from "./plan-document.ts";
import type { PlanFileDialect } from "./plan-file-dialect.ts";
import { readPlan } from "./read-plan.ts";
import { writePlan } from "./write-plan.ts";

/** The files of a database folder's migrations, relative to nothing: absolute or as `folder` was given. */
export interface PendingPaths {
  /** `<folder>/migrations`. */
  readonly migrations: string;
  /** `<folder>/migrations/pending_migrations.sql`, the plan `makemigrations` writes and `migrate` applies. */
  readonly pending: string;
  /** `<folder>/migrations/pending_migrations.sql.discarded`, where an obsolete or discarded plan is moved. */
  readonly discarded: string;
  /** `<folder>/migrations/applied_migrations/`, where applied plans are archived. */
  readonly applied: string;
}

/** The migration file paths of the database folder `folder` (e.g. `db`). */
export function pendingPaths(folder: string): PendingPaths {
  const migrations = join(folder, "migrations");
  const pending = join(migrations, "pending_migrations.sql");
  return { migrations, pending, discarded: `${pending}.discarded`, applied: join(migrations, "applied_migrations") };
}

/**
 * Reads the pending plan of `folder` strictly (`readPlan`); undefined when there is none. A
 * malformed plan throws PormgError `PLAN_MALFORMED`.
 */
export function readPending(folder: string, dialects: readonly PlanFileDialect[]): PlanDocument | undefined {
  const { pending } = pendingPaths(folder);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(pending);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" && !isDanglingLink(pending)) return undefined;
    const why =
      (e as NodeJS.ErrnoException).code === "ENOENT"
        ? `it is a symbolic link to "${readlinkSync(pending)}", which does not exist`
        : (e as Error).message;
    throw new PormgError(
      "PLAN_MALFORMED",
      `Cannot read the pending plan '${pending}': ${why}. Restore the file it points to, or remove the link.`,
      { path: pending },
    );
  }
  return readPlan(bytes, pending, dialects);
}

/** Whether `path` is a symbolic link whose target does not exist. */
function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Writes `doc` as the pending plan of `folder` atomically (a temporary file renamed over it) and
 * returns its path. Refuses with PormgError `PLAN_REFUSED`, changing nothing, when the existing
 * pending plan holds work `makemigrations` cannot regenerate: steps edited or added by hand (its
 * checksum differs from its generated checksum), data steps, or a file that does
 * not read as a plan at all.
 */
export function writePending(folder: string, doc: PlanDocument, dialects: readonly PlanFileDialect[]): string {
  const paths = pendingPaths(folder);
  const text = writePlan(doc, dialects);
  assertReplaceable(folder, paths.pending, dialects);
  mkdirSync(paths.migrations, { recursive: true });
  atomicWrite(paths.pending, text, "pending");
  return paths.pending;
}

/**
 * Moves the pending plan of `folder` aside to `pending_migrations.sql.discarded` (replacing an older
 * discarded plan) and returns the new path; undefined when there is no pending plan.
 */
export function discardPending(folder: string): string | undefined {
  const { pending, discarded } = pendingPaths(folder);
  try {
    renameSync(pending, discarded);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  return discarded;
}

/** Throws PLAN_REFUSED when the pending plan at `path` holds hand-made work; returns when there is none or it is generated. */
function assertReplaceable(folder: string, path: string, dialects: readonly PlanFileDialect[]): void {
  const discard = `\`pormg discard --db ${folder}\``;
  let existing: PlanDocument | undefined;
  try {
    existing = readPending(folder, dialects);
  } catch (e) {
    throw new PormgError(
      "PLAN_REFUSED",
      `The pending plan '${path}' does not read as a plan (${(e as Error).message}), so makemigrations did not overwrite it. Fix it, or move it aside with ${discard}, then run \`pormg makemigrations\` again.`,
      { path },
      { cause: e },
    );
  }
  if (!existing) return;
  const dataSteps = existing.steps.filter((s) => readsLikeDataStep(s.label)).map((s) => s.label);
  if (!isHandEdited(existing) && dataSteps.length === 0) return;
  const held = [
    ...(isHandEdited(existing)
      ? [
          `steps edited by hand (their checksum ${planChecksum(existing.steps).slice(0, 12)}… differs from the ${existing.generatedChecksum.slice(0, 12)}… pormg wrote)`,
        ]
      : []),
    ...(dataSteps.length > 0
      ? [`${dataSteps.length} hand-written data step(s) — ${dataSteps.map((l) => JSON.stringify(l)).join(", ")} —`]
      : []),
  ].join(" and ");
  throw new PormgError(
    "PLAN_REFUSED",
    `The pending plan '${path}' holds ${held}, which makemigrations cannot regenerate, so it did not overwrite the plan. Apply it first with \`pormg migrate\`, or move your steps out of it (or discard it with ${discard}), then run \`pormg makemigrations\` again.`,
    { path, dataSteps, handEdited: isHandEdited(existing) },
  );
}

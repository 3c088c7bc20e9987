import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { connectReadonly } from "../apply/open-readonly.ts";
import type { Config } from "../config/config.ts";
import type { DialectName } from "../core/dialect-name.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed, dialects } from "../dialect/dialect.ts";
import type { HistoryState } from "../history/fold.ts";
import { planChecksum } from "../plan-file/checksum.ts";
import { pendingPaths } from "../plan-file/pending.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import { readPlan } from "../plan-file/read-plan.ts";
import { planProgress } from "./deferred-steps.ts";
import { readHistory } from "./migrate-checks.ts";

/** An ArchivedPlan is one plan file of `migrations/applied_migrations/`, read strictly. */
export interface ArchivedPlan {
  /** The file's path. */
  readonly file: string;
  readonly plan: PlanDocument;
  /** The checksum of its steps as they are in the file now (`planChecksum`). */
  readonly checksum: string;
}

/** The release of a folder: its archived plans of one dialect, in version order, and how many are of another. */
export interface Release {
  readonly plans: readonly ArchivedPlan[];
  /** Archived plans of another dialect: never applied here. */
  readonly otherDialect: readonly ArchivedPlan[];
}

/**
 * Reads the archive of `folder` (every `*.sql` file of `migrations/applied_migrations/`) as the
 * release for `dialect` (docs/design.md §10 "Deploying"): its plans of that dialect sorted by version, each
 * verified against its recorded checksum (`verifyArchived`), and those of another dialect aside.
 * An unreadable file is PLAN_MALFORMED naming it (exit 78); two files of one version with
 * different steps are PLAN_REFUSED (exit 3). Pure apart from reading the files.
 */
export function readRelease(folder: string, dialect: DialectName): Release {
  return releaseOf(readArchive(folder), dialect);
}

/** One `*.sql` file of the archive, read once: its plan, or why it cannot be read. */
export type ArchiveFile =
  | { readonly name: string; readonly read: ArchivedPlan }
  | { readonly name: string; readonly error: unknown };

/** The names of the files in the archive (`migrations/applied_migrations/`), in directory order; none when it does not exist. */
export function archiveListing(folder: string): string[] {
  const dir = pendingPaths(folder).applied;
  return existsSync(dir) ? readdirSync(dir) : [];
}

/**
 * Reads every `*.sql` file of the archive once, in file order (each parsed and checksummed once);
 * `listing` is the archive's `archiveListing`, when the caller already has it.
 */
export function readArchive(folder: string, listing: readonly string[] = archiveListing(folder)): ArchiveFile[] {
  const dir = pendingPaths(folder).applied;
  return listing
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name): ArchiveFile => {
      const file = join(dir, name);
      try {
        const plan = readPlan(readFileSync(file), file, dialects(), { applied: true });
        return { name, read: { file, plan, checksum: planChecksum(plan.steps) } };
      } catch (error) {
        return { name, error };
      }
    });
}

/**
 * Refuses an archived plan whose steps were edited after it was applied (`ARCHIVE_EDITED`, exit 3,
 * naming the file): their checksum must be the `-- pormg-applied-checksum:` that `migrate` wrote
 * when it archived the plan — or, in an archive written before pormg recorded it, the
 * `-- pormg-generated-checksum:` of the plan as generated.
 */
export function verifyArchived(a: ArchivedPlan): void {
  const recorded = a.plan.appliedChecksum ?? a.plan.generatedChecksum;
  if (a.checksum === recorded) return;
  const line = a.plan.appliedChecksum !== undefined ? "-- pormg-applied-checksum:" : "-- pormg-generated-checksum:";
  const older =
    a.plan.appliedChecksum === undefined
      ? " This archive has no `-- pormg-applied-checksum:` line (it predates pormg recording one); if it was edited before it was applied, " +
        "add that line with the checksum the applying database recorded for it (`pormg status --json` there)."
      : "";
  throw new PormgError(
    "ARCHIVE_EDITED",
    `The archived plan ${a.file} was edited after it was applied: its steps' checksum ${a.checksum.slice(0, 12)}… ` +
      `differs from the ${recorded.slice(0, 12)}… recorded in its header (\`${line}\`), so nothing was applied. ` +
      `Restore the file (e.g. \`git checkout -- ${a.file}\`); a change belongs in a new plan (\`pormg makemigrations\`).${older}`,
    { file: a.file, version: a.plan.version, checksum: a.checksum, recorded },
  );
}

/**
 * The archived plans this database's history lacks, in version order: those whose version is not
 * applied and whose checksum no applied version has — and those applied here whose steps that run
 * outside a transaction did not all finish (`migrate` resumes them). An archived plan whose version
 * the history applied with other steps is ARCHIVE_EDITED (exit 3): the archive is not what ran
 * here. Pure.
 */
export function lackingPlans(state: HistoryState, plans: readonly ArchivedPlan[]): ArchivedPlan[] {
  return plans.filter((a) => {
    const v = state.versions.get(a.plan.version);
    const progress = planProgress(state, a.plan, a.checksum);
    if (progress && progress.unfinished.length > 0) return true;
    if (v?.status === "applied") {
      if (v.lastAppliedChecksum !== null && v.lastAppliedChecksum !== a.checksum)
        throw new PormgError(
          "ARCHIVE_EDITED",
          `The archived plan ${a.file} differs from what this database's history applied as version ${a.plan.version} ` +
            `(checksum ${a.checksum.slice(0, 12)}…, the history recorded ${v.lastAppliedChecksum.slice(0, 12)}…), so nothing was applied. ` +
            "Restore the archive from version control, or run `pormg history verify` if the history is in doubt.",
          { file: a.file, version: a.plan.version, checksum: a.checksum, recorded: v.lastAppliedChecksum },
        );
      return false;
    }
    return progress === undefined;
  });
}

/**
 * The archived plans the configured database lacks, read-only (none when the database does not
 * exist yet: then every plan of its dialect). For warnings: an archive `migrate` would refuse
 * counts as lacking nothing here (`migrate` and `status` report it).
 */
export async function lackingInDatabase(config: Config): Promise<ArchivedPlan[]> {
  let release: Release;
  try {
    release = readRelease(config.folder, config.dialect);
  } catch {
    return [];
  }
  if (release.plans.length === 0) return [];
  if (!targetExists(config.target)) return [...release.plans];
  const db = await connectReadonly(config, dialectNamed(config.dialect));
  try {
    return lackingPlans(await readHistory(db), release.plans);
  } catch (error) {
    if (isPormgError(error)) return [];
    throw error;
  } finally {
    await db.close();
  }
}

/**
 * {@link readRelease} over an archive already read, so a caller that also needs the files
 * themselves (`status`) reads the archive once: the first unreadable file refuses the whole
 * archive, then the same checks and errors. Pure.
 */
export function releaseOf(archive: readonly ArchiveFile[], dialect: DialectName): Release {
  const all: ArchivedPlan[] = [];
  for (const f of archive) {
    if ("error" in f) throw f.error;
    all.push(f.read);
  }
  const plans = all.filter((a) => a.plan.dialect === dialect);
  for (const a of plans) verifyArchived(a);
  const byVersion = new Map<string, ArchivedPlan>();
  const unique: ArchivedPlan[] = [];
  for (const a of plans) {
    const seen = byVersion.get(a.plan.version);
    if (!seen) {
      byVersion.set(a.plan.version, a);
      unique.push(a);
    } else if (seen.checksum !== a.checksum)
      throw new PormgError(
        "PLAN_REFUSED",
        `The archive holds two different plans of version ${a.plan.version}: ${seen.file} and ${a.file}. ` +
          "Keep the one that was applied (see `pormg status` on the database that applied it) and remove the other.",
        { files: [seen.file, a.file], version: a.plan.version },
      );
  }
  unique.sort((a, b) => (a.plan.version < b.plan.version ? -1 : a.plan.version > b.plan.version ? 1 : 0));
  return { plans: unique, otherDialect: all.filter((a) => a.plan.dialect !== dialect) };
}

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.ts";
import { isPormgError } from "../core/errors.ts";
import { dialects } from "../dialect/dialect.ts";
import type { HistoryState, VersionState } from "../history/fold.ts";
import { planChecksum } from "../plan-file/checksum.ts";
import { pendingPaths } from "../plan-file/pending.ts";
import { readPlan } from "../plan-file/read-plan.ts";
import { type ArchivedPlan, lackingPlans, releaseOf } from "./release-plans.ts";

/** An archived plan the database lacks, as `status` lists it. */
export interface PendingArchived {
  readonly version: string;
  readonly name: string;
  readonly file: string;
}

/** One `*.sql` file of the archive, read once per `status`: its plan, or why it cannot be read. */
export type ArchiveFile =
  | { readonly name: string; readonly read: ArchivedPlan }
  | { readonly name: string; readonly error: unknown };

/** Reads every `*.sql` file of the archive once, in file order (each parsed and checksummed once). */
export function readArchive(folder: string): ArchiveFile[] {
  const dir = pendingPaths(folder).applied;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
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
 * The archived plans of this dialect the history lacks (`lackingPlans`), which `migrate` applies
 * before the pending plan; an archive `migrate` would refuse (edited, unreadable) is a signal
 * instead, as is an archive that holds only plans of another dialect.
 */
export function archivedPending(
  config: Config,
  state: HistoryState,
  signals: string[],
  archive: readonly ArchiveFile[] = readArchive(config.folder),
): PendingArchived[] {
  try {
    // As readRelease: the first unreadable file refuses the whole archive.
    const unreadable = archive.find((f) => "error" in f);
    if (unreadable && "error" in unreadable) throw unreadable.error;
    const release = releaseOf(
      archive.flatMap((f) => ("read" in f ? [f.read] : [])),
      config.dialect,
    );
    if (release.plans.length === 0 && release.otherDialect.length > 0)
      signals.push(
        `The archive holds only plans of another dialect (${[...new Set(release.otherDialect.map((a) => a.plan.dialect))].join(", ")}); none applies to this ${config.dialect} database.`,
      );
    return lackingPlans(state, release.plans).map((a) => ({
      version: a.plan.version,
      name: a.plan.name,
      file: a.file,
    }));
  } catch (error) {
    if (!isPormgError(error)) throw error;
    signals.push(`migrate would refuse the archive: ${error.message}`);
    return [];
  }
}

/** Archived plans whose checksum differs from what the history recorded for their version. */
export function archiveSignals(archive: readonly ArchiveFile[], applied: readonly VersionState[]): string[] {
  const recorded = new Map(applied.map((v) => [v.version, v.lastAppliedChecksum]));
  const out: string[] = [];
  for (const f of archive) {
    if ("error" in f) {
      out.push(`Archived plan ${f.name} cannot be read: ${(f.error as Error).message}`);
      continue;
    }
    const expected = recorded.get(f.read.plan.version);
    if (expected && expected !== f.read.checksum)
      out.push(
        `Archived plan ${f.name} has checksum ${f.read.checksum.slice(0, 12)}… but the history recorded ${expected.slice(0, 12)}… for it.`,
      );
  }
  return out;
}

import type { Config } from "../config/config.ts";
import { isPormgError } from "../core/errors.ts";
import type { HistoryState, VersionState } from "../history/fold.ts";
import { type ArchiveFile, lackingPlans, readArchive, releaseOf } from "./release-plans.ts";

/** An archived plan the database lacks, as `status` lists it. */
export interface PendingArchived {
  readonly version: string;
  readonly name: string;
  readonly file: string;
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
    const release = releaseOf(archive, config.dialect);
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

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.ts";
import { isPormgError } from "../core/errors.ts";
import { dialects } from "../dialect/dialect.ts";
import type { HistoryState, VersionState } from "../history/fold.ts";
import { planChecksum } from "../plan-file/checksum.ts";
import { pendingPaths } from "../plan-file/pending.ts";
import { readPlan } from "../plan-file/read-plan.ts";
import { lackingPlans, readRelease } from "./release-plans.ts";

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
export function archivedPending(config: Config, state: HistoryState, signals: string[]): PendingArchived[] {
  try {
    const release = readRelease(config.folder, config.dialect);
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
export function archiveSignals(folder: string, applied: readonly VersionState[]): string[] {
  const dir = pendingPaths(folder).applied;
  if (!existsSync(dir)) return [];
  const recorded = new Map(applied.map((v) => [v.version, v.lastAppliedChecksum]));
  const out: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    try {
      const plan = readPlan(readFileSync(join(dir, file)), join(dir, file), dialects(), { applied: true });
      const expected = recorded.get(plan.version);
      if (expected && expected !== planChecksum(plan.steps))
        out.push(
          `Archived plan ${file} has checksum ${planChecksum(plan.steps).slice(0, 12)}… but the history recorded ${expected.slice(0, 12)}… for it.`,
        );
    } catch (error) {
      out.push(`Archived plan ${file} cannot be read: ${(error as Error).message}`);
    }
  }
  return out;
}

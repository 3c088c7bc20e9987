import type { FailureRecord, HistoryState, VersionState } from "./fold.ts";

/** A SupersededFailure is a failure a later applied run resolved. */
export interface SupersededFailure extends FailureRecord {
  readonly version: string;
  /** The version whose applied run resolved it (the same version when a retry succeeded). */
  readonly supersededBy: string;
}

/** A HistorySummary groups a folded history the way `pormg status` reports it. */
export interface HistorySummary {
  /** Versions whose record says applied, in version order. */
  readonly applied: readonly VersionState[];
  /** Versions whose record says failed and that nothing resolved. */
  readonly failed: readonly VersionState[];
  /** Failures a later applied run resolved: failed versions superseded by a later version, and failed runs of versions applied since. */
  readonly superseded: readonly SupersededFailure[];
  /** Versions whose last event is a `planned` with no outcome (a crash, or a run still going). */
  readonly interrupted: readonly VersionState[];
  /** The applied version that sorts last (PormG's "latest applied row"), or `null`. */
  readonly lastApplied: VersionState | null;
}

/** Groups a HistoryState into applied, failed, superseded and interrupted versions. */
export function summarizeHistory(state: HistoryState): HistorySummary {
  const versions = [...state.versions.values()];
  const applied = versions.filter((v) => v.status === "applied");
  const superseded: SupersededFailure[] = [];
  for (const v of versions) {
    if (v.status === "applied")
      for (const f of v.failures)
        if (f.eventId < (v.lastAppliedEventId ?? 0))
          superseded.push({ ...f, version: v.version, supersededBy: v.version });
    if (v.status === "failed" && v.superseded) {
      const failedAt = v.failures.at(-1)?.eventId ?? v.lastEventId;
      const by = applied.find(
        (w) =>
          (w.lastAppliedEventId ?? 0) > failedAt &&
          (w.version > v.version || w.lastAppliedChecksum === v.row?.checksum),
      );
      for (const f of v.failures) superseded.push({ ...f, version: v.version, supersededBy: by?.version ?? "" });
    }
  }
  return {
    applied,
    failed: versions.filter((v) => v.status === "failed" && !v.superseded),
    superseded: superseded.sort((a, b) => a.eventId - b.eventId),
    interrupted: versions.filter((v) => v.interrupted),
    lastApplied: applied.at(-1) ?? null,
  };
}

import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { readEvents } from "../history/event-store.ts";
import { fold, type HistoryState } from "../history/fold.ts";
import { historyTablesPresent } from "../history/history-tables.ts";
import { introspect } from "../introspect/introspect.ts";
import { ABSENT_TABLE, type PlanDocument } from "../plan-file/plan-document.ts";
import type { CountedFinding } from "./count-findings.ts";
import { precheckFix } from "./precheck-hints.ts";
import { liveFingerprint } from "./table-fingerprints.ts";

/** The folded history of the database, or an empty one when the history tables do not exist yet. */
export async function readHistory(db: Driver): Promise<HistoryState> {
  const present = await historyTablesPresent(db, dialectNamed(db.dialect));
  return fold(present.pormg_migration_events ? await readEvents(db, dialectNamed(db.dialect)) : []);
}

/**
 * The version that applied this checksum, if any (idempotency keys on the checksum, as in PormG):
 * the first in version order. The index is built once per folded history (a release of N plans
 * asks N times).
 */
export function appliedWithChecksum(state: HistoryState, checksum: string): string | undefined {
  let index = appliedByChecksum.get(state.versions);
  if (!index) {
    index = new Map();
    for (const v of state.versions.values())
      if (v.status === "applied" && v.lastAppliedChecksum !== null && !index.has(v.lastAppliedChecksum))
        index.set(v.lastAppliedChecksum, v.version);
    appliedByChecksum.set(state.versions, index);
  }
  return index.get(checksum);
}

const appliedByChecksum = new WeakMap<HistoryState["versions"], Map<string, string>>();

/**
 * Refuses a stale plan: every table the plan read must still have the fingerprint the plan recorded
 * (and tables it creates must still be absent). Throws `PLAN_STALE` (exit 3) naming the tables —
 * and, for an archived plan (`archived`: its file), the plan.
 */
export async function assertNotStale(db: Driver, config: Config, plan: PlanDocument, archived?: string): Promise<void> {
  // Only the plan's tables are read: their fingerprints are all the check compares.
  const live = await introspect(db, dialectNamed(db.dialect), {
    schema: config.schema,
    ignoreTables: config.ignoreTables,
    tables: plan.tables.map((t) => t.name),
  });
  const byName = new Map(live.schema.tables.map((t) => [t.name, t]));
  const changed = plan.tables.filter((entry) => {
    const table = byName.get(entry.name);
    return (table ? liveFingerprint(table, live) : ABSENT_TABLE) !== entry.fingerprint;
  });
  if (changed.length === 0) return;
  const tables = changed.map((t) => `"${t.name}"`).join(", ");
  throw new PormgError(
    "PLAN_STALE",
    archived === undefined
      ? `The pending plan is stale: ${tables} changed since it was generated ` +
          `(version ${plan.version}). Run \`pormg makemigrations\` again against this database, review, and migrate.`
      : `The archived plan ${archived} (version ${plan.version}, "${plan.name}") does not fit this database: ${tables} ` +
          "differ from the state the plan was generated against, so the database is not at that plan's starting state " +
          "(changed out of band, or migrated by another release). Nothing of it was applied. Bring the tables back to " +
          "that state, or mark the plan applied with `pormg mark-applied` if the database already has its changes.",
    { tables: changed.map((t) => t.name), version: plan.version, ...(archived !== undefined && { file: archived }) },
  );
}

/**
 * Refuses when a change would fail on existing rows (NOT NULL over NULLs, UNIQUE over duplicates …),
 * with the counts and, per finding, the fix (`precheckFix`: the `Data (pre):` step to paste into
 * the plan at `planPath` and the marked header line, or the models option). Findings marked
 * `handled: "pre"` were counted after the plan's pre steps.
 */
export function assertPrecheck(findings: readonly CountedFinding[], planPath = "the plan"): void {
  const failing = findings.filter((f) => f.kind === "rows" && (f.rows ?? 0) > 0);
  if (failing.length === 0) return;
  const lines = failing.flatMap((f) => [
    `  - ${f.table}${f.column ? `.${f.column}` : ""}: ${f.reason} — ${f.rows} row(s)${f.handled === "pre" ? " after the Data (pre) steps" : ""}`,
    ...precheckFix(f, planPath),
  ]);
  throw new PormgError(
    "PRECHECK_FAILED",
    `The plan would fail on existing rows, so nothing was changed:\n${lines.join("\n")}\n` +
      "Fix the data (a Data (pre) step in the plan, as shown, or by hand), or change the models and run makemigrations again.",
    { findings: failing },
  );
}

/** The statements the destructive guard lists, and its refusal (PormG's message). */
export function destructiveError(statements: readonly string[]): PormgError {
  return new PormgError(
    "DESTRUCTIVE_UNCONFIRMED",
    `Migration contains destructive operation(s). Pass --destructive to confirm.\n${statements.map((s) => `  - ${s}`).join("\n")}`,
    { statements },
  );
}

/**
 * What the Migrations pane says, as display lines: the status, the verify outcome, migrate's
 * outcome and the destructive confirmation (the preview itself is preview-view.ts).
 * Pure: data from the library in, lines out.
 */
import { isPormgError } from "../core/errors.ts";
import type { DryRunResult } from "../use-cases/dry-run.ts";
import type { MigrateResult } from "../use-cases/migrate.ts";
import type { StatusEntry, StatusResult } from "../use-cases/status.ts";
import { type Line, line } from "./lines.ts";

/** How many applied migrations the status block lists (the most recent ones). */
const RECENT = 3;

/** The status block: history table, applied/failed/interrupted, pending plan, lock holder, drift signals. */
export function statusLines(s: StatusResult): Line[] {
  const entry = (e: StatusEntry, what: string) => `    [${e.version}] ${e.name} ${what}`;
  const out: Line[] = [
    s.historyTable
      ? line("History table: ✓ exists", "good")
      : line("History table: ✗ not initialized (press i to create it)", "warn"),
  ];
  out.push(line(`Applied: ${s.applied.length} migration(s)`));
  if (s.applied.length > RECENT) out.push(line(`    … ${s.applied.length - RECENT} older`, "dim"));
  for (const e of s.applied.slice(-RECENT))
    out.push(line(entry(e, `(${e.isDestructive ? "destructive" : "safe"}, ${e.appliedAt ?? "?"})`), "dim"));
  if (s.failed.length > 0) {
    out.push(line(`Failed: ${s.failed.length} migration(s)`, "bad"));
    for (const e of s.failed) out.push(line(entry(e, `— ${e.error ?? ""}`), "bad"));
  }
  if (s.superseded.length > 0) out.push(line(`Superseded failures: ${s.superseded.length}`, "dim"));
  if (s.interrupted.length > 0) {
    out.push(line(`Interrupted: ${s.interrupted.length} (planned, no outcome)`, "warn"));
    for (const e of s.interrupted) out.push(line(entry(e, ""), "warn"));
  }
  const p = s.pendingPlan;
  out.push(
    p
      ? line(`Pending plan: ${p.version} "${p.name}", ${p.steps} step(s) — press d to preview`, "title")
      : line(
          s.pending ? "Pending plan: yes, but it cannot be read" : "Pending plan: none",
          s.pending ? "bad" : "normal",
        ),
  );
  out.push(
    s.lock
      ? line(
          `Lock: held by ${s.lock.pid ? `pid ${s.lock.pid} (${s.lock.applicationName ?? "?"}) since ${s.lock.since ?? "?"}` : "another process"}`,
          "warn",
        )
      : line("Lock: free"),
  );
  if (s.driftSignals.length === 0) out.push(line("Drift signals: none", "good"));
  else {
    out.push(line(`Drift signals: ${s.driftSignals.length}`, "warn"));
    for (const d of s.driftSignals) out.push(line(`  ⚠ ${d}`, "warn"));
  }
  return out;
}

/** The verify outcome (`dry-run --verify`) as lines: the failing statement, the differences, or success. */
export function verifyLines(d: DryRunResult): Line[] {
  const v = d.verify;
  if (!v) return [];
  if (v.failedStatement)
    return [
      line(
        `Verify: ✗ step ${v.failedStatement.stepIndex + 1} (${v.failedStatement.label}) failed: ${v.failedStatement.error}`,
        "bad",
      ),
      line(`    ${v.failedStatement.sql.split("\n")[0] ?? ""}`, "bad"),
    ];
  if (v.differences.length > 0)
    return [
      line(`Verify: ✗ ran ${v.statements} statement(s), but the result differs from the models:`, "bad"),
      ...v.differences.map((x) => line(`    ${x.table}${x.column ? `.${x.column}` : ""}: ${x.what}`, "bad")),
    ];
  return [
    line(
      `Verify: ✓ ran ${v.statements} statement(s) ${v.sandbox === "copy" ? "on a copy" : "and rolled back"}; the result matches the models (${Math.round(v.durationMs)} ms)`,
      "good",
    ),
  ];
}

/** What a dry run says in the messages: the verify outcome with `--verify`, else the statement count. */
export function dryRunMessage(d: DryRunResult): Line {
  if (d.outcome === "nothing_pending") return line(d.verify ? "Verify: nothing pending." : "Dry run: nothing pending.");
  const v = d.verify;
  if (!v) return line(`Dry run: ${d.statements.length} statement(s).`);
  if (v.failedStatement)
    return line(
      `Verify: ✗ failed at step ${v.failedStatement.stepIndex + 1} (${v.failedStatement.label}): ${v.failedStatement.error}`,
      "bad",
    );
  if (v.differences.length > 0)
    return line(
      `Verify: ✗ the plan runs, but the result differs from the models in ${v.differences.length} place(s).`,
      "bad",
    );
  const where = v.sandbox === "copy" ? " on a copy" : ", rolled back";
  return line(`Verify: ✓ succeeded: ran ${v.statements} statement(s)${where}; matches the models.`, "good");
}

/** What migrate did, said truthfully: only `applied` is a success. */
export function migrateOutcomeLine(r: MigrateResult, env: string): Line {
  switch (r.outcome) {
    case "applied":
      // A rerun that finished the steps of an applied plan that had not finished (the plan ran before).
      if (r.resumed) return line(`✓ Resumed ${r.version}: ${r.resumed} step(s) that had not finished ran.`, "good");
      return line(`✓ Applied ${r.version}: ${r.statements} statement(s) in ${r.durationMs ?? "?"} ms.`, "good");
    case "already_applied":
      return line(
        `Already applied: a plan with checksum ${r.checksum?.slice(0, 12)}… is in the history; nothing ran.`,
        "warn",
      );
    case "nothing_pending":
      return line(
        "Nothing pending: nothing was applied. Run `pormg makemigrations` after changing the models.",
        "warn",
      );
    case "declined":
      return line("Declined: nothing was applied.", "warn");
    case "disabled":
      return line(
        `Not applied: environment "${env}" does not allow schema changes (set config: { change_db: true } in connection.yml).`,
        "warn",
      );
    case "drift":
      return line(
        `${r.applied.length > 0 ? `Applied ${r.applied.map((a) => a.version).join(", ")}, but the` : "Nothing applied: the"} models still differ from the database (${r.differences?.length ?? 0} difference(s)); run makemigrations.`,
        "warn",
      );
  }
}

/** A failure of any action as one line: `[CODE] message` for pormg's errors. */
export function errorLine(prefix: string, error: unknown): Line {
  if (isPormgError(error)) return line(`${prefix} [${error.code}] ${error.message}`, "bad");
  return line(`${prefix} ${error instanceof Error ? error.message : String(error)}`, "bad");
}

/**
 * What a failed migrate means for the database: nothing applied, or — when the plan's transaction
 * had committed before a later (non-transactional) step failed — which part ran and how to resume.
 * `stepwise`: the dialect has no transactional DDL, so each step committed on its own (MySQL).
 */
export function migrateFailureLine(error: unknown, stepwise = false): Line {
  const committed = isPormgError(error) && error.details.committed === true;
  if (!committed) return line("Nothing was applied.", "bad");
  return line(
    (stepwise
      ? "Each step commits on its own: the steps before the failed one are applied and recorded, the rest did not run. "
      : "The plan's transaction was committed; the steps from the failed one on did not run. ") +
      "Fix the cause and migrate again (m) to resume from it.",
    "bad",
  );
}

/** The confirmation shown before a destructive plan is applied, naming everything it drops. */
export function confirmLines(items: readonly string[]): Line[] {
  return [
    line("⚠ This plan is destructive. Applying it will:", "danger"),
    ...items.map((i) => line(`  • ${i}`, "danger")),
    line("Data in dropped tables and columns is lost (SQLite files are backed up first).", "warn"),
    line("Press y to apply it (destructive), n or Esc to decline.", "title"),
  ];
}

import { ExitCode } from "../src/core/errors.ts";
import type { TargetLine } from "../src/deploy/targets-file.ts";
import type { CommandResult } from "./result.ts";

/** What one target of `--targets` came to. */
export interface TargetReport {
  /** The command that ran (`migrate`, `status`, `check`). */
  readonly command: string;
  readonly target: TargetLine;
  /** The command's outcome (`applied` …), or `failed` when it ended in an error. */
  readonly outcome: string;
  readonly exitCode: number;
  /** Plans applied (migrate), plans pending (status), differences (check). */
  readonly count: number;
  readonly durationMs: number;
  readonly error?: { readonly code: string; readonly message: string };
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  readonly secrets: readonly string[];
  /** The target's entry in `--json` output. */
  readonly json: Readonly<Record<string, unknown>>;
}

/** The outcomes of `migrate` that leave a target at the release: only these exit 0 under `--targets`. */
const AT_RELEASE = new Set(["applied", "already_applied", "nothing_pending"]);

/** The name of the count column and JSON field of each command. */
const COUNT: Readonly<Record<string, { field: string; column: string }>> = {
  migrate: { field: "plansApplied", column: "plans applied" },
  status: { field: "plansPending", column: "plans pending" },
  check: { field: "differences", column: "differences" },
};

/** Reads one target's command result into a {@link TargetReport}. */
export function targetFacts(
  command: string,
  target: TargetLine,
  result: CommandResult,
  run: { durationMs: number; notes: string[]; warnings: string[]; secrets: string[] },
): TargetReport {
  const data = result.data as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  let outcome: string;
  let count = 0;
  let exitCode = result.exitCode ?? ExitCode.ok;
  if (result.error) outcome = "failed";
  else if (command === "migrate") {
    outcome = String(data.outcome);
    count = Array.isArray(data.applied) ? data.applied.length : outcome === "applied" ? 1 : 0;
    if (!AT_RELEASE.has(outcome) && exitCode === ExitCode.ok) exitCode = ExitCode.refused;
  } else if (command === "status") {
    count = list(data.pendingArchived) + (data.pendingPlan || data.pending === true ? 1 : 0);
    const attention = list(data.failed) + list(data.interrupted) + list(data.driftSignals) > 0;
    outcome = count > 0 ? "pending" : attention ? "attention" : "up_to_date";
  } else {
    count = list(data.differences);
    outcome = data.drift ? "drift" : "agree";
  }
  if (result.error) count = command === "migrate" && Array.isArray(data.applied) ? data.applied.length : 0;
  const error = result.error && { code: result.error.code, message: result.error.message };
  const field = COUNT[command]?.field ?? "count";
  return {
    command,
    target,
    outcome,
    exitCode,
    count,
    durationMs: run.durationMs,
    ...(error && { error }),
    notes: run.notes,
    warnings: run.warnings,
    secrets: run.secrets,
    json: {
      target: target.shown,
      kind: target.kind,
      line: target.line,
      outcome,
      exitCode,
      [field]: count,
      durationMs: run.durationMs,
      error: error ?? null,
      notices: run.notes,
      warnings: run.warnings,
      result: { schema: result.schema, ...data },
    },
  };
}

/** The line printed as a target finishes, with its error, notices and warnings indented below it. */
export function finishedLine(r: TargetReport, done: number, total: number): string {
  const width = String(total).length;
  const mark = r.exitCode === ExitCode.ok ? "✓" : "✗";
  const what = r.error ? `failed (${r.error.code})` : r.outcome;
  const lines = [
    `[${String(done).padStart(width)}/${total}] ${mark} ${r.target.shown}: ${what}, ${r.count} ${unit(r)}, ${r.durationMs} ms`,
    ...differenceLines(r),
    ...r.notes.map((n) => `    ${n}`),
    ...r.warnings.map((w) => `    warning: ${w}`),
    ...(r.error ? [`    error[${r.error.code}]: ${r.error.message}`] : []),
  ];
  return lines.join("\n");
}

/** The first differences a drifting target reports (migrate's `differences`, check's), for the finished line. */
function differenceLines(r: TargetReport): string[] {
  if (r.outcome !== "drift") return [];
  const list = (r.json.result as { differences?: unknown }).differences;
  if (!Array.isArray(list)) return [];
  const shown = (list as { table?: string; column?: string; what?: string }[])
    .slice(0, SHOWN_DIFFERENCES)
    .map((d) => `    ${d.table ?? ""}${d.column ? `.${d.column}` : ""}: ${d.what ?? ""}`);
  const more = list.length - shown.length;
  return more > 0 ? [...shown, `    … and ${more} more (--json lists them all)`] : shown;
}

/** How many differences the finished line of a drifting target shows. */
const SHOWN_DIFFERENCES = 5;

function unit(r: TargetReport): string {
  const column = COUNT[r.command]?.column ?? "";
  return r.count === 1 ? column.replace("plans", "plan").replace("differences", "difference") : column;
}

/** The summary table of a `--targets` run, in the targets file's order, and a closing total. */
export function summaryTable(command: string, reports: readonly TargetReport[], ms: number, parallel: number): string {
  const header = ["target", "outcome", COUNT[command]?.column ?? "count", "duration"];
  const rows = reports.map((r) => [
    r.target.shown,
    r.error ? `failed (${r.error.code})` : r.outcome,
    String(r.count),
    `${r.durationMs} ms`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const format = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 2 || i === 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const tally = new Map<string, number>();
  for (const r of reports) tally.set(r.outcome, (tally.get(r.outcome) ?? 0) + 1);
  const counts = [...tally].map(([outcome, n]) => `${n} ${outcome}`).join(", ");
  const exit = Math.max(ExitCode.ok, ...reports.map((r) => r.exitCode));
  return [
    format(header.map((h) => h.toUpperCase())),
    ...rows.map(format),
    "",
    `${reports.length} target${reports.length === 1 ? "" : "s"}: ${counts}; ${(ms / 1000).toFixed(1)} s with --parallel ${parallel}; exit ${exit}.`,
  ].join("\n");
}

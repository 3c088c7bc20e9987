/**
 * The dry-run preview as display lines: the plan's header, its summary (tables created / altered /
 * rebuilt / dropped and rows at risk, as the engine counts them), the lossy findings and the verify
 * outcome, then the statements grouped under their step labels — each step folded or unfolded,
 * destructive ones red with the reason. Pure.
 */
import type { DryRunResult, DryRunStatement } from "../use-cases/dry-run.ts";
import type { PlanSummary } from "../use-cases/plan-summary.ts";
import { type Line, line, wrapLines } from "./lines.ts";
import { verifyLines } from "./migrations-view.ts";

/** A PreviewStep is one step of the plan with its statements, in execution order. */
export interface PreviewStep {
  readonly label: string;
  readonly statements: readonly DryRunStatement[];
  readonly destructive: boolean;
}

/** The statements grouped by step (consecutive statements with the same label form one step). */
export function previewSteps(d: DryRunResult): PreviewStep[] {
  const out: { label: string; statements: DryRunStatement[] }[] = [];
  for (const s of d.statements) {
    const last = out[out.length - 1];
    if (last && last.label === s.label) last.statements.push(s);
    else out.push({ label: s.label, statements: [s] });
  }
  return out.map((s) => ({ ...s, destructive: s.statements.some((x) => x.destructive) }));
}

/** Folds are which steps are folded and which one is selected (indexes into {@link previewSteps}). */
export interface Folds {
  readonly folded: ReadonlySet<number>;
  readonly selected: number;
}

/** The preview: its wrapped lines, and the row of each step's heading (for moving the selection into view). */
export interface PreviewView {
  readonly lines: readonly Line[];
  readonly stepRows: readonly number[];
}

const named = (what: string, tables: readonly string[]) =>
  tables.length > 0 ? [`${what} ${tables.length} (${tables.join(", ")})`] : [];

/** The summary rows: the tables by what the plan does to them (kinds with none left out), and the rows at risk. */
export function summaryLines(s: PlanSummary): Line[] {
  const tables =
    [
      ...named("created", s.created),
      ...named("altered", s.altered),
      ...named("rebuilt", s.rebuilt),
      ...named("dropped", s.dropped),
    ].join(" · ") || "none";
  const written = s.handWritten > 0 ? ` · ${s.handWritten} hand-written step(s)` : "";
  const uncounted = s.uncounted > 0 ? ` · ${s.uncounted} finding(s) not countable` : "";
  const risky = s.rowsFailing > 0 || s.rowsChanged > 0 || s.uncounted > 0;
  return [
    line(`Tables: ${tables}${written}`, s.dropped.length > 0 ? "warn" : "normal"),
    line(
      `Rows at risk: ${s.rowsFailing} would fail (migrate refuses) · ${s.rowsChanged} value(s) changed${uncounted}`,
      s.rowsFailing > 0 ? "bad" : risky ? "warn" : "good",
    ),
  ];
}

/** The lossy findings and the warnings, one row each. */
function findingLines(d: DryRunResult): Line[] {
  const out: Line[] = [];
  for (const f of d.lossy) {
    const where = `${f.table}${f.column ? `.${f.column}` : ""}: ${f.reason}`;
    // A finding handled by a Data (pre) step is counted after the pre steps.
    const rows =
      f.rows === null
        ? " (not countable)"
        : f.handled === "pre"
          ? ` (handled by a Data (pre) step: ${f.rows} row(s) left, ${f.rowsBefore ?? "?"} now)`
          : ` (${f.rows} row(s) now)`;
    out.push(line(`⚠ ${where}${rows}`, "warn"));
  }
  for (const w of d.warnings) out.push(line(`⚠ ${w}`, "warn"));
  return out;
}

/** The rows of one step: its heading, then (unfolded) its statements with the destructive reasons. */
function stepLines(step: PreviewStep, folded: boolean, selected: boolean): Line[] {
  const n = step.statements.length;
  const mark = `${selected ? "›" : " "}${folded ? "▸" : "▾"} `;
  const tail = `${n} statement${n === 1 ? "" : "s"}${step.destructive ? " · DESTRUCTIVE" : ""}`;
  const heading = line(`${mark}${step.label}  (${tail})`, step.destructive ? "danger" : "title");
  if (folded) return [heading];
  const out = [heading];
  for (const s of step.statements) {
    const [first = "", ...rest] = s.sql.split("\n");
    const head = `${String(s.index).padStart(6)}. `;
    const pad = " ".repeat(head.length);
    const tone = s.destructive ? "danger" : "normal";
    out.push(line(`${head}${first}`, tone));
    for (const more of rest) out.push(line(`${pad}${more}`, tone));
    if (s.destructive) out.push(line(`${pad}↳ destructive: ${s.reason ?? "changes stored data"}`, "danger"));
  }
  return out;
}

/** The preview of a dry run, wrapped to `width`, with the steps folded as `folds` says. */
export function previewView(d: DryRunResult, width: number, folds: Folds): PreviewView {
  if (d.outcome === "nothing_pending")
    return {
      lines: wrapLines(
        [line("Nothing pending. Run `pormg makemigrations` after changing the models.", "dim"), ...findingLines(d)],
        width,
      ),
      stepRows: [],
    };
  const steps = previewSteps(d);
  const destructive = d.statements.filter((s) => s.destructive).length;
  const head: Line[] = [
    line(`Plan ${d.version} "${d.name}" · checksum ${d.checksum?.slice(0, 16)}…`, "title"),
    destructive > 0 || d.destructive
      ? line(`⚠ DESTRUCTIVE: ${destructive} statement(s); migrate asks before applying them`, "danger")
      : line("✓ Safe (no destructive operations)", "good"),
    ...(d.summary ? summaryLines(d.summary) : []),
    ...findingLines(d),
    ...verifyLines(d),
    line(
      `── ${d.statements.length} statement(s) in ${steps.length} step(s): [ ] select · Enter folds · c folds all ──`,
      "dim",
    ),
  ];
  const lines = wrapLines(head, width);
  const stepRows: number[] = [];
  steps.forEach((step, k) => {
    stepRows.push(lines.length);
    lines.push(...wrapLines(stepLines(step, folds.folded.has(k), k === folds.selected), width, "         "));
  });
  return { lines, stepRows };
}

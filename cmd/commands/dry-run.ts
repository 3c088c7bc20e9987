import { relative } from "node:path";
import process from "node:process";
import { Option } from "commander";
import { ExitCode } from "../../src/core/errors.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { productLabel } from "../../src/dialect/product-label.ts";
import { type DryRunResult, type DryRunStatement, dryRun } from "../../src/use-cases/dry-run.ts";
import { colors } from "../colors.ts";
import type { Context } from "../context.ts";
import { lintRows, lintRowsOption } from "../lint-options.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/**
 * `pormg dry-run`: shows the pending plan, changing nothing. `--verify` runs it for real in a
 * transaction that is rolled back (PostgreSQL) or on a scratch copy that is dropped (SQLite: a
 * temporary file; MySQL: a scratch database): exit 1 when a statement fails, 2 when the result
 * does not match the models. Where DDL is not transactional (MySQL), it says that each step
 * commits on its own.
 */
export const dryRunCommand: CommandSpec = {
  name: "dry-run",
  summary: "show every statement of the pending plan, destructive ones flagged; --verify runs it and keeps nothing",
  progress: true,
  options: () => [
    new Option("--verify", "run the plan in a rolled-back transaction (SQLite, MySQL: on a scratch copy) and compare"),
    lintRowsOption(),
  ],
  run: async (ctx: Context): Promise<CommandResult> => {
    const result = await dryRun(ctx.config(), {
      verify: ctx.options.verify === true,
      progress: ctx.progress,
      ...lintRows(ctx),
    });
    ctx.warnings.push(...result.warnings);
    const verify = result.verify;
    const exitCode = !verify
      ? ExitCode.ok
      : !verify.ok && verify.failedStatement
        ? ExitCode.failed
        : verify.ok
          ? ExitCode.ok
          : ExitCode.pending;
    const data = {
      outcome: result.outcome,
      version: result.version ?? null,
      name: result.name ?? null,
      checksum: result.checksum ?? null,
      destructive: result.destructive,
      statements: result.statements,
      lossy: result.lossy,
      verify,
      lint: result.lint ?? null,
    };
    const dialect = dialectNamed(ctx.config().dialect);
    const stepwise = dialect.capabilities.transactionalDdl ? undefined : productLabel(ctx.config());
    return { schema: "pormg.dry-run/1", data, human: describe(result, stepwise), exitCode };
  },
};

/** A statement's lock and findings, indented under it. */
function lintLines(s: DryRunStatement): string[] {
  const pc = colors();
  const lines = s.lock
    ? [
        pc.dim(
          `      lock: ${s.lock}${s.locks.length > 1 ? ` (${s.locks.map((l) => `${l.table}: ${l.mode}`).join(", ")})` : ""}`,
        ),
      ]
    : [];
  for (const f of s.findings) {
    const tag = `${f.severity}[${f.id}]`;
    const colored = f.severity === "error" ? pc.red(tag) : f.severity === "warning" ? pc.yellow(tag) : pc.cyan(tag);
    lines.push(`      ${colored} ${f.reason}`);
  }
  return lines;
}

/** The linter's counts and the sessions that would hold the plan up now. */
function blockerLines(result: DryRunResult): string[] {
  const lint = result.lint;
  if (!lint?.supported) return [];
  const { error, warning, info } = lint.counts;
  const lines = [
    "",
    `lint: ${error} error(s), ${warning} warning(s), ${info} info (tables count as large from ${lint.rowThreshold} estimated rows)`,
  ];
  if (lint.blockers.length === 0)
    lines.push("blockers: none (no long or lock-holding open transaction on the plan's tables)");
  for (const b of lint.blockers) {
    const app = b.applicationName ? ` (${b.applicationName})` : "";
    const holds = b.tables.length ? `, holds ${b.modes.join("/")} on ${b.tables.join(", ")}` : "";
    lines.push(
      `blocker: pid ${b.pid}${app} ${b.state ?? "?"}, transaction open ${b.seconds}s since ${b.transactionStart}${holds}`,
    );
  }
  return lines;
}

/**
 * The text for people; destructive statements red (the flag the dashboard marks them by), outcomes
 * green or red. `stepwise` names the product when its DDL is not transactional (each step commits).
 */
function describe(result: DryRunResult, stepwise: string | undefined): string {
  const pc = colors();
  const shown = relative(process.cwd(), result.path) || result.path;
  if (result.outcome === "nothing_pending") return `No pending plan (${shown}). Run \`pormg makemigrations\` first.`;
  const lines = [
    pc.bold(`Plan ${result.version} "${result.name}" — ${result.statements.length} statement(s)`) +
      (result.destructive ? pc.red(pc.bold(", DESTRUCTIVE")) : ""),
    "",
  ];
  let label = "";
  for (const s of result.statements) {
    if (s.label !== label) {
      label = s.label;
      lines.push(pc.dim(`-- step: ${label}`));
    }
    const mark = s.destructive ? `  [destructive${s.reason ? `: ${s.reason}` : ""}]` : "";
    const sql = s.sql.split("\n").join("\n      ");
    const text = `${String(s.index).padStart(4)}. ${sql}${mark}`;
    lines.push(
      s.destructive
        ? text
            .split("\n")
            .map((l) => pc.red(l))
            .join("\n")
        : text,
    );
    lines.push(...lintLines(s));
  }
  lines.push(...blockerLines(result));
  const open = result.lossy.filter((f) => f.handled !== "pre");
  const handled = result.lossy.filter((f) => f.handled === "pre");
  if (open.length > 0) {
    lines.push("", pc.bold("Changes that can fail on, or change, existing rows:"));
    for (const f of open) {
      const rows = f.rows === null ? "rows not countable" : `${f.rows} row(s) affected now`;
      lines.push(
        `  ${f.kind === "rows" ? "may fail" : "changes values"}: ${f.table}${f.column ? `.${f.column}` : ""}: ${f.reason} (${rows})`,
      );
    }
  }
  if (handled.length > 0) {
    lines.push(
      "",
      pc.bold("Handled by a Data (pre) step (counted after the pre steps, in a transaction rolled back):"),
    );
    for (const f of handled)
      lines.push(
        `  ${f.table}${f.column ? `.${f.column}` : ""}: ${f.reason} (${f.rows} row(s) left after the pre steps, ${f.rowsBefore ?? "?"} now)`,
      );
  }
  if (stepwise !== undefined) lines.push("", ...stepwiseLines(stepwise));
  lines.push("", `checksum: ${result.checksum}`);
  const v = result.verify;
  if (v) {
    if (v.failedStatement)
      lines.push(
        `${pc.red("verify: FAILED")} at statement of step "${v.failedStatement.label}": ${v.failedStatement.error}\n  ${v.failedStatement.sql}`,
      );
    else if (v.ok)
      lines.push(
        `${pc.green("verify: ok")} — ${v.statements} statement(s) ran and the result matches the models (${v.sandbox === "copy" ? "ran on a scratch copy, dropped" : "rolled back"})`,
      );
    else
      lines.push(
        `${pc.yellow("verify:")} the plan runs, but the result differs from the models:`,
        ...v.differences.map((d) => `  ${d.table}${d.column ? `.${d.column}` : ""}: ${d.what}`),
      );
  }
  return lines.join("\n");
}

/** Where DDL is not transactional: what that means for a run of the plan. */
function stepwiseLines(product: string): string[] {
  return [
    `${product} commits every DDL statement, so the steps cannot share a transaction: each commits on its own.`,
    "A failure stops at that step, with the steps before it applied and recorded; `pormg status` shows it,",
    "and the next `pormg migrate` resumes from it.",
  ];
}

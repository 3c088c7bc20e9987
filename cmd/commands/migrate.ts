import { relative } from "node:path";
import process from "node:process";
import { Option } from "commander";
import { MAX_LOCK_RETRIES } from "../../src/config/timeouts.ts";
import { prepareTarget } from "../../src/deploy/prepare-target.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { productLabel } from "../../src/dialect/product-label.ts";
import type { Severity } from "../../src/plan/lint-rules.ts";
import type { MigrateResult } from "../../src/use-cases/migrate.ts";
import { type MigrateReport, migrateReport } from "../../src/use-cases/migrate-report.ts";
import { colors } from "../colors.ts";
import type { Context } from "../context.ts";
import { count, seconds } from "../flags.ts";
import { failOnOption, lintRowsOption } from "../lint-options.ts";
import { confirmDestructive } from "../prompt.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `pormg migrate`: applies the archived plans this database lacks and the pending plan (or, with
 * `--plan`, one planned now) under the migration lock, recording events; exit 2 on drift.
 */
export const migrateCommand: CommandSpec = {
  name: "migrate",
  summary:
    "apply the archived plans this database lacks and the pending plan under the migration lock; exit 2 on drift",
  progress: true,
  options: () => [
    failOnOption(),
    lintRowsOption(),
    new Option("--destructive", "confirm destructive statements (DROP TABLE/COLUMN …)"),
    new Option("--lock-wait <seconds>", "how long to wait for the migration lock")
      .argParser(seconds({ zero: true }))
      .default(30),
    new Option(
      "--lock-retries <n>",
      "PostgreSQL, MySQL: retries of the plan after a statement times out on a table lock (--lock-timeout), with jittered backoff (default 5, or config: lock_retries)",
    ).argParser(count(MAX_LOCK_RETRIES)),
    new Option("--no-backup", "SQLite: skip the VACUUM INTO backup before table rebuilds and destructive steps"),
    new Option("--expect-head <hash>", "refuse unless the event log leads to this head hash (from `history head`)"),
    new Option("--plan", "plan against the live database now and apply that plan (refused when a plan is pending)"),
    new Option("--rename <old=new>", "with --plan: a rename hint, as makemigrations --rename takes it")
      .argParser(collect)
      .default([]),
    new Option("--allow-drift", "exit 0 even when the models still differ from the database afterwards"),
    new Option("--wait <seconds>", "wait up to this long for the server to accept connections (retrying with backoff)")
      .argParser(seconds({ zero: true }))
      .default(0),
    new Option(
      "--create-database",
      "create the server's database (PostgreSQL, MySQL) or the SQLite file and its folder when missing",
    ),
  ],
  run: async (ctx: Context): Promise<CommandResult> => {
    const o = ctx.options;
    const renames = o.rename as string[];
    const onNotice = (message: string) => ctx.notice(message);
    const progress = ctx.progress;
    const unready = await prepareTarget(ctx.config(), {
      waitSeconds: o.wait as number,
      createDatabase: o.createDatabase === true,
      onNotice,
    });
    const report: MigrateReport = unready
      ? { outcome: "refused", exitCode: unready.exitCode, applied: [], error: unready }
      : await migrateReport(ctx.config(), {
          destructive: o.destructive === true,
          lockWaitSeconds: o.lockWait as number,
          ...(typeof o.lockRetries === "number" && { lockRetries: o.lockRetries }),
          backup: o.backup !== false,
          plan: o.plan === true,
          ...(renames.length > 0 && { renames }),
          allowDrift: o.allowDrift === true,
          ...(typeof o.failOn === "string" && { failOn: o.failOn as Severity }),
          ...(typeof o.lintRows === "number" && { lintRowThreshold: o.lintRows }),
          ...(typeof o.expectHead === "string" && { expectHead: o.expectHead }),
          ...(ctx.interactive && { confirm: confirmDestructive }),
          onNotice,
          progress,
        });
    const applied = report.applied;
    // Where DDL is not transactional (MySQL), each step is its own unit: the text says so.
    const stepwise = dialectNamed(ctx.config().dialect).capabilities.transactionalDdl
      ? undefined
      : productLabel(ctx.config());
    if (report.result) {
      const r = report.result;
      return {
        schema: "pormg.migrate/1",
        data: data(r),
        human: describe(r, stepwise !== undefined),
        exitCode: r.exitCode,
      };
    }
    const error = report.error as NonNullable<typeof report.error>;
    const { code, message } = error;
    const plan = (error.details.migration ?? {}) as { version?: string; checksum?: string; statements?: number };
    const before = applied.length > 0 ? `${appliedLines(applied, stepwise !== undefined)}\n` : "";
    return {
      schema: "pormg.migrate/1",
      data: {
        outcome: report.outcome,
        version: plan.version ?? null,
        checksum: plan.checksum ?? null,
        statements: plan.statements ?? 0,
        applied,
        error: { code, message, details: error.details },
      },
      human:
        before +
        colors().red(
          error.details.committed === true
            ? stepwise !== undefined
              ? `${stepwise} commits each step on its own: the steps before the failed one are applied and recorded, the rest did not run (\`pormg status\` shows where it stopped). Fix the cause and run \`pormg migrate\` again to resume from it.`
              : "The plan's transaction was committed; the steps from the failed one on did not run. Fix the cause and run `pormg migrate` again to resume from it."
            : typeof error.details.failedEvent === "number"
              ? `${applied.length > 0 ? "The plan after those was not applied" : "Nothing was applied"}; the history records the failure (event ${error.details.failedEvent}).`
              : applied.length > 0
                ? "Nothing after those was applied."
                : "Nothing was applied.",
        ),
      error,
      exitCode: report.exitCode,
    };
  },
};

function data(r: MigrateResult): Record<string, unknown> {
  return {
    outcome: r.outcome,
    version: r.version ?? null,
    checksum: r.checksum ?? null,
    statements: r.statements,
    destructive: r.destructive,
    archived: r.archived ?? null,
    backup: r.backup ?? null,
    durationMs: r.durationMs ?? null,
    resumed: r.resumed ?? 0,
    lockRetries: r.applied.reduce((sum, a) => sum + a.lockRetries, 0) + (r.resumed ? (r.lockRetries ?? 0) : 0),
    applied: r.applied,
    differences: r.differences ?? null,
    notes: r.notes,
  };
}

const shown = (p: string) => relative(process.cwd(), p) || p;

const SOURCE = { archive: "from the archive", pending: "the pending plan", generated: "planned now" } as const;

/** One line per applied plan; `stepwise`: each step committed on its own (no transactional DDL). */
function appliedLines(applied: MigrateResult["applied"], stepwise: boolean): string {
  const pc = colors();
  return applied
    .map(
      (a) =>
        `${pc.green("Applied")} ${a.version} "${a.name}" (${SOURCE[a.source]}, ${a.statements} statement(s) in ${a.durationMs} ms${stepwise ? ", each step committed on its own" : ""}${a.lockRetries > 0 ? `, after ${a.lockRetries} lock retry(s)` : ""})` +
        `${a.archived && a.source !== "archive" ? `; archived to ${shown(a.archived)}` : ""}.`,
    )
    .join("\n");
}

function differenceLines(r: MigrateResult): string {
  return (r.differences ?? []).map((d) => `  ${d.table}${d.column ? `.${d.column}` : ""}: ${d.what}`).join("\n");
}

function describe(r: MigrateResult, stepwise: boolean): string {
  const lines = r.applied.length > 0 ? [appliedLines(r.applied, stepwise)] : [];
  const drift = (r.differences ?? []).length;
  switch (r.outcome) {
    case "applied":
      if (r.resumed)
        lines.push(
          `Resumed ${r.version}: ${r.resumed} step(s) that run outside a transaction finished; archived to ${shown(r.archived ?? "")}.`,
        );
      break;
    case "already_applied":
      lines.push(
        r.checksum
          ? `Already applied: a plan with checksum ${r.checksum.slice(0, 12)}… is in the history; nothing to do.`
          : "Already applied: every archived plan is in the history; nothing to do.",
      );
      break;
    case "nothing_pending":
      lines.push("Nothing pending. Run `pormg makemigrations` after changing the models.");
      break;
    case "disabled":
      lines.push("The database is not set to change_db, so the migration plan will not be applied.");
      break;
    case "declined":
      lines.push(colors().red("Declined: nothing was applied."));
      break;
    case "drift":
      lines.push(
        colors().yellow(
          `${r.applied.length > 0 ? "Applied, but the" : "The"} models differ from the database (${drift} difference(s)):`,
        ),
        differenceLines(r),
        "Run `pormg makemigrations`, review the plan and `pormg migrate` (or `pormg migrate --plan`); `--allow-drift` accepts the difference.",
      );
      break;
  }
  if (r.outcome !== "drift" && drift > 0)
    lines.push(
      `The models differ from the database (${drift} difference(s), allowed by --allow-drift):`,
      differenceLines(r),
    );
  return lines.join("\n");
}

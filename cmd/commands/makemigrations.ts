import { relative } from "node:path";
import process from "node:process";
import { Option } from "commander";
import { ExitCode, isPormgError } from "../../src/core/errors.ts";
import { lintSummary } from "../../src/use-cases/lint-plan.ts";
import { makemigrations } from "../../src/use-cases/makemigrations.ts";
import type { Context } from "../context.ts";
import { terminalRenameResolver } from "../prompt.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * `pormg makemigrations`: plans models vs database and writes `migrations/pending_migrations.sql`.
 * `--check` writes nothing and exits 2 when a plan would be written (a CI gate); `--empty` writes
 * a data-migration template instead of planning.
 */
export const makemigrationsCommand: CommandSpec = {
  name: "makemigrations",
  summary: "plan the difference between the models and the database into migrations/pending_migrations.sql",
  options: () => [
    new Option("--name <name>", "the migration's name").default("migration"),
    new Option("--rename <old=new>", "a rename: old=new (table), table.old=table.new (column), old= (not a rename)")
      .argParser(collect)
      .default([]),
    new Option("--check", "write nothing; exit 2 when a plan would be written"),
    new Option(
      "--no-online",
      "PostgreSQL: write the blocking forms, not the online variants (CONCURRENTLY, NOT VALID + VALIDATE) on tables that hold rows",
    ),
    new Option("--empty", "write a data-migration template: one Data (post) step to fill in, no schema change"),
  ],
  run: async (ctx: Context): Promise<CommandResult> => {
    const check = ctx.options.check === true;
    try {
      const result = await makemigrations(ctx.config(), {
        name: String(ctx.options.name),
        renames: ctx.options.rename as string[],
        check,
        empty: ctx.options.empty === true,
        ...(ctx.options.online === false && { online: false }),
        ...(ctx.interactive && { resolver: terminalRenameResolver }),
      });
      ctx.warnings.push(...result.warnings);
      const data = {
        outcome: result.outcome,
        version: result.version ?? null,
        path: result.path ?? null,
        steps: result.steps,
        destructive: result.destructive,
        lossy: result.lossy,
        discarded: result.discarded ?? null,
        lint: result.lint?.counts ?? null,
      };
      return {
        schema: "pormg.makemigrations/1",
        data,
        human: describe(result, ctx.options.empty === true),
        exitCode: check && result.outcome === "pending" ? ExitCode.pending : ExitCode.ok,
      };
    } catch (error) {
      if (!isPormgError(error) || error.exitCode !== ExitCode.refused) throw error;
      return {
        schema: "pormg.makemigrations/1",
        data: { outcome: "refused", error: { code: error.code, message: error.message, details: error.details } },
        human: "Nothing was written.",
        error,
        exitCode: error.exitCode,
      };
    }
  },
};

function describe(result: Awaited<ReturnType<typeof makemigrations>>, empty: boolean): string {
  const shown = (path: string) => relative(process.cwd(), path) || path;
  const labels = result.planSteps.map((s) => `  ${s.destructive ? "!" : "-"} ${s.label}`);
  const lossy = result.lossy.map(
    (f) =>
      `  ${f.kind === "rows" ? "may fail on rows" : "changes values"}: ${f.table}${f.column ? `.${f.column}` : ""}: ${f.reason}`,
  );
  switch (result.outcome) {
    case "nothing_to_do":
      return `No changes: the database matches the models.${result.discarded ? `\nThe obsolete pending plan was moved to ${shown(result.discarded)}.` : ""}`;
    case "pending":
      return [
        `A plan of ${result.steps} step(s) would be written:`,
        ...labels,
        ...lossyBlock(lossy),
        ...lintLine(result),
      ].join("\n");
    case "written":
      if (empty)
        return [
          `Wrote the data-migration template ${shown(result.path ?? "")} (version ${result.version}):`,
          ...labels,
          "",
          "Replace its placeholder statement with the data change, then run `pormg dry-run` and `pormg migrate`.",
        ].join("\n");
      return [
        `Wrote ${shown(result.path ?? "")} (version ${result.version}, ${result.steps} step(s)${result.destructive ? ", destructive" : ""}):`,
        ...labels,
        ...lossyBlock(lossy),
        ...lintLine(result),
        "",
        "Review it, then run `pormg dry-run` and `pormg migrate`.",
      ].join("\n");
  }
}

function lintLine(result: Awaited<ReturnType<typeof makemigrations>>): string[] {
  const line = result.lint ? lintSummary(result.lint) : undefined;
  return line ? ["", line] : [];
}

function lossyBlock(lines: string[]): string[] {
  return lines.length
    ? ["", "Changes that can fail on, or change, existing rows (see `pormg dry-run` for counts):", ...lines]
    : [];
}

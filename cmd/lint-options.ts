import { InvalidArgumentError, Option } from "commander";
import { SEVERITIES, type Severity } from "../src/plan/lint-rules.ts";
import type { Context } from "./context.ts";

/** `--lint-rows <n>`: the row estimate from which the linter counts a table as large (docs/lint.md). */
export function lintRowsOption(): Option {
  return new Option(
    "--lint-rows <n>",
    "lint: estimated rows from which a table counts as large (default 10000)",
  ).argParser((text: string) => {
    if (!/^\s*\d+\s*$/.test(text)) throw new InvalidArgumentError("expected a whole number of rows from 0.");
    return Number(text);
  });
}

/** `--fail-on <severity>`: migrate refuses (LINT_FAILED, exit 3) when a finding is at or above it. */
export function failOnOption(): Option {
  return new Option("--fail-on <severity>", "refuse the plan when a lint finding is at or above this severity").choices(
    SEVERITIES as Severity[],
  );
}

/** The `rowThreshold` option for the lint, when `--lint-rows` was given. */
export function lintRows(ctx: Context): { rowThreshold?: number } {
  const rows = ctx.options.lintRows;
  return typeof rows === "number" ? { rowThreshold: rows } : {};
}
